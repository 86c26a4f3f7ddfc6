import { InvalidLocalDateError, localDateFromIso, localDateToIso } from './local-date';

describe('LocalDate and ISO calendar days', () => {
  it('reads the day the 2026 ICB mergers take effect', () => {
    const date = localDateFromIso('2026-04-01');
    expect({ year: date.year, month: date.month, day: date.day }).toEqual({ year: 2026, month: 4, day: 1 });
    expect(localDateToIso(date)).toBe('2026-04-01');
  });

  it('knows leap years: 29 February 2024 exists, 29 February 2025 does not', () => {
    expect(localDateToIso(localDateFromIso('2024-02-29'))).toBe('2024-02-29');
    expect(() => localDateFromIso('2025-02-29')).toThrow(InvalidLocalDateError);
  });

  it.each(['2025-4-1', '2025-04-31', '2025-13-01', '2025-00-10', '2025-04-01T00:00:00Z', '01/04/2025', ''])('rejects %j', (text) => {
    expect(() => localDateFromIso(text)).toThrow(InvalidLocalDateError);
  });

  it('refuses to write a LocalDate that is not a real day', () => {
    const notADay = { ...localDateFromIso('2025-09-30'), day: 31 };
    expect(() => localDateToIso(notADay)).toThrow('"2025-09-31" is not a calendar day');
  });
});
