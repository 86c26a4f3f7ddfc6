/**
 * England's civil calendar. Records are dated in Europe/London (GMT in winter, BST in summer):
 * a day-only fact (a GP's start date, a retention outcome) happened on its London day, and an
 * instant (a session's start) belongs to the London day it fell on.
 */
export const LONDON = 'Europe/London';

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const londonDate = new Intl.DateTimeFormat('en-CA', { timeZone: LONDON, year: 'numeric', month: '2-digit', day: '2-digit' });
const londonClock = new Intl.DateTimeFormat('en-GB', { timeZone: LONDON, hourCycle: 'h23', hour: '2-digit', minute: '2-digit' });

/** The calendar date in England of an instant, ISO `YYYY-MM-DD`. */
export function londonDateOf(instant: Date): string {
  return londonDate.format(instant);
}

/** Today's date in England. */
export function londonToday(now: Date = new Date()): string {
  return londonDateOf(now);
}

/** Whether a text is a real calendar day written `YYYY-MM-DD`. */
export function isCalendarDay(text: string): boolean {
  const match = ISO_DAY.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The instant a London day begins: midnight in England (23:00 UTC the evening before in summer).
 * The occurrence time (`ce_time`) of a day-only fact, so it maps back to the same London day.
 */
export function startOfLondonDay(isoDay: string): Date {
  if (!isCalendarDay(isoDay)) throw new RangeError(`"${isoDay}" is not a calendar day written YYYY-MM-DD`);
  const utcMidnight = Date.parse(`${isoDay}T00:00:00Z`);
  // England is UTC or UTC+1, and at midnight never in a clock change (they happen at 01:00 UTC).
  for (const offsetHours of [1, 0]) {
    const instant = new Date(utcMidnight - offsetHours * 3_600_000);
    if (londonDateOf(instant) === isoDay && londonClock.format(instant) === '00:00') return instant;
  }
  throw new RangeError(`no London midnight found for ${isoDay}`);
}
