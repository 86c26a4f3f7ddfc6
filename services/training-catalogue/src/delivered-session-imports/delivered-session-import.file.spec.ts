import { MalformedCsvError } from '@traininghubs/csv';
import { checkFile, ImportFileError, readImportFile, REJECTED_WITH_SESSION } from './delivered-session-import.file';
import { chunksOf, countByCode, rejectedRowCsvLine, rejectedRowsCsvHeader } from './delivered-session-import.report';

const COURSE = '0b9c8f52-4f6f-4c59-9f43-2a3f8d9a1e01';
const OTHER_COURSE = '0b9c8f52-4f6f-4c59-9f43-2a3f8d9a1e02';
const now = new Date('2025-10-15T09:00:00Z');
const HEADER = 'session_ref,course_id,starts_at,ends_at,venue,online_link,capacity,learner_email,learner_name,profession,employer_ods_code,attended';

interface Row {
  ref?: string;
  course?: string;
  starts?: string;
  ends?: string;
  venue?: string;
  link?: string;
  capacity?: string;
  email?: string;
  name?: string;
  profession?: string;
  ods?: string;
  attended?: string;
}
const row = (r: Row = {}) =>
  [
    r.ref ?? 'NEL-2021-001',
    r.course ?? COURSE,
    r.starts ?? '2021-06-10T09:30',
    r.ends ?? '2021-06-10T12:30',
    r.venue ?? 'Lakeside Centre',
    r.link ?? '',
    r.capacity ?? '3',
    r.email ?? 'a.nurse@nhs.net',
    r.name ?? 'Alex Morgan',
    r.profession ?? 'NURSE',
    r.ods ?? 'F83004',
    r.attended ?? 'true',
  ].join(',');
const file = (...rows: string[]) => [HEADER, ...rows].join('\n');
const check = (text: string) => checkFile(readImportFile(text), now);
const codes = (text: string) => check(text).rejected.map((r) => [r.line, r.code]);

describe('reading an import file of past sessions', () => {
  it('takes the columns in any order and case, the optional ones left out, and skips blank lines', () => {
    const read = readImportFile('Attended,PROFESSION,learner_name,learner_email,capacity,venue,ends_at,starts_at,course_id,session_ref\r\n\r\ntrue,GP,Sam,s@nhs.net,5,Hall,2021-01-01T12:00,2021-01-01T10:00,' + COURSE + ',R1\r\n');
    expect(read.columns).toMatchObject({ attended: 0, profession: 1, session_ref: 9 });
    expect(read.columns.online_link).toBeUndefined();
    expect(read.rows).toEqual([{ line: 3, fields: expect.arrayContaining(['R1', 'Sam']) }]);
    const { sessions, rejected } = checkFile(read, now);
    expect(rejected).toEqual([]);
    expect(sessions).toEqual([
      expect.objectContaining({ sessionRef: 'R1', courseId: COURSE, venue: 'Hall', onlineLink: null, startsAt: '2021-01-01T10:00:00.000Z', attendance: [expect.objectContaining({ email: 's@nhs.net', profession: 'GP', attended: true, employerOdsCode: null })] }),
    ]);
  });

  it('refuses the whole file: an empty file, a header alone, a wrong header, a column twice, an unclosed quote', () => {
    for (const empty of ['', '  \n\n', '\uFEFF']) expect(() => readImportFile(empty)).toThrow(expect.objectContaining({ code: 'empty-import-file' }));
    expect(() => readImportFile(`${HEADER}\n\n`)).toThrow(expect.objectContaining({ code: 'empty-import-file', message: expect.stringContaining('no rows') }));
    expect(() => readImportFile('code,name,postcode\nA,B,C')).toThrow(expect.objectContaining({ code: 'invalid-import-header', message: expect.stringContaining('missing session_ref, course_id') }));
    expect(() => readImportFile(`${HEADER},grade\n${row()},A`)).toThrow(expect.objectContaining({ code: 'invalid-import-header', message: expect.stringContaining('unknown grade') }));
    expect(() => readImportFile(`${HEADER},venue\n${row()},x`)).toThrow(expect.objectContaining({ code: 'invalid-import-header', message: expect.stringContaining('more than once venue') }));
    expect(() => readImportFile(`${HEADER},venue\n`)).toThrow(ImportFileError);
    expect(() => readImportFile(file(row(), row({ email: 'b@nhs.net', name: '"Unclosed, Name' })))).toThrow(MalformedCsvError);
    expect(() => readImportFile(file(row(), row({ email: 'b@nhs.net', name: '"Unclosed, Name' })))).toThrow(/line 3: a quoted field opened on line 3 is never closed/);
  });
});

describe('checking the rows and sessions of a file on their own', () => {
  it('stages a good session with its attendance, London times as UTC instants (BST in June), a spreadsheet-style time too', () => {
    const { sessions, rejected, totalRows, totalSessions } = check(
      file(row(), row({ email: 'B.Pharm@NHS.net', name: 'Bo', profession: 'pharmacist', attended: 'FALSE', ods: '' }), row({ ref: 'R2', starts: '2021-01-05 09:30', ends: '2021-01-05 10:00', venue: '', link: 'https://teams.microsoft.com/l/meetup-join/x', email: 'c@nhs.net' })),
    );
    expect([totalRows, totalSessions, rejected]).toEqual([3, 2, []]);
    expect(sessions[0]).toMatchObject({ sessionRef: 'NEL-2021-001', startsAt: '2021-06-10T08:30:00.000Z', endsAt: '2021-06-10T11:30:00.000Z', capacity: 3, venue: 'Lakeside Centre', onlineLink: null });
    expect(sessions[0].attendance.map((a) => [a.line, a.emailKey, a.profession, a.attended, a.employerOdsCode])).toEqual([
      [2, 'a.nurse@nhs.net', 'NURSE', true, 'F83004'],
      [3, 'b.pharm@nhs.net', 'PHARMACIST', false, null],
    ]);
    expect(sessions[1]).toMatchObject({ sessionRef: 'R2', startsAt: '2021-01-05T09:30:00.000Z', venue: null, onlineLink: 'https://teams.microsoft.com/l/meetup-join/x' });
  });

  it('gives each bad row a stable code, and rejects the rest of its session with it', () => {
    const cases: Array<[Row, string]> = [
      [{ course: 'not-a-course' }, 'invalid-course-id'],
      [{ starts: '10/06/2021 09:30' }, 'invalid-local-time'],
      [{ starts: '2021-02-30T09:30' }, 'invalid-local-time'],
      [{ starts: '2021-03-28T01:30', ends: '2021-03-28T03:00' }, 'nonexistent-local-time'],
      [{ link: 'http://insecure.example.com/x' }, 'invalid-online-link'],
      [{ capacity: 'ten' }, 'invalid-capacity'],
      [{ capacity: '0' }, 'invalid-capacity'],
      [{ email: 'not-an-email' }, 'invalid-email'],
      [{ name: ' ' }, 'invalid-learner-name'],
      [{ profession: 'WIZARD' }, 'unknown-profession'],
      [{ ods: 'F83-004' }, 'invalid-employer-ods-code'],
      [{ attended: 'maybe' }, 'invalid-attended'],
    ];
    for (const [bad, code] of cases) {
      const checked = check(file(row({ email: 'ok@nhs.net' }), row(bad)));
      expect({ code, rejected: checked.rejected.map((r) => [r.line, r.code]), staged: checked.sessions.length }).toEqual({
        code,
        rejected: [
          [2, REJECTED_WITH_SESSION],
          [3, code],
        ],
        staged: 0,
      });
      expect(checked.rejected[0].reason).toContain('line 3');
      expect(checked.rejectedSessions).toEqual([{ sessionRef: 'NEL-2021-001', code }]);
    }
  });

  it('reads a row with the wrong number of fields, or no session_ref, as rejected on its own line', () => {
    expect(codes(file(row(), `${row({ ref: 'R2' })},extra`, row({ ref: '' })))).toEqual([
      [3, 'wrong-field-count'],
      [4, 'missing-session-ref'],
    ]);
    // The row without a reference is no session: one session staged, one (R2) rejected.
    const checked = check(file(row(), `${row({ ref: 'R2' })},extra`, row({ ref: '' })));
    expect([checked.totalSessions, checked.sessions.length, checked.rejectedSessions]).toEqual([2, 1, [{ sessionRef: 'R2', code: 'wrong-field-count' }]]);
  });

  it('refuses duplicate rows and a learner twice in a session, whatever the case of the e-mail, and rows that disagree on the session', () => {
    expect(codes(file(row(), row({ email: 'b@nhs.net' }), row()))).toEqual([
      [2, REJECTED_WITH_SESSION],
      [3, REJECTED_WITH_SESSION],
      [4, 'duplicate-row'],
    ]);
    expect(codes(file(row(), row({ email: 'A.Nurse@nhs.net', attended: 'false' })))).toEqual([
      [2, REJECTED_WITH_SESSION],
      [3, 'duplicate-learner'],
    ]);
    const inconsistent = check(file(row(), row({ email: 'b@nhs.net', course: OTHER_COURSE, capacity: '4' })));
    expect(inconsistent.rejected.map((r) => [r.line, r.code])).toEqual([
      [2, REJECTED_WITH_SESSION],
      [3, 'inconsistent-session'],
    ]);
    expect(inconsistent.rejected[1].reason).toMatch(/^course_id, capacity differ\(s\) from line 2/);
    // The same learner on two different sessions is two places, not a duplicate.
    expect(check(file(row(), row({ ref: 'R2' }))).sessions).toHaveLength(2);
  });

  it('applies the rules of POST …/delivered-sessions to each session: ended, a location, attendance within capacity', () => {
    const four = [1, 2, 3, 4].map((n) => row({ email: `l${n}@nhs.net` }));
    const over = check(file(...four));
    expect(over.rejected.map((r) => r.code)).toEqual(Array(4).fill('attendance-over-capacity'));
    expect(over.rejected[0].reason).toContain('4 learners but the session had 3 place(s)');
    expect(check(file(...four.slice(0, 3))).rejected).toEqual([]);

    const future = codes(file(row({ starts: '2025-10-20T09:30', ends: '2025-10-20T12:30' })));
    expect(future).toEqual([[2, 'session-not-yet-ended']]);
    // Running now (10:00 London on 15 October 2025): not ended.
    expect(codes(file(row({ starts: '2025-10-15T09:30', ends: '2025-10-15T12:30' })))).toEqual([[2, 'session-not-yet-ended']]);
    expect(codes(file(row({ venue: '', link: '' })))).toEqual([[2, 'session-without-location']]);
    expect(codes(file(row({ ends: '2021-06-10T09:30' })))).toEqual([[2, 'session-ends-before-it-starts']]);
  });

  it('keeps sessions apart: a bad session rejects only itself', () => {
    const checked = check(file(row({ ref: 'A' }), row({ ref: 'B', capacity: '1' }), row({ ref: 'B', capacity: '1', email: 'b@nhs.net' }), row({ ref: 'C' })));
    expect(checked.sessions.map((s) => s.sessionRef)).toEqual(['A', 'C']);
    expect(checked.rejectedSessions).toEqual([{ sessionRef: 'B', code: 'attendance-over-capacity' }]);
  });
});

describe('the report of an import', () => {
  it('writes rejected rows as CSV: line, code, reason, then the row as it was; quoting and defusing formulas', () => {
    expect(rejectedRowsCsvHeader(['session_ref', 'learner_name'])).toBe('line,error_code,reason,session_ref,learner_name\r\n');
    expect(rejectedRowCsvLine({ line: 7, code: 'invalid-email', reason: 'learner_email "x" is not an e-mail address', fields: ['R1', '=HYPERLINK("x")'] }, 3)).toBe(
      '7,invalid-email,"learner_email ""x"" is not an e-mail address",R1,"\'=HYPERLINK(""x"")",\r\n',
    );
    expect(rejectedRowCsvLine({ line: 8, code: 'wrong-field-count', reason: 'has 1 fields; the header has 3', fields: ['R1, short'] }, 3)).toBe('8,wrong-field-count,has 1 fields; the header has 3,"R1, short",,\r\n');
  });

  it('counts by code and groups whole sessions into chunks of about N rows', () => {
    expect(countByCode(['b', 'a', 'b'], { c: 1 })).toEqual({ a: 1, b: 2, c: 1 });
    expect(Object.keys(countByCode(['b', 'a']))).toEqual(['a', 'b']);
    expect(chunksOf([25, 25, 25, 25, 25], 50)).toEqual([0, 0, 1, 1, 2]);
    // A session larger than a chunk is never split.
    expect(chunksOf([10, 120, 10], 50)).toEqual([0, 1, 2]);
    expect(chunksOf([], 50)).toEqual([]);
  });
});
