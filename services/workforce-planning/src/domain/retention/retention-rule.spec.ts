import { checkInterventionDates, recordOutcome, type RetentionInterventionState } from './retention-rule';

describe('retention rule', () => {
  const enrolled: RetentionInterventionState = { status: 'enrolled', startedOn: '2025-04-01', reviewDueOn: '2026-03-31' };

  it('counts a GP as retained when the outcome at the review point says so', () => {
    expect(recordOutcome(enrolled, 'REMAINED_IN_POST', '2026-03-31')).toBe('retained');
    expect(recordOutcome(enrolled, 'DEFERRED_LEAVING', '2026-05-01')).toBe('retained');
  });

  it('does not count a GP whose outcome says they left or withdrew', () => {
    expect(recordOutcome(enrolled, 'LEFT_GENERAL_PRACTICE', '2026-04-01')).toBe('not-retained');
    expect(recordOutcome(enrolled, 'WITHDREW', '2026-04-01')).toBe('not-retained');
  });

  it('refuses an outcome before the review point or a second outcome', () => {
    expect(() => recordOutcome(enrolled, 'REMAINED_IN_POST', '2026-03-30')).toThrow(/review point on 2026-03-31/);
    expect(() => recordOutcome({ ...enrolled, status: 'retained' }, 'REMAINED_IN_POST', '2026-04-01')).toThrow(/already recorded/);
  });

  it('needs the review point after the start', () => {
    expect(() => checkInterventionDates('2025-04-01', '2025-04-01')).toThrow(/must come after/);
  });
});
