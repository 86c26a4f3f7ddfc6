import { isCalendarDay } from '@traininghubs/calendar';
import type { CalendarDay } from './calendar-day';
import { PlacementsRuleBroken } from './placements-rule.error';

/**
 * The London day a placement fact happened (an offer made, a learner placed, a placement ended):
 * the day given, or today when none is; never after today, because a record is made once the
 * thing has happened. `field` names the request field in the problem.
 */
export function occurrenceDay(field: string, day: CalendarDay | undefined, today: CalendarDay): CalendarDay {
  const value = day ?? today;
  if (!isCalendarDay(value)) {
    throw new PlacementsRuleBroken('invalid-dates', `${field} must be a calendar day (YYYY-MM-DD); got ${value}.`);
  }
  assertNotInTheFuture(field, value, today);
  return value;
}

/** Refuses a day after today (in England): 422 `date-in-the-future`. */
export function assertNotInTheFuture(field: string, day: CalendarDay, today: CalendarDay): void {
  if (day > today) {
    throw new PlacementsRuleBroken('date-in-the-future', `${field} (${day}) is after today (${today}, Europe/London): record it once it has happened.`);
  }
}

/** A learner is placed on or after the day the placement was offered (unknown for offers recorded before offered_on was kept). */
export function assertFilledOnOrAfterOffer(offeredOn: CalendarDay | null, filledOn: CalendarDay): void {
  if (offeredOn !== null && filledOn < offeredOn) {
    throw new PlacementsRuleBroken('filled-before-offered', `filledOn (${filledOn}) is before the placement was offered (${offeredOn}).`);
  }
}
