import { cellValue, csvLine, PastActivityFileRefused, readPastActivityFile, rejectedRowsCsv } from './past-activity-file';

const RECRUIT_HEADER = 'record_ref,staff_group,profession,gp_role,route,practice_ods_code,pcn_ods_code,start_date,hours_per_week,sessions_per_week';
const recruitFile = (...rows: string[]) => [RECRUIT_HEADER, ...rows].join('\r\n') + '\r\n';
const RETENTION_HEADER = 'record_ref,recruit_ref,staff_id,intervention,fellowship_programme,started_on,review_due_on,sessions_per_week_before,mentor_assigned,outcome,outcome_date,sessions_per_week_after';
const retentionFile = (...rows: string[]) => [RETENTION_HEADER, ...rows].join('\n');

const refusal = (run: () => unknown): PastActivityFileRefused => {
  try {
    run();
  } catch (error) {
    if (error instanceof PastActivityFileRefused) return error;
    throw error;
  }
  throw new Error('the file was not refused');
};

describe('reading a recruitment file', () => {
  it('turns each row into the recruitment command, in the API’s terms (codes in capitals, numbers, days; empty optional cells left out)', () => {
    const file = readPastActivityFile('recruitment', recruitFile('R-001,gp,GP,salaried,NEWLY_QUALIFIED,F84001,U50001,2020-06-01,37.5,9', 'R-002,NURSE,NURSE,,RETURNER,,U50001,15/09/2020,30,'));
    expect(file.header).toEqual(RECRUIT_HEADER.split(','));
    expect(file.rows).toEqual([
      {
        line: 2,
        recordRef: 'R-001',
        fields: 'R-001,gp,GP,salaried,NEWLY_QUALIFIED,F84001,U50001,2020-06-01,37.5,9'.split(','),
        command: { staffGroup: 'GP', profession: 'GP', gpRole: 'SALARIED', route: 'NEWLY_QUALIFIED', practiceOdsCode: 'F84001', pcnOdsCode: 'U50001', startDate: '2020-06-01', hoursPerWeek: 37.5, sessionsPerWeek: 9 },
        fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
      expect.objectContaining({ line: 3, recordRef: 'R-002', command: { staffGroup: 'NURSE', profession: 'NURSE', route: 'RETURNER', pcnOdsCode: 'U50001', startDate: '2020-09-15', hoursPerWeek: 30 } }),
    ]);
  });

  it('takes the columns in any order, optional ones left out, and skips blank lines', () => {
    const text = 'PCN_ODS_CODE, Record_Ref ,staff_group,profession,route,start_date,hours_per_week\n\nU50001,A1,NURSE,NURSE,RETURNER,2020-05-01,20\n,,,,,,\n';
    const file = readPastActivityFile('recruitment', text);
    expect(file.rows).toHaveLength(1);
    expect(file.rows[0]).toMatchObject({ line: 3, recordRef: 'A1', command: { pcnOdsCode: 'U50001', startDate: '2020-05-01', hoursPerWeek: 20 } });
  });

  it('gives the same row the same fingerprint whether an empty optional column is there or not, and another row another', () => {
    const withColumn = readPastActivityFile('recruitment', recruitFile('A1,NURSE,NURSE,,RETURNER,,U50001,2020-05-01,20,')).rows[0].fingerprint;
    const without = readPastActivityFile('recruitment', 'record_ref,staff_group,profession,route,pcn_ods_code,start_date,hours_per_week\nA1,NURSE,NURSE,RETURNER,U50001,2020-05-01,20').rows[0].fingerprint;
    const otherHours = readPastActivityFile('recruitment', recruitFile('A1,NURSE,NURSE,,RETURNER,,U50001,2020-05-01,21,')).rows[0].fingerprint;
    expect(without).toBe(withColumn);
    expect(otherHours).not.toBe(withColumn);
  });

  it('rejects a row the recruitment command’s validation refuses, naming the file’s column and the value sent', () => {
    const [badProfession, badDay, badHours] = readPastActivityFile(
      'recruitment',
      recruitFile('B1,GP,DOCTOR,SALARIED,RETURNER,,U50001,2020-06-01,37.5,9', 'B2,GP,GP,SALARIED,RETURNER,,U50001,2020-02-30,37.5,9', 'B3,NURSE,NURSE,,RETURNER,,U50001,2020-06-01,lots,'),
    ).rows;
    expect(badProfession).toMatchObject({ line: 2, recordRef: 'B1', rejection: { code: 'invalid-value', reason: expect.stringMatching(/^profession must be one of the following values: GP, .* \(was "DOCTOR"\)$/) } });
    expect(badProfession.command).toBeUndefined();
    expect(badDay.rejection).toMatchObject({ code: 'invalid-value', reason: expect.stringContaining('start_date') });
    expect(badDay.rejection!.reason).toContain('(was "2020-02-30")');
    expect(badHours.rejection).toMatchObject({ code: 'invalid-value', reason: expect.stringMatching(/^hours_per_week .*hours_per_week must be a number.*\(was "lots"\)$/) });
  });

  it('rejects a row without record_ref, with an empty required cell, or with a different number of fields', () => {
    const rows = readPastActivityFile('recruitment', recruitFile(',NURSE,NURSE,,RETURNER,,U50001,2020-06-01,30,', 'C2,NURSE,,,RETURNER,,,2020-06-01,30,', 'C3,NURSE,NURSE,,RETURNER,,U50001,2020-06-01')).rows;
    expect(rows.map((r) => r.rejection)).toEqual([
      { code: 'invalid-value', reason: expect.stringContaining('record_ref is empty') },
      { code: 'invalid-value', reason: 'profession, pcn_ods_code are empty' },
      { code: 'invalid-row', reason: 'has 8 field(s); the header has 10' },
    ]);
  });

  it('rejects a later row with a record_ref already used in the file, naming the first line; the first stands', () => {
    const rows = readPastActivityFile('recruitment', recruitFile('D1,NURSE,NURSE,,RETURNER,,U50001,2020-06-01,30,', 'D2,NURSE,NURSE,,RETURNER,,U50001,2020-06-01,30,', 'D1,NURSE,NURSE,,RETURNER,,U50001,2020-06-01,30,')).rows;
    expect(rows[0].command).toBeDefined();
    expect(rows[1].command).toBeDefined();
    expect(rows[2]).toMatchObject({ line: 4, recordRef: 'D1', rejection: { code: 'duplicate-in-file', reason: expect.stringContaining('also on line 2') } });
    expect(rows[2].command).toBeUndefined();
  });
});

describe('reading a retention file', () => {
  it('turns each row into an enrolment and its outcome, for a recruit named by recruit_ref or staff_id', () => {
    const staffId = '3f2b8c1a-5d6e-4f70-8a9b-0c1d2e3f4a5b';
    const [byRef, byId] = readPastActivityFile(
      'retention',
      retentionFile('T1,R-001,,mentoring,,2020-06-01,2020-12-01,6,yes,REMAINED_IN_POST,2020-12-01,7', `T2,,${staffId},FELLOWSHIP,NEW_TO_PRACTICE_GP,2020-06-01,2021-03-01,9,N,DEFERRED_LEAVING,2021-03-01,9`),
    ).rows;
    expect(byRef.command).toEqual({
      staff: { recruitRef: 'R-001' },
      enrol: { intervention: 'MENTORING', startedOn: '2020-06-01', reviewDueOn: '2020-12-01', sessionsPerWeekBefore: 6, mentorAssigned: true },
      outcome: { outcome: 'REMAINED_IN_POST', recordedOn: '2020-12-01', sessionsPerWeekAfter: 7 },
    });
    expect(byId.command).toMatchObject({ staff: { staffId }, enrol: { intervention: 'FELLOWSHIP', fellowshipProgramme: 'NEW_TO_PRACTICE_GP', mentorAssigned: false } });
  });

  it('rejects a row naming both or neither of recruit_ref and staff_id, a staff_id that is not one, or an outcome the command refuses', () => {
    const rows = readPastActivityFile(
      'retention',
      retentionFile(
        'U1,,,MENTORING,,2020-06-01,2020-12-01,6,,REMAINED_IN_POST,2020-12-01,7',
        'U2,R-1,3f2b8c1a-5d6e-4f70-8a9b-0c1d2e3f4a5b,MENTORING,,2020-06-01,2020-12-01,6,,REMAINED_IN_POST,2020-12-01,7',
        'U3,,not-an-id,MENTORING,,2020-06-01,2020-12-01,6,,REMAINED_IN_POST,2020-12-01,7',
        'U4,R-1,,MENTORING,,2020-06-01,2020-12-01,6,maybe,STAYED,2020-12-01,13',
      ),
    ).rows;
    expect(rows[0].rejection).toEqual({ code: 'invalid-value', reason: expect.stringContaining('exactly one of recruit_ref and staff_id') });
    expect(rows[1].rejection?.code).toBe('invalid-value');
    expect(rows[2].rejection).toEqual({ code: 'invalid-value', reason: expect.stringContaining('staff_id must be a UUID') });
    expect(rows[3].rejection?.reason).toEqual(expect.stringContaining('mentor_assigned must be a boolean value (was "maybe")'));
    expect(rows[3].rejection?.reason).toEqual(expect.stringContaining('outcome must be one of the following values'));
    expect(rows[3].rejection?.reason).toEqual(expect.stringContaining('sessions_per_week_after must not be greater than 12'));
  });
});

describe('refusing a whole file', () => {
  it('refuses CSV that cannot be read, with the line where it goes wrong', () => {
    const refused = refusal(() => readPastActivityFile('recruitment', recruitFile('E1,NURSE,NURSE,,RETURNER,,U50001,2020-06-01,30,', 'E2,"NURSE,NURSE,,RETURNER,,U50001,2020-06-01,30,')));
    expect(refused).toMatchObject({ code: 'malformed-csv', line: 3 });
  });

  it('refuses a header with a missing, unknown or repeated column, naming the columns a file of the kind has', () => {
    expect(refusal(() => readPastActivityFile('recruitment', 'record_ref,staff_group,profession,route,pcn_ods_code,hours_per_week\nA,NURSE,NURSE,RETURNER,U50001,30'))).toMatchObject({
      code: 'invalid-header',
      line: 1,
      message: expect.stringContaining('missing column(s) start_date'),
    });
    const unknown = refusal(() => readPastActivityFile('recruitment', `${RECRUIT_HEADER},hub_id,name\nA,NURSE,NURSE,,RETURNER,,U50001,2020-06-01,30,,x,Dr Real Name`));
    expect(unknown.message).toContain('unknown column(s) "hub_id", "name"');
    expect(unknown.message).toContain('[gp_role]');
    expect(refusal(() => readPastActivityFile('recruitment', `${RECRUIT_HEADER},route\nA`)).message).toContain('column(s) route more than once');
    expect(refusal(() => readPastActivityFile('retention', 'record_ref,intervention,started_on,review_due_on,sessions_per_week_before,outcome,outcome_date,sessions_per_week_after\nX')).message).toContain(
      'no recruit_ref or staff_id column',
    );
  });

  it('refuses an empty file, or a header without rows', () => {
    expect(refusal(() => readPastActivityFile('recruitment', ''))).toMatchObject({ code: 'empty-file' });
    expect(refusal(() => readPastActivityFile('recruitment', ' \r\n'))).toMatchObject({ code: 'empty-file' });
    expect(refusal(() => readPastActivityFile('retention', `${RETENTION_HEADER}\r\n\r\n`))).toMatchObject({ code: 'empty-file', message: expect.stringContaining('no rows') });
  });
});

describe('cells and CSV out', () => {
  it('reads days written YYYY-MM-DD or DD/MM/YYYY, and passes anything else on for the command to refuse', () => {
    expect(cellValue('day', '1/4/2020')).toBe('2020-04-01');
    expect(cellValue('day', '31/02/2020')).toBe('31/02/2020');
    expect(cellValue('number', '07.50')).toBe(7.5);
    expect(cellValue('number', '1e3')).toBe('1e3');
    expect(cellValue('code', ' ')).toBe(' ');
    expect(cellValue('text', '')).toBeUndefined();
  });

  it('writes fields with commas, quotes and line breaks quoted, and neutralises spreadsheet formulas', () => {
    expect(csvLine([3, 'a,b', 'say "hi"', 'two\nlines', null, '=SUM(A1)', -1])).toBe('3,"a,b","say ""hi""","two\nlines",,\'=SUM(A1),-1');
    expect(rejectedRowsCsv(['record_ref', 'profession'], [{ line: 4, code: 'invalid-value', reason: 'profession must be…', fields: ['B1', 'DOCTOR'] }])).toBe(
      'line,code,reason,record_ref,profession\r\n4,invalid-value,profession must be…,B1,DOCTOR\r\n',
    );
  });
});
