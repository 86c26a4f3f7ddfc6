import { cpdTotals, programmeCompleted, type AttendedSession } from './cpd-record.rules';

const attended = (overrides: Partial<AttendedSession>): AttendedSession => ({
  courseId: 'c1',
  courseTitle: 'Leadership programme',
  courseFormat: 'PROGRAMME',
  sessionId: 's1',
  startsAt: new Date('2026-06-01T09:00:00Z'),
  durationMinutes: 180,
  accreditationBody: 'RCGP',
  creditsPerHour: 1,
  ...overrides,
});

describe("a learner's CPD record", () => {
  it('adds hours, and hours and credits by scheme', () => {
    const totals = cpdTotals([
      attended({ sessionId: 's1' }),
      attended({ sessionId: 's2', durationMinutes: 90, creditsPerHour: 2 }),
      attended({ sessionId: 's3', durationMinutes: 45, accreditationBody: null, creditsPerHour: null }),
    ]);
    expect(totals).toEqual({
      minutes: 315,
      hours: 5.25,
      byScheme: [
        { scheme: 'RCGP', hours: 4.5, credits: 6 },
        { scheme: 'unaccredited', hours: 0.75, credits: 0 },
      ],
    });
  });
});

describe('programme completion', () => {
  it('is complete when every session has run and the learner attended all of them', () => {
    expect(programmeCompleted({ courseId: 'c1', deliveredSessionIds: ['a', 'b', 'c'], attendedSessionIds: ['c', 'a', 'b'], sessionsToCome: 0 })).toBe(true);
  });

  it('is not complete with a session missed or still to come', () => {
    expect(programmeCompleted({ courseId: 'c1', deliveredSessionIds: ['a', 'b'], attendedSessionIds: ['a'], sessionsToCome: 0 })).toBe(false);
    expect(programmeCompleted({ courseId: 'c1', deliveredSessionIds: ['a'], attendedSessionIds: ['a'], sessionsToCome: 5 })).toBe(false);
    expect(programmeCompleted({ courseId: 'c1', deliveredSessionIds: [], attendedSessionIds: [], sessionsToCome: 0 })).toBe(false);
  });
});
