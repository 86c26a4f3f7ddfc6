import { fteDecimal, fteHundredthsOf, fteOfGpSessions, fteOfHours, headcountAndFte } from './fte';
import { financialYear, financialYearOf } from './financial-year';

describe('FTE arithmetic', () => {
  it('counts 37.5 hours a week as 1.0 FTE and part-time pro rata', () => {
    expect(fteOfHours(37.5)).toBe(100);
    expect(fteOfHours(30)).toBe(80);
    expect(fteOfHours(15)).toBe(40);
    expect(fteDecimal(fteOfHours(45))).toBe(1.2);
  });

  it('rounds hours to the nearest hundredth of an FTE', () => {
    expect(fteOfHours(1)).toBe(3); // 2.67 hundredths
    expect(fteOfHours(7.5)).toBe(20);
    expect(fteOfHours(20)).toBe(53); // 53.33
    expect(fteOfHours(22.5)).toBe(60);
    expect(fteOfHours(0.1)).toBe(0);
    expect(fteOfHours(37.31)).toBe(99); // 99.49
    expect(fteOfHours(37.32)).toBe(100); // 99.52
    expect(fteOfHours(75)).toBe(200);
  });

  it('counts 9 GP sessions as full time', () => {
    expect(fteOfGpSessions(9)).toBe(100);
    expect(fteOfGpSessions(6)).toBe(67);
  });

  it('rejects impossible hours and negative FTE', () => {
    expect(() => fteOfHours(-1)).toThrow(/hours a week/);
    expect(() => fteOfHours(Number.NaN)).toThrow(/hours a week/);
    expect(() => fteHundredthsOf(-0.5)).toThrow(/full-time equivalent/);
    expect(fteHundredthsOf(1.47)).toBe(147);
  });

  it('counts a person with two roles once in headcount but adds both posts to FTE', () => {
    const result = headcountAndFte([
      { personId: 'a', role: 'GP_SAL_BY_PRAC', fteHundredths: 60 },
      { personId: 'a', role: 'GP_RET', fteHundredths: 20 },
      { personId: 'b', role: 'GP_PTNR_PROV', fteHundredths: 100 },
    ]);
    expect(result).toEqual({ headcount: 2, fteHundredths: 180 });
  });
});

describe('financial year', () => {
  it('runs 1 April to 31 March', () => {
    expect(financialYear('2025-26')).toEqual({ code: '2025-26', startsOn: '2025-04-01', endsOn: '2026-03-31' });
    expect(financialYear('2099-00').endsOn).toBe('2100-03-31');
    expect(financialYearOf('2025-03-31').code).toBe('2024-25');
    expect(financialYearOf('2025-04-01').code).toBe('2025-26');
  });

  it('rejects years that are not consecutive', () => {
    expect(() => financialYear('2025-27')).toThrow(/YYYY-YY/);
    expect(() => financialYear('2025/26')).toThrow(/YYYY-YY/);
  });
});
