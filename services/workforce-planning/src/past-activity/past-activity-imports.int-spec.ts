import type { Caller } from '@traininghubs/auth';
import { londonToday } from '@traininghubs/calendar';
import { OrganisationType, RetentionOutcome } from '@traininghubs/contracts';
import { parseCsv } from '@traininghubs/runtime';
import type { ServiceUnderTest } from '@traininghubs/testing';
import { analyst, otherHubAdmin, publishHub, PublishedEnvelopes, recordOrganisations, startWorkforcePlanning } from '../../test/workforce-planning.harness';
import { WorkforcePlanningEnvironment } from '../workforce-planning.environment';
import { PastActivityImportsService } from './past-activity-imports.service';

const GP_RECRUITED = 'uk.nhs.traininghubs.workforce.gp_recruited.v1';
const STAFF_RECRUITED = 'uk.nhs.traininghubs.workforce.staff_recruited.v1';
const GP_RETAINED = 'uk.nhs.traininghubs.workforce.gp_retained.v1';
const FELLOWSHIP_ENROLLED = 'uk.nhs.traininghubs.workforce.fellowship_enrolled.v1';
const STAFF_TOPIC = 'traininghubs.workforce.staff.v1';
const RECRUITMENT_IMPORTS = '/api/v1/workforce/recruitment-imports';
const RETENTION_IMPORTS = '/api/v1/workforce/retention-imports';

/** North East London's hub (ICB QMF), active from 2020-04-01: coming on board with its 2020/21 activity. */
const NEL = '8d2f3a4b-5c6d-4e7f-9a0b-1c2d3e4f5a6b';
const nelAdmin: Caller = { subject: 'nel-hub-lead', role: 'hub_admin', scope: { kind: 'hub', hubId: NEL } };
/** South East London's ICB (QKK): another ICB. */
const otherIcb: Caller = { subject: 'sel-icb-lead', role: 'icb', scope: { kind: 'icb', code: 'QKK' } };

/** Files over 20 rows run in the background, 5 rows a transaction: the 13 recruits import in the request, the 22 outcomes in the background. */
class SmallChunks extends WorkforcePlanningEnvironment {
  override PAST_ACTIVITY_BACKGROUND_ROWS = 20;
  override PAST_ACTIVITY_CHUNK_ROWS = 5;
}

/** The start of a London day of 2020/21, worked out here on its own: British Summer Time ran from 29 March to 25 October 2020. */
const londonMidnight = (day: string) => {
  if (day < '2020-03-29' || day > '2021-03-27') throw new Error(`${day} is outside what this helper knows`);
  if (day > '2020-10-25') return `${day}T00:00:00.000Z`;
  return `${new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10)}T23:00:00.000Z`;
};
const dayAfter = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

const RECRUIT_HEADER = 'record_ref,staff_group,profession,gp_role,route,practice_ods_code,pcn_ods_code,start_date,hours_per_week,sessions_per_week';
/** 13 GPs who started in 2020/21: [record_ref, start date, practice (empty: employed by the PCN), GP role]. */
const RECRUITS: Array<[string, string, string, string]> = [
  ['NEL-R-01', '2020-04-01', 'F84001', 'SALARIED'],
  ['NEL-R-02', '2020-04-20', 'F84001', 'PARTNER'],
  ['NEL-R-03', '2020-05-04', 'F84002', 'SALARIED'],
  ['NEL-R-04', '2020-06-01', '', 'LOCUM'],
  ['NEL-R-05', '2020-07-06', 'F84001', 'RETAINER'],
  ['NEL-R-06', '2020-08-03', 'F84002', 'SALARIED'],
  ['NEL-R-07', '2020-09-01', 'F84001', 'SALARIED'],
  ['NEL-R-08', '2020-10-05', 'F84002', 'PARTNER'],
  ['NEL-R-09', '2020-10-25', 'F84001', 'SALARIED'],
  ['NEL-R-10', '2020-11-02', '', 'LOCUM'],
  ['NEL-R-11', '2020-12-01', 'F84002', 'SALARIED'],
  ['NEL-R-12', '2021-01-04', 'F84001', 'SALARIED'],
  ['NEL-R-13', '2021-03-01', 'F84002', 'PARTNER'],
];
const recruitLine = ([ref, start, practice, role]: [string, string, string, string]) => `${ref},GP,GP,${role},NEWLY_QUALIFIED,${practice},U50001,${start},37.5,8`;
const recruitFile = (lines: string[]) => [RECRUIT_HEADER, ...lines].join('\r\n') + '\r\n';

const RETENTION_HEADER = 'record_ref,recruit_ref,intervention,fellowship_programme,started_on,review_due_on,sessions_per_week_before,outcome,outcome_date,sessions_per_week_after,practice_ods_code';
/**
 * 22 interventions with their outcomes, all dated in 2020/21: two each for the first nine
 * recruits, one for the last four. [record_ref, recruit_ref, intervention, start, review point, outcome, outcome date, practice after].
 */
const OUTCOMES: Array<[string, string, string, string, string, string, string, string]> = [
  ['NEL-T-01', 'NEL-R-01', 'MENTORING', '2020-04-06', '2020-06-30', 'REMAINED_IN_POST', '2020-06-30', ''],
  ['NEL-T-02', 'NEL-R-01', 'FLEXIBLE_WORKING', '2020-07-01', '2020-12-31', 'REMAINED_IN_POST', '2021-01-04', ''],
  ['NEL-T-03', 'NEL-R-02', 'COACHING', '2020-05-01', '2020-08-31', 'REMAINED_IN_POST', '2020-09-01', ''],
  ['NEL-T-04', 'NEL-R-02', 'CAREER_CONVERSATION', '2020-09-07', '2020-11-30', 'DEFERRED_LEAVING', '2020-11-30', ''],
  ['NEL-T-05', 'NEL-R-03', 'FELLOWSHIP', '2020-05-04', '2021-03-01', 'REMAINED_IN_POST', '2021-03-01', ''],
  ['NEL-T-06', 'NEL-R-03', 'MENTORING', '2020-05-11', '2020-10-25', 'MOVED_WITHIN_SYSTEM', '2020-10-25', 'F84001'],
  ['NEL-T-07', 'NEL-R-04', 'PORTFOLIO_ROLE', '2020-06-01', '2020-09-30', 'REMAINED_IN_POST', '2020-10-01', ''],
  ['NEL-T-08', 'NEL-R-04', 'COACHING', '2020-10-05', '2021-01-29', 'REMAINED_IN_POST', '2021-02-01', ''],
  ['NEL-T-09', 'NEL-R-05', 'GP_RETENTION_SCHEME', '2020-07-06', '2021-01-06', 'REMAINED_IN_POST', '2021-01-06', ''],
  ['NEL-T-10', 'NEL-R-05', 'MENTORING', '2020-07-13', '2020-10-12', 'RETURNED_FROM_BREAK', '2020-10-12', ''],
  ['NEL-T-11', 'NEL-R-06', 'FELLOWSHIP', '2020-08-03', '2021-02-26', 'REMAINED_IN_POST', '2021-03-01', ''],
  ['NEL-T-12', 'NEL-R-06', 'CAREER_CONVERSATION', '2020-08-10', '2020-09-10', 'REMAINED_IN_POST', '2020-09-10', ''],
  ['NEL-T-13', 'NEL-R-07', 'COACHING', '2020-09-01', '2020-11-01', 'REMAINED_IN_POST', '2020-11-02', ''],
  ['NEL-T-14', 'NEL-R-07', 'FLEXIBLE_WORKING', '2020-11-09', '2021-02-08', 'DEFERRED_LEAVING', '2021-02-08', ''],
  ['NEL-T-15', 'NEL-R-08', 'MENTORING', '2020-10-05', '2020-12-04', 'REMAINED_IN_POST', '2020-12-04', ''],
  ['NEL-T-16', 'NEL-R-08', 'PORTFOLIO_ROLE', '2020-12-07', '2021-03-05', 'MOVED_WITHIN_SYSTEM', '2021-03-08', 'F84001'],
  ['NEL-T-17', 'NEL-R-09', 'COACHING', '2020-10-26', '2020-12-18', 'REMAINED_IN_POST', '2020-12-18', ''],
  ['NEL-T-18', 'NEL-R-09', 'CAREER_CONVERSATION', '2021-01-04', '2021-02-01', 'REMAINED_IN_POST', '2021-02-15', ''],
  ['NEL-T-19', 'NEL-R-10', 'GP_RETENTION_SCHEME', '2020-11-02', '2021-02-01', 'REMAINED_IN_POST', '2021-02-01', ''],
  ['NEL-T-20', 'NEL-R-11', 'MENTORING', '2020-12-01', '2021-03-01', 'REMAINED_IN_POST', '2021-03-02', ''],
  ['NEL-T-21', 'NEL-R-12', 'COACHING', '2021-01-04', '2021-03-04', 'REMAINED_IN_POST', '2021-03-05', ''],
  ['NEL-T-22', 'NEL-R-13', 'MENTORING', '2021-03-01', '2021-03-15', 'REMAINED_IN_POST', '2021-03-19', ''],
];
const retentionLine = ([ref, recruitRef, intervention, start, review, outcome, outcomeDate, practice]: (typeof OUTCOMES)[number]) =>
  `${ref},${recruitRef},${intervention},${intervention === 'FELLOWSHIP' ? 'NEW_TO_PRACTICE_GP' : ''},${start},${review},8,${outcome},${outcomeDate},8,${practice}`;
const retentionFile = (lines: string[]) => [RETENTION_HEADER, ...lines].join('\n') + '\n';

describe('importing a hub’s past recruits and retention outcomes (real Postgres and Kafka)', () => {
  let service: ServiceUnderTest;
  let envelopes: PublishedEnvelopes;
  /** The staff id issued for each recruit, by the hub's record_ref. */
  const staffOf = new Map<string, string>();

  const upload = (path: string, text: string, caller: Caller = nelAdmin, hubId = NEL) => service.send('post', `${path}?hubId=${hubId}`, text, caller, 'text/csv');
  const get = (path: string, caller: Caller = nelAdmin) => service.get(path, caller);
  /** Polls an import until it is no longer running. */
  const finished = async (location: string) => {
    const deadline = Date.now() + 90_000;
    const seen: number[] = [];
    for (;;) {
      const progress = await get(location);
      expect(progress.status).toBe(200);
      seen.push(progress.body.processedRows as number);
      if (progress.body.status !== 'running') return { report: progress.body, seen };
      if (Date.now() > deadline) throw new Error(`import still running: ${JSON.stringify(progress.body)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  /** What is saved for the hub, and the last outbox position ever taken (the relay deletes rows once published). */
  const saved = async () => {
    const [row] = await service.dataSource.query(
      `SELECT (SELECT count(*)::int FROM staff_post WHERE hub_id = $1) AS posts,
              (SELECT count(*)::int FROM retention_intervention WHERE hub_id = $1) AS interventions,
              (SELECT count(*)::int FROM past_activity_record WHERE hub_id = $1) AS refs,
              (SELECT count(*)::int FROM past_activity_import) AS imports,
              coalesce(pg_sequence_last_value(pg_get_serial_sequence('outbox', 'seq')), 0)::int AS "lastEvent"`,
      [NEL],
    );
    return row as { posts: number; interventions: number; refs: number; imports: number; lastEvent: number };
  };
  const auditOf = async (importId: string) =>
    (await service.dataSource.query('SELECT action, actor, changes FROM audit_event WHERE entity_id = $1', [importId])) as Array<{ action: string; actor: string; changes: Record<string, unknown> }>;

  beforeAll(async () => {
    service = await startWorkforcePlanning({ environment: SmallChunks });
    envelopes = await PublishedEnvelopes.start(service, [STAFF_TOPIC]);
    await publishHub(service, { hubId: NEL, name: 'North East London Training Hub', activeFrom: '2020-04-01', footprints: [{ effectiveFrom: '2020-04-01', icbCode: 'QMF', regionCode: 'Y56' }] });
    await recordOrganisations(service, [
      { odsCode: 'U50001', type: OrganisationType.PCN, name: 'Tower Hamlets North PCN', parentOdsCode: 'QMF', since: '2019-07-01' },
      { odsCode: 'F84001', type: OrganisationType.GP_PRACTICE, name: 'Bow Health Centre', parentOdsCode: 'U50001', since: '2019-07-01' },
      { odsCode: 'F84002', type: OrganisationType.GP_PRACTICE, name: 'Roman Road Surgery', parentOdsCode: 'U50001', since: '2019-07-01' },
    ]);
  });

  afterAll(async () => {
    await service?.app.get(PastActivityImportsService).settled();
    await envelopes?.close();
    await service?.close();
  });

  let recruitImport: string;

  it('imports 13 GP recruits with 2020/21 start dates in the request: all accepted, one GpRecruited each at the start of its start date’s London day, one audit entry', async () => {
    const before = await saved();
    const response = await upload(RECRUITMENT_IMPORTS, recruitFile(RECRUITS.map(recruitLine)));
    expect(response.status).toBe(200);
    recruitImport = response.body.id as string;
    expect(response.headers.location).toBe(`${RECRUITMENT_IMPORTS}/${recruitImport}`);
    expect(response.body).toMatchObject({ kind: 'recruitment', hubId: NEL, status: 'completed', totalRows: 13, processedRows: 13, imported: 13, alreadyImported: 0, rejected: 0, rejectedByCode: {}, rejectedRows: [] });

    const imported = await get(`${RECRUITMENT_IMPORTS}/${recruitImport}/imported-rows.csv`);
    expect(imported.status).toBe(200);
    expect(imported.headers['content-type']).toMatch(/^text\/csv/);
    const [header, ...rows] = parseCsv(imported.text.trimEnd());
    expect(header).toEqual(['line', 'record_ref', 'staff_id']);
    expect(rows.map((r) => [r[0], r[1]])).toEqual(RECRUITS.map(([ref], i) => [String(i + 2), ref]));
    for (const [, ref, staffId] of rows) staffOf.set(ref, staffId);

    for (const [ref, start, practice] of RECRUITS) {
      const staffId = staffOf.get(ref)!;
      expect(await service.eventOf(GP_RECRUITED, staffId)).toMatchObject({ hubId: NEL, pcnOdsCode: 'U50001', practiceOdsCode: practice, startDate: { year: Number(start.slice(0, 4)), month: Number(start.slice(5, 7)), day: Number(start.slice(8)) } });
      expect((await envelopes.timesOf(GP_RECRUITED, staffId)).time.toISOString()).toBe(londonMidnight(start));
    }
    // The clocks went back on 25 October 2020: that day began at 23:00 UTC the evening before.
    expect((await envelopes.timesOf(GP_RECRUITED, staffOf.get('NEL-R-09')!)).time.toISOString()).toBe('2020-10-24T23:00:00.000Z');
    expect((await envelopes.timesOf(GP_RECRUITED, staffOf.get('NEL-R-10')!)).time.toISOString()).toBe('2020-11-02T00:00:00.000Z');
    const [post] = await service.dataSource.query('SELECT icb_code, started_on::text AS started_on FROM staff_post WHERE staff_id = $1', [staffOf.get('NEL-R-01')]);
    expect(post).toEqual({ icb_code: 'QMF', started_on: '2020-04-01' });

    expect(await saved()).toMatchObject({ posts: before.posts + 13, refs: before.refs + 13, imports: before.imports + 1 });
    // One audit entry for the import, none per row.
    expect(await auditOf(recruitImport)).toEqual([expect.objectContaining({ action: 'workforce.recruitment-import.completed', actor: 'nel-hub-lead', changes: expect.objectContaining({ imported: 13 }) })]);
    const [{ n }] = await service.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'staff.recruited'`);
    expect(n).toBe(0);
  });

  let retentionImport: string;

  it('imports 22 retention outcomes dated in 2020/21 in the background (202, Location, progress): all accepted, GpRetained at the start of each outcome day', async () => {
    const response = await upload(RETENTION_IMPORTS, retentionFile(OUTCOMES.map(retentionLine)));
    expect(response.status).toBe(202);
    retentionImport = response.body.id as string;
    expect(response.headers.location).toBe(`${RETENTION_IMPORTS}/${retentionImport}`);
    expect(response.body).toMatchObject({ kind: 'retention', status: 'running', totalRows: 22 });
    expect(response.body.processedRows).toBeLessThan(22);
    const { report, seen } = await finished(response.headers.location);
    expect(report).toMatchObject({ status: 'completed', totalRows: 22, processedRows: 22, imported: 22, alreadyImported: 0, rejected: 0 });
    // Progress moves in whole chunks of 5.
    expect(seen.every((n) => n % 5 === 0 || n === 22)).toBe(true);

    for (const [ref, start] of RECRUITS) {
      const staffId = staffOf.get(ref)!;
      const outcomes = OUTCOMES.filter((o) => o[1] === ref);
      const times = await envelopes.allTimesOf(GP_RETAINED, staffId, outcomes.length);
      expect(times.map((t) => t.time.toISOString())).toEqual(outcomes.map((o) => londonMidnight(o[6])).sort());
      expect(start <= outcomes[0][3]).toBe(true);
    }
    // BST ended on 25 October 2020; 30 June 2020 was in summer time.
    expect((await envelopes.allTimesOf(GP_RETAINED, staffOf.get('NEL-R-03')!, 2)).map((t) => t.time.toISOString())).toEqual(['2020-10-24T23:00:00.000Z', '2021-03-01T00:00:00.000Z']);
    expect((await envelopes.allTimesOf(GP_RETAINED, staffOf.get('NEL-R-01')!, 2))[0].time.toISOString()).toBe('2020-06-29T23:00:00.000Z');
    // Published in file order: NEL-T-05 (the fellowship), then NEL-T-06, a move to F84001 on 2020-10-25.
    expect(await service.eventOf(GP_RETAINED, staffOf.get('NEL-R-03')!, 2)).toMatchObject({
      hubId: NEL, outcome: RetentionOutcome.MOVED_WITHIN_SYSTEM, practiceOdsCode: 'F84001', pcnOdsCode: 'U50001', outcomeRecordedOn: { year: 2020, month: 10, day: 25 }, interventionStartedOn: { year: 2020, month: 5, day: 11 },
    });
    const moved = await service.dataSource.query(`SELECT practice_ods_code_after FROM retention_intervention WHERE staff_id = $1 AND outcome = 'MOVED_WITHIN_SYSTEM'`, [staffOf.get('NEL-R-03')]);
    expect(moved).toEqual([{ practice_ods_code_after: 'F84001' }]);
    // The two fellowships publish FellowshipEnrolled at the start of their first day, as the single route does.
    expect((await envelopes.timesOf(FELLOWSHIP_ENROLLED, staffOf.get('NEL-R-03')!)).time.toISOString()).toBe('2020-05-03T23:00:00.000Z');
    expect((await envelopes.timesOf(FELLOWSHIP_ENROLLED, staffOf.get('NEL-R-06')!)).time.toISOString()).toBe('2020-08-02T23:00:00.000Z');

    const retained = await get('/api/v1/workforce/retention?status=retained&limit=100');
    expect(retained.body.page.total).toBe(22);
    expect(envelopes.countOf(GP_RETAINED)).toBe(22);
    expect(await auditOf(retentionImport)).toEqual([expect.objectContaining({ action: 'workforce.retention-import.completed', changes: expect.objectContaining({ imported: 22 }) })]);
  });

  it('imports the same two files again without adding anything: every row already-imported, no record, no event; a reference reused with other values is refused', async () => {
    const before = await saved();
    const recruits = await upload(RECRUITMENT_IMPORTS, recruitFile(RECRUITS.map(recruitLine)));
    expect(recruits.status).toBe(200);
    expect(recruits.body).toMatchObject({ status: 'completed', imported: 0, alreadyImported: 13, rejected: 0 });
    expect(recruits.body.alreadyImportedRows).toHaveLength(13);
    expect(recruits.body.alreadyImportedRows[0]).toMatchObject({ line: 2, recordRef: 'NEL-R-01', code: 'already-imported', reason: expect.stringContaining(`import ${recruitImport}`) });

    const outcomes = await upload(RETENTION_IMPORTS, retentionFile(OUTCOMES.map(retentionLine)));
    expect(outcomes.status).toBe(202);
    const { report } = await finished(outcomes.headers.location);
    expect(report).toMatchObject({ status: 'completed', imported: 0, alreadyImported: 22, rejected: 0 });

    // NEL-R-01 again with another start date: not a correction, and not a new recruit.
    const reused = await upload(RECRUITMENT_IMPORTS, recruitFile([recruitLine(['NEL-R-01', '2020-05-01', 'F84001', 'SALARIED'])]));
    expect(reused.body).toMatchObject({ imported: 0, alreadyImported: 0, rejected: 1, rejectedByCode: { 'record-ref-reused': 1 } });

    expect(await saved()).toEqual({ ...before, imports: before.imports + 3 });
    expect(envelopes.countOf(GP_RECRUITED)).toBe(13);
    expect(envelopes.countOf(GP_RETAINED)).toBe(22);
    expect(await auditOf(recruits.body.id)).toHaveLength(1);
    expect(await auditOf(outcomes.body.id)).toHaveLength(1);
  });

  it('reports each bad row with its line and reason and saves nothing for it (future date, before 2020-04-01, unknown PCN, duplicate row, bad profession); the good rows import', async () => {
    const before = await saved();
    const tomorrow = dayAfter(londonToday());
    const response = await upload(
      RECRUITMENT_IMPORTS,
      recruitFile([
        'NEL-R-20,GP,GP,SALARIED,RETURNER,F84001,U50001,2020-11-16,30,7',
        `NEL-R-21,GP,GP,SALARIED,RETURNER,F84001,U50001,${tomorrow},30,7`,
        'NEL-R-22,GP,GP,SALARIED,RETURNER,F84001,U50001,2020-03-16,30,7',
        'NEL-R-23,GP,GP,SALARIED,RETURNER,,U59999,2020-11-16,30,7',
        'NEL-R-20,GP,GP,SALARIED,RETURNER,F84001,U50001,2020-11-16,30,7',
        'NEL-R-24,GP,DOCTOR,SALARIED,RETURNER,F84001,U50001,2020-11-16,30,7',
        'NEL-R-25,NURSE,NURSE,,INTERNATIONAL,F84002,U50001,2021-02-01,22.5,',
      ]),
    );
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      status: 'completed',
      totalRows: 7,
      imported: 2,
      rejected: 5,
      rejectedByCode: { 'date-in-the-future': 1, 'outside-hub-active-span': 1, 'unknown-pcn': 1, 'duplicate-in-file': 1, 'invalid-value': 1 },
    });
    expect(response.body.rejectedRows).toEqual([
      { line: 3, recordRef: 'NEL-R-21', code: 'date-in-the-future', reason: expect.stringContaining(`(${tomorrow}) is after today`) },
      { line: 4, recordRef: 'NEL-R-22', code: 'outside-hub-active-span', reason: expect.stringMatching(/active from 2020-04-01: a record dated 2020-03-16 is before it/) },
      { line: 5, recordRef: 'NEL-R-23', code: 'unknown-pcn', reason: expect.stringContaining('U59999 is not a primary care network') },
      { line: 6, recordRef: 'NEL-R-20', code: 'duplicate-in-file', reason: expect.stringContaining('also on line 2') },
      { line: 7, recordRef: 'NEL-R-24', code: 'invalid-value', reason: expect.stringMatching(/^profession must be one of .*\(was "DOCTOR"\)$/) },
    ]);

    const csv = await get(`${RECRUITMENT_IMPORTS}/${response.body.id}/rejected-rows.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const [header, ...rows] = parseCsv(csv.text.trimEnd());
    expect(header).toEqual(['line', 'code', 'reason', ...RECRUIT_HEADER.split(',')]);
    expect(rows.map((r) => [r[0], r[1], r[3]])).toEqual([
      ['3', 'date-in-the-future', 'NEL-R-21'],
      ['4', 'outside-hub-active-span', 'NEL-R-22'],
      ['5', 'unknown-pcn', 'NEL-R-23'],
      ['6', 'duplicate-in-file', 'NEL-R-20'],
      ['7', 'invalid-value', 'NEL-R-24'],
    ]);
    expect(rows[4].slice(3)).toEqual('NEL-R-24,GP,DOCTOR,SALARIED,RETURNER,F84001,U50001,2020-11-16,30,7'.split(','));

    const after = await saved();
    expect(after).toMatchObject({ posts: before.posts + 2, refs: before.refs + 2 });
    const refs = await service.dataSource.query(`SELECT record_ref FROM past_activity_record WHERE import_id = $1 ORDER BY line`, [response.body.id]);
    expect(refs).toEqual([{ record_ref: 'NEL-R-20' }, { record_ref: 'NEL-R-25' }]);
    const [nurse] = await service.dataSource.query(`SELECT record_id FROM past_activity_record WHERE record_ref = 'NEL-R-25'`);
    expect((await envelopes.timesOf(STAFF_RECRUITED, nurse.record_id)).time.toISOString()).toBe('2021-02-01T00:00:00.000Z');
    const [gp] = await service.dataSource.query(`SELECT record_id FROM past_activity_record WHERE record_ref = 'NEL-R-20'`);
    expect((await envelopes.timesOf(GP_RECRUITED, gp.record_id)).time.toISOString()).toBe('2020-11-16T00:00:00.000Z');
    expect(envelopes.countOf(GP_RECRUITED)).toBe(14);
    expect(envelopes.countOf(STAFF_RECRUITED)).toBe(1);
  });

  it('judges retention rows by the outcome rules: an unknown recruit, an outcome before the review point or after today is reported, nothing saved for it', async () => {
    const before = await saved();
    const tomorrow = dayAfter(londonToday());
    const response = await upload(
      RETENTION_IMPORTS,
      retentionFile([
        'NEL-T-30,NEL-R-99,MENTORING,,2020-06-01,2020-09-01,8,REMAINED_IN_POST,2020-09-01,8,',
        'NEL-T-31,NEL-R-02,MENTORING,,2020-06-01,2020-09-01,8,REMAINED_IN_POST,2020-08-01,8,',
        `NEL-T-32,NEL-R-02,MENTORING,,2020-06-01,2020-09-01,8,REMAINED_IN_POST,${tomorrow},8,`,
        'NEL-T-33,NEL-R-02,MENTORING,,2020-03-02,2020-09-01,8,REMAINED_IN_POST,2020-09-01,8,',
        'NEL-T-34,NEL-R-02,MENTORING,,2020-06-01,2020-09-01,8,WITHDREW,2020-09-01,0,',
      ]),
    );
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      imported: 1,
      rejected: 4,
      rejectedByCode: { 'unknown-recruit': 1, 'before-review-point': 1, 'date-in-the-future': 1, 'outside-hub-active-span': 1 },
    });
    expect(response.body.rejectedRows.map((r: { line: number }) => r.line)).toEqual([2, 3, 4, 5]);
    // One intervention saved (not retained: no GpRetained), none for the four rejected rows.
    expect(await saved()).toMatchObject({ interventions: before.interventions + 1, refs: before.refs + 1 });
    expect(envelopes.countOf(GP_RETAINED)).toBe(22);
  });

  it('refuses a malformed CSV, a wrong header or an empty file whole, saving nothing (not even the import)', async () => {
    const before = await saved();
    const malformed = await upload(RECRUITMENT_IMPORTS, recruitFile([recruitLine(['NEL-R-40', '2020-06-01', 'F84001', 'SALARIED']), 'NEL-R-41,"GP,GP,SALARIED,RETURNER,,U50001,2020-06-01,30,7']));
    expect(malformed.status).toBe(400);
    expect(malformed.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(malformed.body).toMatchObject({ code: 'malformed-csv', line: 3, detail: expect.stringContaining('Nothing was imported') });

    const wrongHeader = await upload(RECRUITMENT_IMPORTS, 'record_ref,staff_group,profession,route,pcn_ods_code,started,hours_per_week\nNEL-R-42,GP,GP,RETURNER,U50001,2020-06-01,30\n');
    expect(wrongHeader.status).toBe(422);
    expect(wrongHeader.body).toMatchObject({ code: 'invalid-header', detail: expect.stringMatching(/unknown column\(s\) "started".*missing column\(s\) start_date/) });

    const empty = await upload(RETENTION_IMPORTS, '');
    expect(empty.status).toBe(422);
    expect(empty.body).toMatchObject({ code: 'empty-file' });
    const headerOnly = await upload(RETENTION_IMPORTS, `${RETENTION_HEADER}\n`);
    expect(headerOnly.body).toMatchObject({ status: 422, code: 'empty-file' });

    expect(await saved()).toEqual(before);
  });

  it('refuses another ICB’s or another hub’s caller (404) and an analyst (403), saving nothing; they cannot read the hub’s imports either', async () => {
    const before = await saved();
    const file = recruitFile([recruitLine(['NEL-R-50', '2020-06-01', 'F84001', 'SALARIED'])]);
    const icb = await upload(RECRUITMENT_IMPORTS, file, otherIcb);
    expect(icb.status).toBe(404);
    expect(icb.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await upload(RETENTION_IMPORTS, retentionFile([retentionLine(OUTCOMES[0])]), otherHubAdmin)).status).toBe(404);
    expect((await upload(RECRUITMENT_IMPORTS, file, analyst)).status).toBe(403);
    expect(await saved()).toEqual(before);

    expect((await get(`${RECRUITMENT_IMPORTS}/${recruitImport}`, otherIcb)).status).toBe(404);
    expect((await get(`${RECRUITMENT_IMPORTS}/${recruitImport}/rejected-rows.csv`, otherHubAdmin)).status).toBe(404);
    // An analyst reads; a recruitment import is not a retention import.
    expect((await get(`${RECRUITMENT_IMPORTS}/${recruitImport}`, analyst)).status).toBe(200);
    expect((await get(`${RETENTION_IMPORTS}/${recruitImport}`)).status).toBe(404);
  });
});
