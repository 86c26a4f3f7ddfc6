import type { SessionState } from './session.rules';
import { deliver } from './session-delivery.rules';

const session: SessionState = {
  status: 'scheduled',
  startsAt: new Date('2026-06-01T09:00:00Z'),
  endsAt: new Date('2026-06-01T12:00:00Z'),
  capacity: 10,
  confirmedPlaces: 4,
};
const after = new Date('2026-06-01T13:00:00Z');

describe('completing a session', () => {
  it('counts participants by profession, did-not-attends and CPD minutes delivered', () => {
    const delivery = deliver(
      session,
      [
        { status: 'attended', profession: 'NURSE' },
        { status: 'attended', profession: 'PHARMACIST' },
        { status: 'attended', profession: 'NURSE' },
        { status: 'did_not_attend', profession: 'GP' },
        { status: 'cancelled', profession: 'GP' },
      ],
      after,
    );
    expect(delivery).toEqual({
      deliveredAt: session.startsAt,
      durationMinutes: 180,
      participants: 3,
      participantsByProfession: [
        { profession: 'NURSE', participants: 2 },
        { profession: 'PHARMACIST', participants: 1 },
      ],
      bookings: 4,
      didNotAttend: 1,
      cpdMinutesDelivered: 540,
    });
  });

  it('refuses while attendance of a confirmed place is missing', () => {
    expect(() => deliver(session, [{ status: 'confirmed', profession: 'GP' }], after)).toThrow(expect.objectContaining({ code: 'attendance-not-recorded' }));
  });

  it('refuses a session that has not taken place or is not scheduled', () => {
    expect(() => deliver(session, [], new Date('2026-05-31T09:00:00Z'))).toThrow(/only once it has taken place/);
    expect(() => deliver({ ...session, status: 'delivered' }, [], after)).toThrow(/delivered and cannot be completed/);
  });
});
