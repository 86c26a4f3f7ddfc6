import { MalformedCsvError, parseCsv, readCsvRecords } from './csv-reader';

describe('CSV (csv-parse)', () => {
  it('reads quoted fields with commas, quotes and line breaks', () => {
    expect(parseCsv('a,"b, c","say ""hi"""\r\n"two\nlines",x,\n')).toEqual([
      ['a', 'b, c', 'say "hi"'],
      ['two\nlines', 'x', ''],
    ]);
  });

  it('gives each row the line it starts on, a quoted line break counting as a line', () => {
    expect(readCsvRecords('h1,h2\n"x\ny",z\n\nq,w\n').map((r) => [r.line, r.fields])).toEqual([
      [1, ['h1', 'h2']],
      [2, ['x\ny', 'z']],
      [4, ['']],
      [5, ['q', 'w']],
    ]);
  });

  it('drops a byte-order mark', () => {
    expect(parseCsv('\uFEFFcode,name\n')).toEqual([['code', 'name']]);
  });

  it('refuses an unterminated quote, naming the line it opens on', () => {
    expect(() => parseCsv('a,b\nc,d\n"open,c\nmore\n')).toThrow(new MalformedCsvError('line 3: a quoted field opened on line 3 is never closed'));
    try {
      parseCsv('a,b\n"open,c\n');
    } catch (error) {
      expect((error as MalformedCsvError).line).toBe(2);
    }
    expect.assertions(2);
  });

  it('refuses a stray quote inside a field, naming its line', () => {
    expect(() => parseCsv('a,b\nc,d\ne,"f"g\n')).toThrow(/^line 3: a double quote inside a field/);
    expect(() => parseCsv('a,b\nx"y,z\n')).toThrow(/^line 2: a double quote inside a field/);
  });
});
