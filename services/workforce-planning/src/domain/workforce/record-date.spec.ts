import { WorkforceRuleBroken } from '../workforce-rule.error';
import { checkNotInFuture } from './record-date';

describe('checkNotInFuture', () => {
  it('accepts today and any past day', () => {
    expect(() => checkNotInFuture('start date', '2026-12-03', '2026-12-03')).not.toThrow();
    expect(() => checkNotInFuture('start date', '2020-11-15', '2026-12-03')).not.toThrow();
  });

  it('refuses a day after today in England with date-in-the-future, naming both days', () => {
    let error: unknown;
    try {
      checkNotInFuture('outcome date', '2026-12-04', '2026-12-03');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(WorkforceRuleBroken);
    expect(error).toMatchObject({ code: 'date-in-the-future', kind: 'invalid', message: 'The outcome date (2026-12-04) is after today (2026-12-03 in England); record it once it has happened.' });
  });
});
