import type { CalendarDay } from '../calendar-day';
import { PlacementsRuleBroken } from '../placements-rule.error';

/** Places a learning environment declared for one learner type in one period, and how many learners hold one. */
export interface PlacementCapacity {
  places: number;
  placesFilled: number;
  startsOn: CalendarDay;
  endsOn: CalendarDay;
  period: string;
}

export function checkDeclaredPlaces(places: number): void {
  if (!Number.isInteger(places) || places < 1 || places > 500) {
    throw new PlacementsRuleBroken('invalid-places', `Declared places must be a whole number from 1 to 500; got ${places}.`);
  }
}

/** Refuses dates outside the period the capacity was declared for. */
export function assertWithinPeriod(capacity: PlacementCapacity, startDate: CalendarDay, endDate: CalendarDay): void {
  if (startDate < capacity.startsOn || endDate > capacity.endsOn) {
    throw new PlacementsRuleBroken(
      'outside-capacity-period',
      `The placement (${startDate} to ${endDate}) is outside the capacity's period ${capacity.period} (${capacity.startsOn} to ${capacity.endsOn}).`,
    );
  }
}

/** One more learner takes a place; refuses when every declared place is taken. Returns the new count. */
export function takePlace(capacity: PlacementCapacity): number {
  if (capacity.placesFilled >= capacity.places) {
    throw new PlacementsRuleBroken(
      'no-place-left',
      `All ${capacity.places} declared places for ${capacity.period} are filled; the learning environment cannot hold more learners than it declared.`,
      'conflict',
    );
  }
  return capacity.placesFilled + 1;
}

/** A learner leaves before completing (cancelled or withdrawn): the place is free again. */
export function releasePlace(capacity: PlacementCapacity): number {
  return Math.max(0, capacity.placesFilled - 1);
}
