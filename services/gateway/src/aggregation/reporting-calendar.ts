/**
 * NHS reporting calendar as the aggregated reads use it: the financial year runs 1 April to
 * 31 March (`2025-26`), split into the KPI reporting halves H1 (April–September) and H2
 * (October–March), e.g. `2025-26-H2`.
 */
export function financialYearOf(day: string): string {
  const [year, month] = day.split('-').map(Number);
  const start = month >= 4 ? year : year - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

export function reportingPeriodOf(day: string): string {
  const month = Number(day.split('-')[1]);
  return `${financialYearOf(day)}-${month >= 4 && month <= 9 ? 'H1' : 'H2'}`;
}

/** Today's date in England (Europe/London), as YYYY-MM-DD. */
export function londonToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
