import { londonDateOf } from './london-day';
import { InvalidReportingPeriod, parseReportingPeriod, periodOfDate, periodOfInstant } from './reporting-period';

const keyAt = (iso: string) => periodOfInstant(new Date(iso)).key;

describe('reporting periods (NHS financial-year halves)', () => {
  it('names H1 as 1 April–30 September and H2 as 1 October–31 March', () => {
    expect(parseReportingPeriod('2025-26-H1')).toEqual({ key: '2025-26-H1', financialYear: '2025/26', half: 'H1', start: '2025-04-01', end: '2025-09-30' });
    expect(parseReportingPeriod('2025-26-H2')).toEqual({ key: '2025-26-H2', financialYear: '2025/26', half: 'H2', start: '2025-10-01', end: '2026-03-31' });
    expect(parseReportingPeriod('2099-00-H2')).toMatchObject({ start: '2099-10-01', end: '2100-03-31' });
  });

  it.each([
    ['2025-09-30', '2025-26-H1'],
    ['2025-10-01', '2025-26-H2'],
    ['2025-12-31', '2025-26-H2'],
    ['2026-01-01', '2025-26-H2'],
    ['2026-03-31', '2025-26-H2'],
    ['2026-04-01', '2026-27-H1'],
    ['2024-02-29', '2023-24-H2'],
    ['2028-02-29', '2027-28-H2'],
  ])('puts the date %s in %s', (date, key) => {
    expect(periodOfDate(date).key).toBe(key);
  });

  it('decides by the date in England: 23:30 UTC on 30 September is 1 October in BST', () => {
    expect(londonDateOf(new Date('2025-09-30T23:30:00Z'))).toBe('2025-10-01');
    expect(keyAt('2025-09-30T23:30:00Z')).toBe('2025-26-H2');
    expect(keyAt('2025-09-30T22:59:59.999Z')).toBe('2025-26-H1');
    expect(keyAt('2025-09-30T23:00:00Z')).toBe('2025-26-H2');
  });

  it('decides by the date in England: 23:30 UTC on 31 March is 1 April when BST has begun', () => {
    // BST began on 29 March 2026, so 31 March 23:30 UTC is 1 April 00:30 in London
    expect(keyAt('2026-03-31T23:30:00Z')).toBe('2026-27-H1');
    expect(keyAt('2026-03-31T22:59:59Z')).toBe('2025-26-H2');
    // in 2024 BST began on 31 March at 01:00 UTC, so 23:30 UTC that day is already 1 April
    expect(keyAt('2024-03-31T23:30:00Z')).toBe('2024-25-H1');
    expect(keyAt('2024-03-31T00:30:00Z')).toBe('2023-24-H2');
  });

  it('uses GMT in winter: midnight UTC is midnight in London', () => {
    expect(keyAt('2025-12-31T23:59:59Z')).toBe('2025-26-H2');
    expect(keyAt('2025-10-31T23:30:00Z')).toBe('2025-26-H2');
    expect(londonDateOf(new Date('2025-12-31T23:59:59Z'))).toBe('2025-12-31');
    expect(keyAt('2026-01-01T00:00:00Z')).toBe('2025-26-H2');
  });

  it('counts 29 February of a leap year in H2', () => {
    expect(keyAt('2024-02-29T23:30:00Z')).toBe('2023-24-H2');
    expect(londonDateOf(new Date('2024-02-29T23:30:00Z'))).toBe('2024-02-29');
  });

  it.each(['2025-27-H1', '2025-26-H3', '2025/26-H1', '25-26-H1', '', '2025-26-h1'])('refuses the key "%s"', (key) => {
    expect(() => parseReportingPeriod(key)).toThrow(InvalidReportingPeriod);
  });
});
