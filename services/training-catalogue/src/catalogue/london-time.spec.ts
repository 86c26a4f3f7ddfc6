import { CatalogueRuleError } from './catalogue-rule.error';
import { instantOfLondonWallTime, londonWallTime } from './london-time';

describe('Europe/London session times', () => {
  it('reads winter times as GMT and summer times as BST', () => {
    expect(instantOfLondonWallTime('2026-01-15T09:30').toISOString()).toBe('2026-01-15T09:30:00.000Z');
    expect(instantOfLondonWallTime('2026-06-15T09:30').toISOString()).toBe('2026-06-15T08:30:00.000Z');
  });

  it('takes the first (BST) 01:30 on the night the clocks go back', () => {
    expect(instantOfLondonWallTime('2026-10-25T01:30').toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('refuses a time that the clocks skip, and a date that does not exist', () => {
    expect(() => instantOfLondonWallTime('2026-03-29T01:30', 'startsAt')).toThrow(/does not exist in Europe\/London/);
    expect(() => instantOfLondonWallTime('2026-02-30T09:00')).toThrow(CatalogueRuleError);
    expect(() => instantOfLondonWallTime('2026-02-03 09:00')).toThrow(/local time like/);
  });

  it('writes an instant back as London wall time', () => {
    expect(londonWallTime(new Date('2026-06-15T08:30:00Z'))).toBe('2026-06-15T09:30');
  });
});
