/** A calendar day as YYYY-MM-DD, or undefined when the text is not one. */
function calendarDay(year: number, month: number, day: number): string | undefined {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return date.toISOString().slice(0, 10);
}

/** The last calendar day of the month a day falls in: 2024-02-10 → 2024-02-29. */
export function monthEndOf(day: string): string {
  const [year, month] = day.split('-').map(Number);
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

/** True when the day is the last calendar day of its month (the GPW snapshot day). */
export function isMonthEnd(day: string): boolean {
  return monthEndOf(day) === day;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/**
 * A day as the GPW files and their users write it: 2025-09-30, 30/09/2025 or 30SEP2025
 * (case-insensitive). Undefined when the text is none of these or not a real day.
 */
export function readDay(text: string): string | undefined {
  const value = text.trim().toUpperCase();
  let match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (match) return calendarDay(Number(match[1]), Number(match[2]), Number(match[3]));
  match = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(value);
  if (match) return calendarDay(Number(match[3]), Number(match[2]), Number(match[1]));
  match = /^(\d{2})([A-Z]{3})(\d{4})$/.exec(value);
  if (match && MONTHS.includes(match[2])) return calendarDay(Number(match[3]), MONTHS.indexOf(match[2]) + 1, Number(match[1]));
  return undefined;
}

/** "2025-09" → "2025-09-30"; undefined when the text is not a month. */
export function monthEndOfMonth(month: string): string | undefined {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) return undefined;
  const first = calendarDay(Number(match[1]), Number(match[2]), 1);
  return first ? monthEndOf(first) : undefined;
}
