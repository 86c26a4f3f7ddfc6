import { checkRow, normaliseDay, parentKindAllowed, postcodeDistrict, readImportFile } from './organisation-import';

describe('import rows', () => {
  const good = ['A81001', 'The Densham Surgery', 'ts18 1hu', 'U12345', '19740401', ''];

  it('accepts a good row, normalising postcode and dates', () => {
    expect(checkRow(good, 2)).toEqual({ line: 2, code: 'A81001', name: 'The Densham Surgery', postcode: 'TS18 1HU', parentCode: 'U12345', openDate: '1974-04-01', closeDate: null });
  });

  it.each([
    [['A81001', 'x'], 'wrong-field-count', /has 2 fields/],
    [['bad code!', 'x', '', 'U1', '2020-01-01', ''], 'invalid-code', /not an ODS code/],
    [['A81001', '', '', 'U12345', '2020-01-01', ''], 'empty-name', /name is empty/],
    [['A81001', 'x', 'NOT A POSTCODE', 'U12345', '2020-01-01', ''], 'invalid-postcode', /not a UK postcode/],
    [['A81001', 'x', '', 'U12345', '2020-02-30', ''], 'invalid-open-date', /open_date "2020-02-30" is not a date/],
    [['A81001', 'x', '', 'U12345', '2020-02-01', '2019-01-01'], 'closed-before-open', /close_date 2019-01-01 is before open_date 2020-02-01/],
  ])('refuses %j', (fields, rule, reason) => {
    expect(checkRow(fields as string[], 7)).toMatchObject({ line: 7, rule, reason: expect.stringMatching(reason as RegExp) });
  });

  it('needs the header', () => {
    expect(() => readImportFile('code,name\nA,B\n')).toThrow(/first line must be the header/);
    expect(readImportFile('code,name,postcode,parent_code,open_date,close_date\nA81001,x,,U1,2020-01-01,\n')).toEqual([{ line: 2, fields: ['A81001', 'x', '', 'U1', '2020-01-01', ''] }]);
    expect(() => readImportFile('code,name,postcode,parent_code,open_date,close_date\nA81001,"x,,U1,2020-01-01,\n')).toThrow(/^line 2: a quoted field/);
  });

  it('knows which parents each kind may have', () => {
    expect(parentKindAllowed('pcn', 'icb')).toBe(true);
    expect(parentKindAllowed('pcn', 'pcn')).toBe(false);
    expect(parentKindAllowed('gp_practice', 'pcn')).toBe(true);
    expect(parentKindAllowed('gp_practice', 'nhse_region')).toBe(false);
  });

  it('reads days and districts', () => {
    expect(normaliseDay('2026-04-01')).toBe('2026-04-01');
    expect(normaliseDay('2026-4-1')).toBeUndefined();
    expect(postcodeDistrict('sw1a1aa')).toBe('SW1A');
  });
});
