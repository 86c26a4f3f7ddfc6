import { capacityPeriod } from './capacity-period';
import { assertWithinPeriod, checkDeclaredPlaces, releasePlace, takePlace } from './placement-capacity';

describe('capacity periods', () => {
  it('reads academic years and financial-year halves', () => {
    expect(capacityPeriod('AY2025-26')).toEqual({ code: 'AY2025-26', startsOn: '2025-09-01', endsOn: '2026-08-31' });
    expect(capacityPeriod('2025-26-H1')).toEqual({ code: '2025-26-H1', startsOn: '2025-04-01', endsOn: '2025-09-30' });
    expect(capacityPeriod('2025-26-H2')).toEqual({ code: '2025-26-H2', startsOn: '2025-10-01', endsOn: '2026-03-31' });
    expect(capacityPeriod('2099-00-H1').endsOn).toBe('2099-09-30');
  });

  it.each(['2025-H1', 'AY2025-27', '2025-26-H3', 'ay2025-26', ''])('refuses %p', (code) => {
    expect(() => capacityPeriod(code)).toThrow(expect.objectContaining({ code: 'invalid-period' }));
  });
});

describe('placement capacity', () => {
  const capacity = { places: 2, placesFilled: 1, period: '2025-26-H2', startsOn: '2025-10-01', endsOn: '2026-03-31' };

  it('takes places until every declared place is filled, never beyond', () => {
    expect(takePlace(capacity)).toBe(2);
    expect(() => takePlace({ ...capacity, placesFilled: 2 })).toThrow(expect.objectContaining({ code: 'no-place-left', kind: 'conflict' }));
  });

  it('releases a place, never below zero', () => {
    expect(releasePlace(capacity)).toBe(0);
    expect(releasePlace({ ...capacity, placesFilled: 0 })).toBe(0);
  });

  it('checks declared places and the period', () => {
    expect(() => checkDeclaredPlaces(0)).toThrow(expect.objectContaining({ code: 'invalid-places' }));
    expect(() => checkDeclaredPlaces(1.5)).toThrow(expect.objectContaining({ code: 'invalid-places' }));
    expect(() => checkDeclaredPlaces(12)).not.toThrow();
    expect(() => assertWithinPeriod(capacity, '2025-10-01', '2026-03-31')).not.toThrow();
    expect(() => assertWithinPeriod(capacity, '2025-09-30', '2025-12-01')).toThrow(expect.objectContaining({ code: 'outside-capacity-period' }));
  });
});
