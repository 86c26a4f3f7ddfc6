import { financialYearOf, londonToday, reportingPeriodOf } from './reporting-calendar';

describe('the NHS reporting calendar of aggregated reads', () => {
  it.each([
    ['2026-03-31', '2025-26', '2025-26-H2'],
    ['2026-04-01', '2026-27', '2026-27-H1'],
    ['2026-09-30', '2026-27', '2026-27-H1'],
    ['2026-10-01', '2026-27', '2026-27-H2'],
    ['2027-01-15', '2026-27', '2026-27-H2'],
    ['2099-12-31', '2099-00', '2099-00-H2'],
  ])('%s is in financial year %s, reporting period %s', (day, year, period) => {
    expect(financialYearOf(day)).toBe(year);
    expect(reportingPeriodOf(day)).toBe(period);
  });

  it('takes the day in England, not UTC', () => {
    expect(londonToday(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    expect(londonToday(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
  });
});
