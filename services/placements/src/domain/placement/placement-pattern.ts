import { daysInclusive, isCalendarDay, type CalendarDay } from '../calendar-day';
import { PlacementsRuleBroken } from '../placements-rule.error';

/** Full time is ten sessions (half days) a week, 1.0 whole-time equivalent (37.5 hours). */
export const FULL_TIME_SESSIONS = 10;

/** When and how much a learner is on placement. */
export interface PlacementPattern {
  startDate: CalendarDay;
  endDate: CalendarDay;
  /** Whole-time equivalent in hundredths: 100 = full time, 60 = 0.6 WTE. */
  wteHundredths: number;
  /** Sessions (half days) a week, 1 to 10. */
  sessionsPerWeek: number;
}

export interface PlacementPatternInput {
  startDate: CalendarDay;
  endDate: CalendarDay;
  wteHundredths?: number;
  sessionsPerWeek?: number;
}

/**
 * A placement pattern from dates and a time commitment given as WTE, sessions a week or both;
 * the one left out is derived (10 sessions = 1.0 WTE). Refuses impossible dates and commitments.
 */
export function placementPattern(input: PlacementPatternInput): PlacementPattern {
  const { startDate, endDate } = input;
  if (!isCalendarDay(startDate) || !isCalendarDay(endDate)) {
    throw new PlacementsRuleBroken('invalid-dates', `Placement dates must be calendar days (YYYY-MM-DD); got ${startDate} to ${endDate}.`);
  }
  if (endDate < startDate) {
    throw new PlacementsRuleBroken('invalid-dates', `A placement cannot end (${endDate}) before it starts (${startDate}).`);
  }
  let { wteHundredths, sessionsPerWeek } = input;
  if (wteHundredths === undefined && sessionsPerWeek === undefined) {
    throw new PlacementsRuleBroken('missing-time-commitment', 'Give the whole-time equivalent (wteHundredths) or the sessions per week.');
  }
  if (wteHundredths !== undefined && (!Number.isInteger(wteHundredths) || wteHundredths < 1 || wteHundredths > 100)) {
    throw new PlacementsRuleBroken('invalid-time-commitment', `Whole-time equivalent must be 1 to 100 hundredths; got ${wteHundredths}.`);
  }
  if (sessionsPerWeek !== undefined && (!Number.isInteger(sessionsPerWeek) || sessionsPerWeek < 1 || sessionsPerWeek > FULL_TIME_SESSIONS)) {
    throw new PlacementsRuleBroken('invalid-time-commitment', `Sessions per week must be 1 to ${FULL_TIME_SESSIONS}; got ${sessionsPerWeek}.`);
  }
  wteHundredths ??= (sessionsPerWeek as number) * (100 / FULL_TIME_SESSIONS);
  sessionsPerWeek ??= Math.max(1, Math.round((wteHundredths * FULL_TIME_SESSIONS) / 100));
  return { startDate, endDate, wteHundredths, sessionsPerWeek };
}

/** Calendar weeks on placement: days from start to end, both included, over 7 (as the contract says). */
export function calendarWeeks(pattern: Pick<PlacementPattern, 'startDate' | 'endDate'>): number {
  return daysInclusive(pattern.startDate, pattern.endDate) / 7;
}

/** Weeks weighted by whole-time equivalent: calendar weeks × WTE. */
export function wteWeightedWeeks(pattern: PlacementPattern): number {
  return (calendarWeeks(pattern) * pattern.wteHundredths) / 100;
}

/** Where a placement's dates sit against today (TIS PlacementStatus), derived and never stored. */
export type PlacementTimeStatus = 'past' | 'current' | 'future';

export function timeStatusOf(pattern: Pick<PlacementPattern, 'startDate' | 'endDate'>, today: CalendarDay): PlacementTimeStatus {
  if (today < pattern.startDate) return 'future';
  if (today > pattern.endDate) return 'past';
  return 'current';
}
