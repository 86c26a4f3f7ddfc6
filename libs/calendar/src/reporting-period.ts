import { londonDateOf } from './london-day';

/**
 * NHS reporting periods: halves of the financial year (1 April–31 March). H1 runs 1 April–30
 * September, H2 1 October–31 March, keyed like `2025-26-H1`. An event belongs to the period of
 * the day it happened on in England (its `ce_time` as a Europe/London date), not when it arrived.
 */
export type Half = 'H1' | 'H2';

export interface ReportingPeriod {
  /** e.g. `2025-26-H1`. */
  key: string;
  /** Financial year as the NHS writes it, e.g. `2025/26`. */
  financialYear: string;
  half: Half;
  /** First day, ISO date. */
  start: string;
  /** Last day, ISO date (inclusive). */
  end: string;
}

export class InvalidReportingPeriod extends Error {
  constructor(key: string) {
    super(`"${key}" is not a reporting period; write it like 2025-26-H1 (H1 = 1 April–30 September, H2 = 1 October–31 March)`);
    this.name = 'InvalidReportingPeriod';
  }
}

const KEY = /^(\d{4})-(\d{2})-(H1|H2)$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The period of the financial year starting 1 April `startYear`. */
export function reportingPeriod(startYear: number, half: Half): ReportingPeriod {
  const endYear = startYear + 1;
  const yy = String(endYear % 100).padStart(2, '0');
  return {
    key: `${startYear}-${yy}-${half}`,
    financialYear: `${startYear}/${yy}`,
    half,
    start: half === 'H1' ? `${startYear}-04-01` : `${startYear}-10-01`,
    end: half === 'H1' ? `${startYear}-09-30` : `${endYear}-03-31`,
  };
}

/** The period a calendar date (ISO) falls in. */
export function periodOfDate(isoDate: string): ReportingPeriod {
  const match = ISO_DATE.exec(isoDate);
  if (!match) throw new Error(`"${isoDate}" is not an ISO date`);
  const year = Number(match[1]);
  const month = Number(match[2]);
  if (month >= 4 && month <= 9) return reportingPeriod(year, 'H1');
  return month >= 10 ? reportingPeriod(year, 'H2') : reportingPeriod(year - 1, 'H2');
}

/** The period an event that happened at `instant` counts towards. */
export function periodOfInstant(instant: Date): ReportingPeriod {
  return periodOfDate(londonDateOf(instant));
}

/** The period a key names; throws `InvalidReportingPeriod` for anything else. */
export function parseReportingPeriod(key: string): ReportingPeriod {
  const match = KEY.exec(key);
  if (!match) throw new InvalidReportingPeriod(key);
  const startYear = Number(match[1]);
  if ((startYear + 1) % 100 !== Number(match[2])) throw new InvalidReportingPeriod(key);
  return reportingPeriod(startYear, match[3] as Half);
}

/** The financial year (`2025/26`) a period belongs to. */
export function financialYearOf(period: ReportingPeriod): string {
  return period.financialYear;
}
