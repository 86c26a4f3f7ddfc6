import { checkPracticeFile, readFte, readHeadcount, readLayout, type IcbLookup } from './gpw-practice-file';
import { isMonthEnd, monthEndOfMonth, readDay } from './month-end';

const HUB = '0b9c8f52-4f6f-4c59-9f43-2a3f8d9a1e01';
const locate: IcbLookup = (icb) => (icb === 'QOX' ? { hubId: HUB } : { refused: `no Training Hub serves ICB ${icb}` });

const HEADER =
  'EXTRACT_DATE,PRAC_CODE,PRAC_NAME,PCN_CODE,ICB_CODE,TOTAL_PATIENTS,TOTAL_GP_HC,TOTAL_GP_FTE,TOTAL_GP_EXTGL_HC,TOTAL_GP_EXTGL_FTE,TOTAL_GP_SAL_BY_PRAC_HC,TOTAL_GP_SAL_BY_PRAC_FTE,' +
  'TOTAL_NURSES_HC,TOTAL_NURSES_FTE,TOTAL_N_PRAC_NURSE_HC,TOTAL_N_PRAC_NURSE_FTE,TOTAL_DPC_HC,TOTAL_DPC_FTE,TOTAL_DPC_PHARMA_HC,TOTAL_DPC_PHARMA_FTE,TOTAL_ADMIN_HC,TOTAL_ADMIN_FTE';
const row = (code: string, overrides: Partial<Record<'date' | 'icb' | 'gpHc' | 'gpFte' | 'nurseFte' | 'pharmaHc', string>> = {}) =>
  [overrides.date ?? '30/09/2025', code, 'The Surgery', 'U83547', overrides.icb ?? 'QOX', '9000', overrides.gpHc ?? '5', overrides.gpFte ?? '3.4666667', '4', '3', '2', '1.2',
    '3', overrides.nurseFte ?? '2.4', '3', '2.4', '4', '3.5', overrides.pharmaHc ?? '1', '0.8', '10', '7.25'].join(',');

describe('GPW practice file', () => {
  it('reads staff-group totals and roles, rounding FTE to hundredths, and reads past derived and unknown columns', () => {
    const check = checkPracticeFile([HEADER, row('F83004'), row('F83005')].join('\n'), null, locate);
    expect(check.problems).toEqual([]);
    expect(check.snapshotDate).toBe('2025-09-30');
    expect(check.practices).toHaveLength(2);
    expect(check.practices[0]).toMatchObject({
      line: 2,
      practiceOdsCode: 'F83004',
      pcnOdsCode: 'U83547',
      icbCode: 'QOX',
      hubId: HUB,
      groups: { GP: { headcount: 5, fteHundredths: 347 }, NURSE: { headcount: 3, fteHundredths: 240 }, DIRECT_PATIENT_CARE: { headcount: 4, fteHundredths: 350 }, ADMIN_NON_CLINICAL: { headcount: 10, fteHundredths: 725 } },
    });
    expect(check.practices[0].roles.map((r) => [r.roleCode, r.staffGroup, r.headcount, r.fteHundredths])).toEqual([
      ['GP_SAL_BY_PRAC', 'GP', 2, 120],
      ['N_PRAC_NURSE', 'NURSE', 3, 240],
      ['DPC_PHARMA', 'DIRECT_PATIENT_CARE', 1, 80],
    ]);
    expect(check.layout?.ignored).toEqual(expect.arrayContaining(['TOTAL_PATIENTS', 'TOTAL_GP_EXTGL_HC', 'TOTAL_GP_EXTGL_FTE']));
  });

  it('reports every bad value with its line, column and reason', () => {
    const text = [HEADER, row('F83004', { gpHc: '-1' }), row('F83005', { nurseFte: 'lots' }), row('F83006', { gpFte: '11' }), row('F83007', { date: '2025-09-15' }), row('F83008', { icb: 'QKK' }), row('F83004')].join('\n');
    const check = checkPracticeFile(text, null, locate);
    expect(check.problems.map((p) => [p.line, p.column])).toEqual([
      [2, 'TOTAL_GP_HC'],
      [3, 'TOTAL_NURSES_FTE'],
      [4, 'TOTAL_GP_FTE'],
      [5, 'EXTRACT_DATE'],
      [6, 'ICB_CODE'],
      [7, 'PRAC_CODE'],
    ]);
    expect(check.problems[0].reason).toMatch(/negative/);
    expect(check.problems[1].reason).toMatch(/not a number/);
    expect(check.problems[2].reason).toMatch(/more than 2 FTE a head/);
    expect(check.problems[3].reason).toMatch(/not the last day of a month/);
    expect(check.problems[4].reason).toBe('no Training Hub serves ICB QKK');
    expect(check.problems[5].reason).toMatch(/already on line 2/);
  });

  it('refuses a role headcount above its staff-group total, a short row, and a date other than the import month', () => {
    const text = [HEADER, row('F83004', { pharmaHc: '9' }), 'F83005,The Surgery', row('F83006', { date: '31/08/2025' })].join('\n');
    const check = checkPracticeFile(text, '2025-09-30', locate);
    expect(check.problems.map((p) => [p.line, p.column])).toEqual(expect.arrayContaining([[2, 'TOTAL_DPC_PHARMA_HC'], [3, null], [4, 'EXTRACT_DATE']]));
    expect(check.problems.find((p) => p.line === 4)?.reason).toMatch(/not the snapshot date of this import \(2025-09-30\)/);
  });

  it('names missing required columns on the header line', () => {
    const check = checkPracticeFile('PRAC_CODE,TOTAL_GP_HC\nF83004,3', '2025-09-30', locate);
    expect(check.problems.every((p) => p.line === 1)).toBe(true);
    expect(check.problems.map((p) => p.column)).toEqual(expect.arrayContaining(['PCN_CODE', 'ICB_CODE', 'TOTAL_GP_FTE', 'TOTAL_ADMIN_HC']));
  });

  it('needs a snapshot date from the request or the file, and reports unreadable CSV', () => {
    const noDate = HEADER.replace('EXTRACT_DATE,', '');
    expect(checkPracticeFile(`${noDate}\n${row('F83004').slice(row('F83004').indexOf(',') + 1)}`, null, locate).problems[0]).toMatchObject({ column: 'EXTRACT_DATE' });
    expect(checkPracticeFile(`${HEADER}\n"F83004,unclosed`, null, locate).problems[0].reason).toMatch(/not readable CSV/);
    expect(checkPracticeFile('', null, locate).problems[0].reason).toBe('the file is empty');
  });

  it('pairs role columns and warns about a lone one', () => {
    const { layout, problems } = readLayout(['PRAC_CODE', 'PCN_CODE', 'ICB_CODE', 'TOTAL_GP_HC', 'TOTAL_GP_FTE', 'TOTAL_NURSES_HC', 'TOTAL_NURSES_FTE', 'TOTAL_DPC_HC', 'TOTAL_DPC_FTE', 'TOTAL_ADMIN_HC', 'TOTAL_ADMIN_FTE', 'TOTAL_DPC_SPLW_HC']);
    expect(problems).toEqual([]);
    expect(layout.roles).toEqual([]);
    expect(layout.warnings[0]).toMatch(/TOTAL_DPC_SPLW_HC has no partner/);
  });
});

describe('GPW figures', () => {
  it('reads FTE decimals exactly and rounds half up to hundredths', () => {
    expect(readFte('1.005')).toEqual({ value: 101 });
    expect(readFte('3.4666667')).toEqual({ value: 347 });
    expect(readFte('.5')).toEqual({ value: 50 });
    expect(readFte('2')).toEqual({ value: 200 });
    expect(readFte('0.004')).toEqual({ value: 0 });
    expect(readFte('-0.5')).toEqual({ problem: 'FTE -0.5 is negative' });
    expect(readFte('1,5')).toEqual({ problem: 'FTE "1,5" is not a number' });
    expect(readFte('ND')).toHaveProperty('problem');
  });

  it('reads whole headcounts only', () => {
    expect(readHeadcount('12')).toEqual({ value: 12 });
    expect(readHeadcount('12.0')).toEqual({ value: 12 });
    expect(readHeadcount('2.5')).toHaveProperty('problem');
    expect(readHeadcount('-3')).toEqual({ problem: 'headcount -3 is negative' });
  });
});

describe('month ends', () => {
  it('knows the last day of each month, leap years included', () => {
    expect(isMonthEnd('2025-09-30')).toBe(true);
    expect(isMonthEnd('2024-02-29')).toBe(true);
    expect(isMonthEnd('2025-02-28')).toBe(true);
    expect(isMonthEnd('2024-02-28')).toBe(false);
    expect(monthEndOfMonth('2024-02')).toBe('2024-02-29');
    expect(monthEndOfMonth('2024-13')).toBeUndefined();
  });

  it('reads the date forms the GPW files use', () => {
    expect(readDay('2025-09-30')).toBe('2025-09-30');
    expect(readDay('30/09/2025')).toBe('2025-09-30');
    expect(readDay('30sep2025')).toBe('2025-09-30');
    expect(readDay('31/09/2025')).toBeUndefined();
    expect(readDay('September 2025')).toBeUndefined();
  });
});
