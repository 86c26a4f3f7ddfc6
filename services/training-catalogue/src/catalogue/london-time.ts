import { CatalogueRuleError } from './catalogue-rule.error';

/** Sessions are arranged in England's civil time. */
export const LONDON = 'Europe/London';

const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;
const londonFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

/** The Europe/London wall-clock time of an instant, as `YYYY-MM-DDTHH:mm`. */
export function londonWallTime(instant: Date): string {
  const part = (type: string) => londonFormat.formatToParts(instant).find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}`;
}

/**
 * The instant of a Europe/London wall-clock time such as `2026-03-10T09:30`. In the hour the
 * clocks go back the earlier (BST) instant is meant; a time in the hour the clocks go forward does
 * not exist and is refused.
 */
export function instantOfLondonWallTime(wallTime: string, field = 'time'): Date {
  const match = WALL_TIME.exec(wallTime);
  if (!match) throw new CatalogueRuleError('invalid-local-time', 'invalid', `${field} must be a Europe/London local time like 2026-03-10T09:30, not "${wallTime}"`);
  const [year, month, day, hour, minute] = match.slice(1).map(Number);
  const naive = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(naive);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59) {
    throw new CatalogueRuleError('invalid-local-time', 'invalid', `${field} "${wallTime}" is not a real date and time`);
  }
  for (const offsetMinutes of [60, 0]) {
    const instant = new Date(naive - offsetMinutes * 60_000);
    if (londonWallTime(instant) === wallTime) return instant;
  }
  throw new CatalogueRuleError('nonexistent-local-time', 'invalid', `${field} ${wallTime} does not exist in Europe/London: the clocks go forward then`);
}
