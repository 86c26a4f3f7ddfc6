import { assertDeliveredSessionRecord, type LearnerAttendance } from './delivered-session.rules';
import { assertSessionPlan } from './session.rules';

const now = new Date('2025-10-15T09:00:00Z');
const plan = { startsAt: new Date('2020-06-10T08:30:00Z'), endsAt: new Date('2020-06-10T11:30:00Z'), capacity: 3, venue: 'Lakeside Centre, Enfield' };
const A = '7c1f7c2e-2f7b-4d8e-9a51-0d2f4a6b8c01';
const B = '7c1f7c2e-2f7b-4d8e-9a51-0d2f4a6b8c02';
const C = '7c1f7c2e-2f7b-4d8e-9a51-0d2f4a6b8c03';
const D = '7c1f7c2e-2f7b-4d8e-9a51-0d2f4a6b8c04';
const attendance: LearnerAttendance[] = [
  { learnerId: A, attended: true },
  { learnerId: B, attended: false },
];

describe('entering a session that already took place', () => {
  it('accepts a session that has ended, with each learner once and no more than its places', () => {
    expect(() => assertDeliveredSessionRecord(plan, attendance, now)).not.toThrow();
    expect(() => assertDeliveredSessionRecord(plan, [...attendance, { learnerId: C, attended: true }], now)).not.toThrow();
    // It ended exactly now: it has ended.
    expect(() => assertDeliveredSessionRecord({ ...plan, endsAt: now }, attendance, now)).not.toThrow();
  });

  it('refuses a session still to come or still running: session-not-yet-ended', () => {
    const future = { ...plan, startsAt: new Date('2025-11-01T09:00:00Z'), endsAt: new Date('2025-11-01T12:00:00Z') };
    expect(() => assertDeliveredSessionRecord(future, attendance, now)).toThrow(expect.objectContaining({ code: 'session-not-yet-ended', kind: 'invalid' }));
    const running = { ...plan, startsAt: new Date('2025-10-15T08:00:00Z'), endsAt: new Date('2025-10-15T10:00:00Z') };
    expect(() => assertDeliveredSessionRecord(running, attendance, now)).toThrow(/ends at 2025-10-15T11:00 Europe\/London/);
  });

  it('refuses a learner listed twice, whatever the case of the id: duplicate-learner', () => {
    const twice = [...attendance, { learnerId: A.toUpperCase(), attended: false }];
    expect(() => assertDeliveredSessionRecord(plan, twice, now)).toThrow(expect.objectContaining({ code: 'duplicate-learner', kind: 'invalid' }));
  });

  it('refuses more learners than places: attendance-over-capacity', () => {
    const four = [A, B, C, D].map((learnerId) => ({ learnerId, attended: true }));
    expect(() => assertDeliveredSessionRecord(plan, four, now)).toThrow(expect.objectContaining({ code: 'attendance-over-capacity', kind: 'invalid' }));
    expect(() => assertDeliveredSessionRecord({ ...plan, capacity: 4 }, four, now)).not.toThrow();
  });

  it('keeps the rules of any session: it ends after it starts, has a place and a location', () => {
    expect(() => assertDeliveredSessionRecord({ ...plan, endsAt: plan.startsAt }, attendance, now)).toThrow(expect.objectContaining({ code: 'session-ends-before-it-starts' }));
    expect(() => assertDeliveredSessionRecord({ ...plan, capacity: 0 }, [], now)).toThrow(expect.objectContaining({ code: 'invalid-capacity' }));
    expect(() => assertDeliveredSessionRecord({ ...plan, venue: null }, attendance, now)).toThrow(expect.objectContaining({ code: 'session-without-location' }));
  });

  it('leaves scheduling for the future: the same past session is refused there, pointing to the delivered-sessions route', () => {
    expect(() => assertSessionPlan(plan, now)).toThrow(expect.objectContaining({ code: 'session-in-the-past', message: expect.stringContaining('/delivered-sessions') }));
  });
});
