import { calendarWeeks, placementPattern, timeStatusOf, wteWeightedWeeks } from './placement-pattern';

describe('placement pattern', () => {
  it('derives sessions from WTE and WTE from sessions', () => {
    expect(placementPattern({ startDate: '2025-09-01', endDate: '2025-09-28', wteHundredths: 60 })).toMatchObject({ sessionsPerWeek: 6, wteHundredths: 60 });
    expect(placementPattern({ startDate: '2025-09-01', endDate: '2025-09-28', sessionsPerWeek: 2 })).toMatchObject({ sessionsPerWeek: 2, wteHundredths: 20 });
    expect(placementPattern({ startDate: '2025-09-01', endDate: '2025-09-28', wteHundredths: 5 })).toMatchObject({ sessionsPerWeek: 1 });
  });

  it('keeps both when both are given', () => {
    expect(placementPattern({ startDate: '2025-09-01', endDate: '2025-09-28', wteHundredths: 100, sessionsPerWeek: 9 })).toMatchObject({ wteHundredths: 100, sessionsPerWeek: 9 });
  });

  it.each([
    [{ startDate: '2025-09-10', endDate: '2025-09-01', sessionsPerWeek: 2 }, 'invalid-dates'],
    [{ startDate: '2025-02-29', endDate: '2025-03-10', sessionsPerWeek: 2 }, 'invalid-dates'],
    [{ startDate: '2025-09-01', endDate: '2025-09-10' }, 'missing-time-commitment'],
    [{ startDate: '2025-09-01', endDate: '2025-09-10', wteHundredths: 0 }, 'invalid-time-commitment'],
    [{ startDate: '2025-09-01', endDate: '2025-09-10', wteHundredths: 101 }, 'invalid-time-commitment'],
    [{ startDate: '2025-09-01', endDate: '2025-09-10', sessionsPerWeek: 11 }, 'invalid-time-commitment'],
    [{ startDate: '2025-09-01', endDate: '2025-09-10', sessionsPerWeek: 2.5 }, 'invalid-time-commitment'],
  ])('refuses %j (%s)', (input, code) => {
    expect(() => placementPattern(input)).toThrow(expect.objectContaining({ code }));
  });

  it('derives placement weeks: calendar and WTE-weighted', () => {
    const pattern = placementPattern({ startDate: '2025-09-01', endDate: '2025-10-26', wteHundredths: 50 });
    expect(calendarWeeks(pattern)).toBe(8);
    expect(wteWeightedWeeks(pattern)).toBe(4);
    expect(calendarWeeks({ startDate: '2025-09-01', endDate: '2025-09-01' })).toBeCloseTo(1 / 7);
    // across the clocks going back (26 October 2025)
    expect(calendarWeeks({ startDate: '2025-10-20', endDate: '2025-11-02' })).toBe(2);
  });

  it('derives past, current and future from the dates', () => {
    const dates = { startDate: '2025-09-01', endDate: '2025-09-30' };
    expect(timeStatusOf(dates, '2025-08-31')).toBe('future');
    expect(timeStatusOf(dates, '2025-09-01')).toBe('current');
    expect(timeStatusOf(dates, '2025-09-30')).toBe('current');
    expect(timeStatusOf(dates, '2025-10-01')).toBe('past');
  });
});
