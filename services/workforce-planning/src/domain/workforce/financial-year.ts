import { WorkforceRuleBroken } from '../workforce-rule.error';

/** An NHS financial year, 1 April to 31 March, written "2025-26". */
export interface FinancialYear {
  code: string;
  startsOn: string;
  endsOn: string;
}

const FINANCIAL_YEAR = /^(\d{4})-(\d{2})$/;

export function financialYear(code: string): FinancialYear {
  const match = FINANCIAL_YEAR.exec(code);
  const start = match ? Number(match[1]) : NaN;
  if (!match || Number(match[2]) !== (start + 1) % 100) {
    throw new WorkforceRuleBroken('invalid-financial-year', `"${code}" is not an NHS financial year; write it as YYYY-YY, e.g. 2025-26.`);
  }
  return { code, startsOn: `${start}-04-01`, endsOn: `${start + 1}-03-31` };
}

/** The financial year a day falls in: 2025-03-31 → 2024-25, 2025-04-01 → 2025-26. */
export function financialYearOf(day: string): FinancialYear {
  const year = Number(day.slice(0, 4));
  const start = day.slice(5) >= '04-01' ? year : year - 1;
  return financialYear(`${start}-${String((start + 1) % 100).padStart(2, '0')}`);
}
