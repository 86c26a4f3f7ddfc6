import type { SessionState } from '../sessions/session.rules';
import { assertBookingCancellable, attendanceOutcome, placeBooking, promoteFromWaitlist } from './booking.rules';

const now = new Date('2026-05-01T09:00:00Z');
const session = (overrides: Partial<SessionState> = {}): SessionState => ({
  status: 'scheduled',
  startsAt: new Date('2026-06-01T09:00:00Z'),
  endsAt: new Date('2026-06-01T12:00:00Z'),
  capacity: 3,
  confirmedPlaces: 0,
  ...overrides,
});

describe('booking a place', () => {
  it('confirms a place while the session has one free', () => {
    expect(placeBooking(session({ confirmedPlaces: 2 }), now, false)).toBe('confirmed');
  });

  it('puts the learner on the waiting list when the session is full, never over capacity', () => {
    expect(placeBooking(session({ confirmedPlaces: 3 }), now, false)).toBe('waitlisted');
  });

  it('refuses a second booking of the same learner', () => {
    expect(() => placeBooking(session(), now, true)).toThrow(expect.objectContaining({ code: 'already-booked', kind: 'conflict' }));
  });

  it('refuses bookings on cancelled, delivered or started sessions', () => {
    expect(() => placeBooking(session({ status: 'cancelled' }), now, false)).toThrow(/cancelled and takes no bookings/);
    expect(() => placeBooking(session({ status: 'delivered' }), now, false)).toThrow(/delivered/);
    expect(() => placeBooking(session({ startsAt: now }), now, false)).toThrow(/already started/);
  });
});

describe('waiting-list promotion', () => {
  it('gives freed places to the earliest waiting bookings', () => {
    expect(promoteFromWaitlist(session({ confirmedPlaces: 1 }), ['first', 'second', 'third'])).toEqual(['first', 'second']);
  });

  it('promotes nobody when the session is still full or no longer scheduled', () => {
    expect(promoteFromWaitlist(session({ confirmedPlaces: 3 }), ['first'])).toEqual([]);
    expect(promoteFromWaitlist(session({ status: 'cancelled' }), ['first'])).toEqual([]);
  });
});

describe('cancelling and attendance', () => {
  it('cancels active bookings only', () => {
    expect(() => assertBookingCancellable('confirmed')).not.toThrow();
    expect(() => assertBookingCancellable('waitlisted')).not.toThrow();
    expect(() => assertBookingCancellable('attended')).toThrow(/attended and cannot be cancelled/);
  });

  it('records attendance for confirmed places and refuses it for the waiting list', () => {
    expect(attendanceOutcome('confirmed', true)).toBe('attended');
    expect(attendanceOutcome('attended', false)).toBe('did_not_attend');
    expect(() => attendanceOutcome('waitlisted', true)).toThrow(/confirmed bookings only/);
  });
});
