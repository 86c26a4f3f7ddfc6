import { assertCancellable, assertReschedule, assertSessionPlan, durationMinutes, sessionDeliveryMode, type SessionState } from './session.rules';

const now = new Date('2026-05-01T09:00:00Z');
const plan = { startsAt: new Date('2026-06-01T09:00:00Z'), endsAt: new Date('2026-06-01T12:30:00Z'), capacity: 20, venue: 'Lakeside Centre, Enfield' };
const scheduled: SessionState = { status: 'scheduled', startsAt: plan.startsAt, endsAt: plan.endsAt, capacity: 20, confirmedPlaces: 12 };

describe('scheduling a session', () => {
  it('accepts a future session with places and a venue', () => {
    expect(() => assertSessionPlan(plan, now)).not.toThrow();
    expect(durationMinutes(plan)).toBe(210);
  });

  it('refuses sessions in the past, ending before they start, without places or without a location', () => {
    expect(() => assertSessionPlan({ ...plan, startsAt: new Date('2026-04-01T09:00:00Z') }, now)).toThrow(expect.objectContaining({ code: 'session-in-the-past' }));
    expect(() => assertSessionPlan({ ...plan, endsAt: plan.startsAt }, now)).toThrow(/end after it starts/);
    expect(() => assertSessionPlan({ ...plan, capacity: -1 }, now)).toThrow(/at least one place/);
    expect(() => assertSessionPlan({ ...plan, venue: null }, now)).toThrow(/venue, an online link/);
  });

  it('derives the delivery mode from venue and link', () => {
    expect(sessionDeliveryMode({ venue: 'Hall' })).toBe('IN_PERSON');
    expect(sessionDeliveryMode({ onlineLink: 'https://teams' })).toBe('ONLINE');
    expect(sessionDeliveryMode({ venue: 'Hall', onlineLink: 'https://teams' })).toBe('HYBRID');
  });
});

describe('changing a session', () => {
  it('never lowers capacity below confirmed bookings', () => {
    expect(() => assertReschedule(scheduled, { ...plan, capacity: 11 }, now)).toThrow(expect.objectContaining({ code: 'capacity-below-bookings' }));
    expect(() => assertReschedule(scheduled, { ...plan, capacity: 12 }, now)).not.toThrow();
  });

  it('cancels only scheduled sessions that have not started', () => {
    expect(() => assertCancellable(scheduled, now)).not.toThrow();
    expect(() => assertCancellable({ ...scheduled, status: 'delivered' }, now)).toThrow(/delivered/);
    expect(() => assertCancellable(scheduled, new Date('2026-06-01T10:00:00Z'))).toThrow(/already started/);
  });
});
