/**
 * Calendar days as ISO text (YYYY-MM-DD). Organisation validity, hub activity and successions are
 * dated to the day, so the domain works with days, never instants.
 */
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `valid_from` of a membership that dates from before any recorded date (the column's default). */
export const BEGINNING_OF_RECORDS = '0001-01-01';

export function isCalendarDay(text: string): boolean {
  const match = ISO_DAY.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The day before, e.g. 2026-03-31 for 2026-04-01. */
export function dayBefore(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}

/** The day after, e.g. 2022-07-01 for 2022-06-30. */
export function dayAfter(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/** Today in UTC (England's dates are close enough to UTC for "as of" defaults). */
export function today(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** Whether `day` falls in [from, to], either end open when absent (both inclusive). */
export function withinDays(day: string, from: string | null | undefined, to: string | null | undefined): boolean {
  return (!from || from <= day) && (!to || day <= to);
}
