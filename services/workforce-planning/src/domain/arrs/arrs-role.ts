import type { FinancialYear } from '../workforce/financial-year';
import { WorkforceRuleBroken } from '../workforce-rule.error';

/**
 * One ARRS role as reference data: the scheme adds roles and changes caps most years, so roles
 * are dated data (seeded by migration), never a list in code.
 */
export interface ArrsRoleReference {
  code: string;
  name: string;
  validFrom: string;
  validTo: string | null;
  /** Highest Agenda for Change band reimbursable, e.g. "4"; null when the scheme sets none. */
  afcBandCap: string | null;
  /** Maximum reimbursement per whole-time equivalent for a financial year, in pence, by "2025-26". */
  maxReimbursementPenceByYear: Record<string, number>;
}

/** True when the role is part of the scheme for any day of the financial year. */
export function availableIn(role: ArrsRoleReference, year: FinancialYear): boolean {
  return role.validFrom <= year.endsOn && (role.validTo === null || role.validTo >= year.startsOn);
}

/** The role of that code that the scheme covers in the year; a clear refusal otherwise. */
export function arrsRoleFor(roles: readonly ArrsRoleReference[], code: string, year: FinancialYear): ArrsRoleReference {
  const role = roles.find((r) => r.code === code && availableIn(r, year));
  if (!role) {
    const known = roles.some((r) => r.code === code);
    throw new WorkforceRuleBroken(
      'arrs-role-not-available',
      known ? `ARRS role ${code} is not part of the scheme in ${year.code}.` : `${code} is not an ARRS role; see /api/v1/workforce/arrs-roles.`,
    );
  }
  return role;
}
