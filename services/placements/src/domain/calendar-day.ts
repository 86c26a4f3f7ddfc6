/**
 * Calendar days as ISO text (YYYY-MM-DD), the form Postgres `date` columns and the API use. ISO
 * days compare correctly as strings.
 */
export type CalendarDay = string;

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export function isCalendarDay(value: string): boolean {
  const match = ISO_DAY.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The calendar day (UTC) of an instant. */
export function calendarDayOf(instant: Date): CalendarDay {
  return instant.toISOString().slice(0, 10);
}

/** Days from `first` to `last`, both included: 1 when they are the same day. */
export function daysInclusive(first: CalendarDay, last: CalendarDay): number {
  return Math.round((Date.parse(`${last}T00:00:00Z`) - Date.parse(`${first}T00:00:00Z`)) / MS_PER_DAY) + 1;
}

/** The day before `day`. */
export function dayBefore(day: CalendarDay): CalendarDay {
  return calendarDayOf(new Date(Date.parse(`${day}T00:00:00Z`) - MS_PER_DAY));
}

/** True when [first, last] lies within [from, to] (both inclusive; `to` undefined is open-ended). */
export function withinDays(first: CalendarDay, last: CalendarDay, from: CalendarDay, to?: CalendarDay): boolean {
  return first >= from && (to === undefined || last <= to);
}
