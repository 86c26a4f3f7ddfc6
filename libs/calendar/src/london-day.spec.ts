import { isCalendarDay, londonDateOf, startOfLondonDay } from './london-day';

describe('London days', () => {
  it('begins a summer day at 23:00 UTC the evening before, and a winter day at midnight UTC', () => {
    expect(startOfLondonDay('2025-06-02').toISOString()).toBe('2025-06-01T23:00:00.000Z');
    expect(startOfLondonDay('2025-12-01').toISOString()).toBe('2025-12-01T00:00:00.000Z');
  });

  it('maps the start of a day back to the same London day, on the days the clocks change too', () => {
    for (const day of ['2025-03-30', '2025-03-31', '2025-10-26', '2025-10-27', '2024-02-29', '2020-04-01']) {
      expect(londonDateOf(startOfLondonDay(day))).toBe(day);
    }
  });

  it('dates an instant by its London day: 23:30 on 30 September BST is still 30 September', () => {
    expect(londonDateOf(new Date('2025-09-30T22:30:00Z'))).toBe('2025-09-30');
    expect(londonDateOf(new Date('2025-09-30T23:30:00Z'))).toBe('2025-10-01');
  });

  it('refuses what is not a calendar day', () => {
    expect(isCalendarDay('2025-02-29')).toBe(false);
    expect(isCalendarDay('2025-4-1')).toBe(false);
    expect(() => startOfLondonDay('2025-02-30')).toThrow(RangeError);
  });
});
