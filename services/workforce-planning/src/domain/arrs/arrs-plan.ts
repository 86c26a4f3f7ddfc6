import type { FinancialYear } from '../workforce/financial-year';
import type { FteHundredths } from '../workforce/fte';
import { WorkforceRuleBroken } from '../workforce-rule.error';
import { arrsRoleFor, type ArrsRoleReference } from './arrs-role';

/** One ARRS role in a PCN's plan for a financial year. */
export interface ArrsPlanLine {
  role: string;
  inPostFteHundredths: FteHundredths;
  plannedFteHundredths: FteHundredths;
  plannedClaimPence: number;
}

/**
 * Checks a PCN's plan: one line per role, every role in the scheme that year, and no planned
 * claim above the role's maximum reimbursement for the planned FTE.
 */
export function checkArrsPlan(lines: readonly ArrsPlanLine[], roles: readonly ArrsRoleReference[], year: FinancialYear): void {
  if (lines.length === 0) throw new WorkforceRuleBroken('empty-arrs-plan', 'An ARRS plan needs at least one role.');
  const seen = new Set<string>();
  for (const line of lines) {
    if (seen.has(line.role)) throw new WorkforceRuleBroken('duplicate-arrs-role', `ARRS role ${line.role} appears more than once in the plan; give one line per role.`);
    seen.add(line.role);
    const role = arrsRoleFor(roles, line.role, year);
    const maxPerFte = role.maxReimbursementPenceByYear[year.code];
    if (maxPerFte !== undefined) {
      const maxClaim = Math.floor((maxPerFte * line.plannedFteHundredths) / 100);
      if (line.plannedClaimPence > maxClaim) {
        throw new WorkforceRuleBroken(
          'claim-above-maximum-reimbursement',
          `The planned claim for ${line.role} (${line.plannedClaimPence} pence) is above the maximum reimbursement of ${maxClaim} pence for ${line.plannedFteHundredths / 100} FTE in ${year.code}.`,
        );
      }
    }
  }
}

/**
 * The day an ARRS plan is judged on (ADR 0022): whether its PCN is in the hub's area, and which
 * ICB it belongs to. A plan is for a financial year, so it is judged on the first day of that
 * year on which the hub operated: 1 April, or the hub's first day when the hub started later in
 * that year. ICB boundaries change on 1 April, so that day's ICB is the ICB of the whole year, and
 * every revision of a year's plan is judged alike whenever it is submitted (a 2025-26 revision
 * sent after the April 2026 mergers still belongs to the ICB of 2025-26). The submission itself
 * is the event's occurrence (ce_time of ArrsPlanSubmitted).
 */
export function arrsPlanJudgedOn(year: FinancialYear, hubActiveFrom: string | null): string {
  return hubActiveFrom !== null && hubActiveFrom > year.startsOn && hubActiveFrom <= year.endsOn ? hubActiveFrom : year.startsOn;
}

/** An ARRS-funded post recorded against a PCN. */
export interface ArrsPost {
  pcnOdsCode: string;
  icbCode: string;
  role: string;
  fteHundredths: FteHundredths;
  startedOn: string;
  leftOn: string | null;
}

/** The latest plan of a PCN for a year. */
export interface SubmittedPlan {
  pcnOdsCode: string;
  icbCode: string;
  financialYear: string;
  lines: readonly ArrsPlanLine[];
}

export type PlanVsActualGrouping = 'pcn' | 'icb' | 'role';

export interface PlanVsActualRow {
  /** The PCN ODS code, ICB code or ARRS role the row is for. */
  group: string;
  financialYear: string;
  plannedFteHundredths: FteHundredths;
  actualFteHundredths: FteHundredths;
  /** Actual less planned: negative when recruitment is behind plan. */
  varianceFteHundredths: FteHundredths;
}

/** True when the post is filled on the day (started, and not yet left: the last working day counts). */
export function inPostOn(post: ArrsPost, day: string): boolean {
  return post.startedOn <= day && (post.leftOn === null || post.leftOn >= day);
}

/**
 * Plan against actual for a financial year: planned FTE from each PCN's latest plan, actual FTE
 * of ARRS posts in post on the `asOf` day (the year's last day, or today while the year runs),
 * grouped by PCN, ICB or role.
 */
export function planVsActual(plans: readonly SubmittedPlan[], posts: readonly ArrsPost[], year: FinancialYear, grouping: PlanVsActualGrouping, asOf: string): PlanVsActualRow[] {
  const day = asOf < year.endsOn ? asOf : year.endsOn;
  const rows = new Map<string, PlanVsActualRow>();
  const row = (group: string) => {
    let found = rows.get(group);
    if (!found) {
      found = { group, financialYear: year.code, plannedFteHundredths: 0, actualFteHundredths: 0, varianceFteHundredths: 0 };
      rows.set(group, found);
    }
    return found;
  };
  const groupOf = (pcnOdsCode: string, icbCode: string, role: string) => (grouping === 'pcn' ? pcnOdsCode : grouping === 'icb' ? icbCode : role);
  for (const plan of plans.filter((p) => p.financialYear === year.code)) {
    for (const line of plan.lines) row(groupOf(plan.pcnOdsCode, plan.icbCode, line.role)).plannedFteHundredths += line.plannedFteHundredths;
  }
  for (const post of posts.filter((p) => inPostOn(p, day))) row(groupOf(post.pcnOdsCode, post.icbCode, post.role)).actualFteHundredths += post.fteHundredths;
  return [...rows.values()]
    .map((r) => ({ ...r, varianceFteHundredths: r.actualFteHundredths - r.plannedFteHundredths }))
    .sort((a, b) => a.group.localeCompare(b.group));
}
