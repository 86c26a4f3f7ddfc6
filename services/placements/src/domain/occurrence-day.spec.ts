import { assertFilledOnOrAfterOffer, assertNotInTheFuture, occurrenceDay } from './occurrence-day';

describe('the day a placement fact happened', () => {
  const today = '2026-12-03';

  it('is the day given, or today when none is', () => {
    expect(occurrenceDay('filledOn', '2020-05-10', today)).toBe('2020-05-10');
    expect(occurrenceDay('filledOn', today, today)).toBe(today);
    expect(occurrenceDay('filledOn', undefined, today)).toBe(today);
  });

  it('is never after today', () => {
    expect(() => occurrenceDay('filledOn', '2026-12-04', today)).toThrow(expect.objectContaining({ code: 'date-in-the-future', kind: 'invalid', message: expect.stringMatching(/^filledOn \(2026-12-04\) is after today \(2026-12-03/) }));
    expect(() => assertNotInTheFuture('actualEndDate', '2027-01-01', today)).toThrow(expect.objectContaining({ code: 'date-in-the-future' }));
    expect(() => assertNotInTheFuture('actualEndDate', today, today)).not.toThrow();
  });

  it.each(['2026-02-29', '2026-13-01', '2026-1-01', ''])('refuses %p, which is not a calendar day', (day) => {
    expect(() => occurrenceDay('offeredOn', day, today)).toThrow(expect.objectContaining({ code: 'invalid-dates' }));
  });

  it('places a learner on or after the day the placement was offered', () => {
    expect(() => assertFilledOnOrAfterOffer('2020-05-01', '2020-05-01')).not.toThrow();
    expect(() => assertFilledOnOrAfterOffer('2020-05-01', '2020-05-10')).not.toThrow();
    expect(() => assertFilledOnOrAfterOffer(null, '2020-04-01')).not.toThrow();
    expect(() => assertFilledOnOrAfterOffer('2020-05-01', '2020-04-30')).toThrow(expect.objectContaining({ code: 'filled-before-offered' }));
  });
});
