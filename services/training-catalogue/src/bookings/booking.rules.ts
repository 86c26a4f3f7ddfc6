import { CatalogueRuleError } from '../catalogue/catalogue-rule.error';
import type { SessionState } from '../sessions/session.rules';

export type BookingStatus = 'confirmed' | 'waitlisted' | 'cancelled' | 'attended' | 'did_not_attend';

/** Bookings that hold, or wait for, a place. */
export const ACTIVE_BOOKING_STATUSES: readonly BookingStatus[] = ['confirmed', 'waitlisted'];

/**
 * Where a new booking goes: a confirmed place while the session has one free, else the waiting
 * list. Only a scheduled session that has not started takes bookings; a learner books a session once.
 */
export function placeBooking(session: SessionState, now: Date, learnerAlreadyBooked: boolean): 'confirmed' | 'waitlisted' {
  if (session.status !== 'scheduled') {
    throw new CatalogueRuleError('session-not-bookable', 'conflict', `The session is ${session.status} and takes no bookings`);
  }
  if (session.startsAt.getTime() <= now.getTime()) {
    throw new CatalogueRuleError('session-not-bookable', 'conflict', 'The session has already started and takes no bookings');
  }
  if (learnerAlreadyBooked) {
    throw new CatalogueRuleError('already-booked', 'conflict', 'The learner already has a booking or a waiting-list place on this session');
  }
  return session.confirmedPlaces < session.capacity ? 'confirmed' : 'waitlisted';
}

/** Free places of a session. */
export function freePlaces(session: Pick<SessionState, 'capacity' | 'confirmedPlaces'>): number {
  return Math.max(0, session.capacity - session.confirmedPlaces);
}

/**
 * The waiting-list bookings that get the places now free, first come first served. `waitlist`
 * is in the order the bookings were made.
 */
export function promoteFromWaitlist<T>(session: Pick<SessionState, 'capacity' | 'confirmedPlaces' | 'status'>, waitlist: readonly T[]): T[] {
  if (session.status !== 'scheduled') return [];
  return waitlist.slice(0, freePlaces(session));
}

/** A booking can be cancelled while it holds or waits for a place. */
export function assertBookingCancellable(status: BookingStatus): void {
  if (!ACTIVE_BOOKING_STATUSES.includes(status)) {
    throw new CatalogueRuleError('booking-not-active', 'conflict', `The booking is ${status.replace(/_/g, ' ')} and cannot be cancelled`);
  }
}

/** Attendance is recorded for confirmed places only (attended / did not attend may be corrected). */
export function attendanceOutcome(status: BookingStatus, attended: boolean): 'attended' | 'did_not_attend' {
  if (status !== 'confirmed' && status !== 'attended' && status !== 'did_not_attend') {
    throw new CatalogueRuleError('booking-not-confirmed', 'conflict', `Attendance is recorded for confirmed bookings only; this one is ${status}`);
  }
  return attended ? 'attended' : 'did_not_attend';
}
