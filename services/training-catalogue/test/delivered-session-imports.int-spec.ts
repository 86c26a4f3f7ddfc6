import { randomUUID } from 'node:crypto';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Caller } from '@traininghubs/auth';
import type { BookingConfirmed, CourseDelivered } from '@traininghubs/contracts';
import { KpiArea, Profession } from '@traininghubs/contracts';
import { readCsvRecords } from '@traininghubs/csv';
import { DeliveredSessionImportsService } from '../src/delivered-session-imports/delivered-session-imports.service';
import { CatalogueTestApp, TestClock, type PublishedEvent } from './catalogue-test-app';

const HUB = randomUUID();
const OTHER_HUB = randomUUID();
/** A second hub in the same ICB: the ICB's callers see its courses. */
const NEIGHBOUR_HUB = randomUUID();
const admin: Caller = { subject: 'nel-hub-lead', role: 'hub_admin', scope: { kind: 'hub', hubId: HUB } };
const icb: Caller = { subject: 'nel-icb', role: 'icb', scope: { kind: 'icb', code: 'QMF' } };
const analyst: Caller = { subject: 'nel-analyst', role: 'analyst', scope: { kind: 'hub', hubId: HUB } };
const otherAdmin: Caller = { subject: 'bsw-hub-lead', role: 'hub_admin', scope: { kind: 'hub', hubId: OTHER_HUB } };
const otherIcb: Caller = { subject: 'bsw-icb', role: 'icb', scope: { kind: 'icb', code: 'QOX' } };
const PROBLEM_JSON = /^application\/problem\+json/;
const PROBLEMS = 'https://traininghubs.nhs.uk/problems/';
const IMPORTS = '/api/v1/courses/delivered-session-imports';
const HEADER = 'session_ref,course_id,starts_at,ends_at,venue,online_link,capacity,learner_email,learner_name,profession,employer_ods_code,attended';
/** Files with more rows than this run in the background, 5 rows (about one session) per chunk. */
const BACKGROUND_ROWS = 60;

interface Place {
  email: string;
  name?: string;
  profession?: string;
  attended?: boolean;
}
interface Session {
  ref: string;
  course: string;
  starts: string;
  ends: string;
  capacity?: number;
  venue?: string;
  link?: string;
  places: Place[];
}
const rowsOf = (s: Session) =>
  s.places.map((p) =>
    [s.ref, s.course, s.starts, s.ends, s.venue ?? (s.link ? '' : 'Lakeside Centre'), s.link ?? '', s.capacity ?? 10, p.email, p.name ?? p.email.split('@')[0], p.profession ?? 'NURSE', 'F83004', String(p.attended ?? true)].join(
      ',',
    ),
  );
const csvOf = (...sessions: Session[]) => `${[HEADER, ...sessions.flatMap(rowsOf)].join('\r\n')}\r\n`;
const isDelivery = (sessionId: string) => (e: PublishedEvent) => e.type.endsWith('course_delivered.v1') && e.key === sessionId;

describe('importing a hub’s past sessions and attendance from CSV (real Postgres and Kafka)', () => {
  // Today, for the catalogue: mid-October 2025.
  const clock = new TestClock(new Date('2025-10-15T09:00:00Z'));
  const harness = new CatalogueTestApp(clock, { IMPORT_BACKGROUND_ROWS: String(BACKGROUND_ROWS), IMPORT_CHUNK_ROWS: '5' });
  let courseId: string;
  let secondCourseId: string;
  let theirCourseId: string;
  let neighbourCourseId: string;
  let knownLearner: string;
  let theirLearner: string;

  const post = (caller: Caller, csv: string, hubId = HUB, contentType?: string) => harness.postFile(caller, `${IMPORTS}?hubId=${hubId}`, csv, contentType);
  const course = (caller: Caller, hubId: string, title: string) =>
    harness.post(caller, '/api/v1/courses', {
      hubId,
      title,
      description: 'Supervising pharmacists, paramedics and physician associates.',
      format: 'SINGLE_SESSION',
      kpiArea: 'EDUCATIONAL_DESIGN',
      targetProfessions: [],
      providerName: 'North East London Training Hub',
      providerType: 'TRAINING_HUB',
      deliveryMode: 'IN_PERSON',
      cpdAccreditation: { body: 'RCGP', creditsPerHour: 1 },
      fundingSource: 'Training hub education budget',
      pricePerPlacePence: 2500,
    });
  const count = async (sql: string, params: unknown[] = []) => (await harness.query(`SELECT count(*)::int AS n FROM ${sql}`, params))[0].n as number;
  const saved = async () => ({
    imports: await count('delivered_session_import'),
    sessions: await count('course_session'),
    bookings: await count('booking'),
    learners: await count('learner'),
    imported: await count('imported_session'),
    audited: await count('audit_event'),
  });
  const outboxDrained = () => harness.until(async () => (await count('outbox')) === 0, 'the outbox published');

  beforeAll(async () => {
    await harness.start();
    await harness.registerHub(HUB, 'QMF', 'Y56', '2020-04-01');
    await harness.registerHub(OTHER_HUB, 'QOX', 'Y58', '2020-04-01');
    await harness.registerHub(NEIGHBOUR_HUB, 'QMF', 'Y56', '2020-04-01');
    courseId = (await course(admin, HUB, 'Clinical supervisor training for ARRS roles')).body.courseId;
    secondCourseId = (await course(admin, HUB, 'Mentoring new practice nurses')).body.courseId;
    theirCourseId = (await course(otherAdmin, OTHER_HUB, 'BSW preceptorship')).body.courseId;
    neighbourCourseId = (await course(icb, NEIGHBOUR_HUB, 'Locality hub induction')).body.courseId;
    const known = await harness.post(admin, '/api/v1/learners', { hubId: HUB, email: 'Known.GP@nhs.net', displayName: 'Known GP', profession: 'GP', employerOdsCode: 'F83004' });
    knownLearner = known.body.learnerId;
    // The same address registered by another hub: a record of its own, never used for this hub.
    theirLearner = (await harness.post(otherAdmin, '/api/v1/learners', { hubId: OTHER_HUB, email: 'shared@nhs.net', displayName: 'BSW Person', profession: 'NURSE' })).body.learnerId;
    expect([knownLearner, theirLearner, courseId, secondCourseId, theirCourseId, neighbourCourseId].every(Boolean)).toBe(true);
  });

  afterAll(async () => {
    await harness.stop();
  });

  const june2020: Session = {
    ref: 'NEL-2020-014',
    course: '',
    starts: '2020-06-10T09:30',
    ends: '2020-06-10T12:30',
    capacity: 10,
    places: [
      { email: 'known.gp@NHS.net', name: 'Known GP (2020)', profession: 'NURSE', attended: true },
      { email: 'pat.pharmacist@nhs.net', profession: 'PHARMACIST', attended: true },
      { email: 'shared@nhs.net', profession: 'NURSE', attended: false },
    ],
  };
  const lateSeptember: Session = {
    ref: 'NEL-2025-090',
    course: '',
    starts: '2025-09-30 23:30',
    ends: '2025-10-01 00:15',
    link: 'https://teams.microsoft.com/l/meetup-join/nel-2025-090',
    capacity: 2,
    places: [
      { email: 'pat.pharmacist@nhs.net', profession: 'PHARMACIST', attended: true },
      { email: 'new.nurse@nhs.net', profession: 'NURSE', attended: true },
    ],
  };
  let validFile: string;

  it('imports a valid file: each session delivered with a booking per row, learners found or registered in the hub, CourseDelivered dated each start', async () => {
    validFile = csvOf({ ...june2020, course: courseId }, { ...lateSeptember, course: secondCourseId });
    const before = await saved();
    const response = await post(admin, validFile);
    expect(response.status).toBe(200);
    const importId = response.body.importId as string;
    expect(response.headers.location).toBe(`${IMPORTS}/${importId}`);
    expect(response.body).toMatchObject({
      hubId: HUB,
      status: 'completed',
      totalRows: 5,
      totalSessions: 2,
      processedRows: 5,
      processedSessions: 2,
      sessionsImported: 2,
      sessionsAlreadyImported: 0,
      sessionsRejected: 0,
      attendanceImported: 5,
      learnersRegistered: 3,
      rejectedRows: 0,
      rejectedRowsByCode: {},
      firstRejectedRows: [],
      rejectedRowsCsv: `${IMPORTS}/${importId}/rejected-rows.csv`,
      requestedBy: admin.subject,
    });
    expect(await saved()).toEqual({ ...before, imports: before.imports + 1, sessions: before.sessions + 2, bookings: before.bookings + 5, learners: before.learners + 3, imported: 2, audited: before.audited + 1 });

    // Learners of this hub, by e-mail: the known one keeps its id and today's details; the other hub's record is untouched.
    const learners = await harness.query(`SELECT learner_id, lower(email) AS email, display_name, profession FROM learner WHERE hub_id = $1 ORDER BY 2`, [HUB]);
    expect(learners.map((l) => [l.email, l.profession])).toEqual([
      ['known.gp@nhs.net', 'GP'],
      ['new.nurse@nhs.net', 'NURSE'],
      ['pat.pharmacist@nhs.net', 'PHARMACIST'],
      ['shared@nhs.net', 'NURSE'],
    ]);
    expect(learners[0]).toMatchObject({ learner_id: knownLearner, display_name: 'Known GP' });
    expect(learners.map((l) => l.learner_id)).not.toContain(theirLearner);

    const sessions = await harness.query(
      `SELECT k.session_ref, s.session_id, s.course_id, s.status, s.starts_at, s.delivered_at, s.confirmed_places, s.capacity, s.venue, s.online_link
         FROM imported_session k JOIN course_session s ON s.session_id = k.session_id WHERE k.hub_id = $1 ORDER BY s.starts_at`,
      [HUB],
    );
    expect(sessions).toEqual([
      expect.objectContaining({ session_ref: 'NEL-2020-014', course_id: courseId, status: 'delivered', starts_at: new Date('2020-06-10T08:30:00Z'), delivered_at: new Date('2020-06-10T08:30:00Z'), confirmed_places: 3, venue: 'Lakeside Centre', online_link: null }),
      expect.objectContaining({ session_ref: 'NEL-2025-090', course_id: secondCourseId, status: 'delivered', starts_at: new Date('2025-09-30T22:30:00Z'), confirmed_places: 2, venue: null }),
    ]);
    const [june, september] = sessions.map((s) => s.session_id as string);
    const bookings = await harness.query(
      `SELECT lower(l.email) AS email, b.learner_id, b.status, b.profession, b.confirmed_at FROM booking b JOIN learner l ON l.learner_id = b.learner_id WHERE b.session_id = $1 ORDER BY b.booking_seq`,
      [june],
    );
    // The booking keeps the profession of the time; each place counts as confirmed by the session's start.
    expect(bookings.map((b) => [b.email, b.status, b.profession])).toEqual([
      ['known.gp@nhs.net', 'attended', 'NURSE'],
      ['pat.pharmacist@nhs.net', 'attended', 'PHARMACIST'],
      ['shared@nhs.net', 'did_not_attend', 'NURSE'],
    ]);
    expect(bookings[0].learner_id).toBe(knownLearner);
    expect(bookings.every((b) => (b.confirmed_at as Date).toISOString() === '2020-06-10T08:30:00.000Z')).toBe(true);

    // The events the delivered-sessions route publishes: BookingConfirmed per place, then CourseDelivered, dated the session's start.
    const [juneDelivered] = await harness.eventsWhere(isDelivery(june), 1);
    const [septemberDelivered] = await harness.eventsWhere(isDelivery(september), 1);
    expect(juneDelivered.time).toBe('2020-06-10T08:30:00.000Z');
    expect(septemberDelivered.time).toBe('2025-09-30T22:30:00.000Z');
    expect(Date.parse(juneDelivered.recordedTime!)).toBeGreaterThan(Date.parse(juneDelivered.time));
    expect(juneDelivered.payload as CourseDelivered).toMatchObject({
      hubId: HUB,
      courseId,
      sessionId: june,
      kpiArea: KpiArea.EDUCATIONAL_DESIGN,
      durationMinutes: 180,
      participants: 2,
      bookings: 3,
      didNotAttend: 1,
      cpdMinutesDelivered: 360n,
    });
    expect((juneDelivered.payload as CourseDelivered).participantsByProfession.map((p) => [p.profession, p.participants]).sort()).toEqual(
      [
        [Profession.NURSE, 1],
        [Profession.PHARMACIST, 1],
      ].sort(),
    );
    expect(septemberDelivered.payload as CourseDelivered).toMatchObject({ courseId: secondCourseId, durationMinutes: 45, participants: 2, bookings: 2, didNotAttend: 0, cpdMinutesDelivered: 90n });
    await harness.eventsWhere((e) => e.key === june, 4);
    const onJune = harness.events.filter((e) => e.key === june);
    expect(onJune.map((e) => e.type.split('.').at(-2))).toEqual(['booking_confirmed', 'booking_confirmed', 'booking_confirmed', 'course_delivered']);
    expect(onJune.slice(0, 3).every((e) => e.time === '2020-06-10T08:30:00.000Z' && (e.payload as BookingConfirmed).pricePence === 2500n)).toBe(true);

    // On the learner's CPD record as of the day it happened; the import is audited and readable.
    const cpd = await harness.get(admin, `/api/v1/learners/${knownLearner}/cpd-record`);
    expect(cpd.body.activities).toEqual([expect.objectContaining({ sessionId: june, date: '2020-06-10', minutes: 180 })]);
    const [audit] = await harness.query(`SELECT actor, action, entity_id, changes FROM audit_event WHERE entity_type = 'delivered_session_import'`);
    expect(audit).toMatchObject({ actor: admin.subject, action: 'delivered-sessions.imported', entity_id: importId, changes: expect.objectContaining({ hubId: HUB, sessionsImported: 2, attendanceImported: 5 }) });
    const read = await harness.get(icb, `${IMPORTS}/${importId}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ importId, status: 'completed', sessionsImported: 2, finishedAt: expect.any(String) });
  });

  it('adds nothing when the same file comes again: every session is already imported, no event is published', async () => {
    await outboxDrained();
    const deliveriesBefore = harness.events.filter((e) => e.type.endsWith('course_delivered.v1')).length;
    const before = await saved();
    const response = await post(admin, validFile);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'completed', totalSessions: 2, processedSessions: 2, sessionsImported: 0, sessionsAlreadyImported: 2, sessionsRejected: 0, attendanceImported: 0, learnersRegistered: 0, rejectedRows: 0 });
    // Only the import and its audit entry are new.
    expect(await saved()).toEqual({ ...before, imports: before.imports + 1, audited: before.audited + 1 });
    expect(await count('outbox')).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(harness.events.filter((e) => e.type.endsWith('course_delivered.v1'))).toHaveLength(deliveriesBefore);
  });

  it('rejects a bad session whole and imports the others; the report counts rows and sessions by code, lists the first rows and gives every one as CSV', async () => {
    const place = (n: string, extra: Partial<Place> = {}): Place => ({ email: `${n}@nhs.net`, ...extra });
    const good: Session = { ref: 'NEL-2021-001', course: courseId, starts: '2021-03-10T09:30', ends: '2021-03-10T12:30', places: [place('g1'), place('g2', { attended: false })] };
    const bad: Session[] = [
      { ref: 'NEL-U', course: randomUUID(), starts: '2021-03-11T09:30', ends: '2021-03-11T12:30', places: [place('u1')] },
      // A course of another hub of the ICB, which the ICB's caller sees; and one of another ICB's hub, which it must not learn of.
      { ref: 'NEL-O', course: neighbourCourseId, starts: '2021-03-12T09:30', ends: '2021-03-12T12:30', places: [place('o1')] },
      { ref: 'NEL-T', course: theirCourseId, starts: '2021-03-12T09:30', ends: '2021-03-12T12:30', places: [place('t1')] },
      { ref: 'NEL-F', course: courseId, starts: '2025-10-20T09:30', ends: '2025-10-20T12:30', places: [place('f1')] },
      { ref: 'NEL-B', course: courseId, starts: '2020-03-31T09:30', ends: '2020-03-31T12:30', places: [place('b1')] },
      { ref: 'NEL-C', course: courseId, starts: '2021-03-13T09:30', ends: '2021-03-13T12:30', capacity: 2, places: [place('c1'), place('c2'), place('c3')] },
      { ref: 'NEL-D', course: courseId, starts: '2021-03-14T09:30', ends: '2021-03-14T12:30', places: [place('d1'), place('d2'), place('d1')] },
      { ref: 'NEL-E', course: courseId, starts: '2021-03-15T09:30', ends: '2021-03-15T12:30', places: [place('e1'), { email: 'not-an-address' }] },
    ];
    const file = csvOf(good, ...bad);
    const before = await saved();
    const response = await post(icb, file);
    expect(response.status).toBe(200);
    const report = response.body;
    expect(report).toMatchObject({
      status: 'completed',
      totalRows: 15,
      totalSessions: 9,
      processedRows: 15,
      processedSessions: 9,
      sessionsImported: 1,
      sessionsRejected: 8,
      attendanceImported: 2,
      learnersRegistered: 2,
      rejectedRows: 13,
      rejectedSessionsByCode: {
        'attendance-over-capacity': 1,
        'course-of-another-hub': 1,
        'duplicate-row': 1,
        'invalid-email': 1,
        'outside-hub-active-span': 1,
        'session-not-yet-ended': 1,
        'unknown-course': 2,
      },
      rejectedRowsByCode: {
        'attendance-over-capacity': 3,
        'course-of-another-hub': 1,
        'duplicate-row': 1,
        'invalid-email': 1,
        'outside-hub-active-span': 1,
        'rejected-with-session': 3,
        'session-not-yet-ended': 1,
        'unknown-course': 2,
      },
    });
    expect(report.firstRejectedRows.map((r: { line: number; code: string }) => [r.line, r.code])).toEqual([
      [4, 'unknown-course'],
      [5, 'course-of-another-hub'],
      [6, 'unknown-course'],
      [7, 'session-not-yet-ended'],
      [8, 'outside-hub-active-span'],
      [9, 'attendance-over-capacity'],
      [10, 'attendance-over-capacity'],
      [11, 'attendance-over-capacity'],
      [12, 'rejected-with-session'],
      [13, 'rejected-with-session'],
      [14, 'duplicate-row'],
      [15, 'rejected-with-session'],
      [16, 'invalid-email'],
    ]);
    const reasonOf = (line: number) => report.firstRejectedRows.find((r: { line: number }) => r.line === line).reason as string;
    expect(reasonOf(8)).toContain('active from 2020-04-01');
    expect(reasonOf(14)).toContain('repeats line 12');
    expect(reasonOf(15)).toContain('line 16: invalid-email');
    // The other ICB's course is not named as theirs: no more than an unknown course.
    expect(reasonOf(6)).not.toContain(OTHER_HUB);
    expect(reasonOf(5)).toContain(NEIGHBOUR_HUB);
    expect(report.firstRejectedRows[0]).toEqual({ line: 4, sessionRef: 'NEL-U', code: 'unknown-course', reason: expect.stringContaining('is not a course') });

    // Only the good session was saved: its session, bookings and learners, nothing of the rejected ones.
    expect(await saved()).toEqual({ ...before, imports: before.imports + 1, sessions: before.sessions + 1, bookings: before.bookings + 2, learners: before.learners + 2, imported: before.imported + 1, audited: before.audited + 1 });
    expect(await count(`learner WHERE lower(email) = ANY($1::text[])`, [['u1', 'o1', 't1', 'f1', 'b1', 'c1', 'c2', 'c3', 'd1', 'd2', 'e1'].map((n) => `${n}@nhs.net`)])).toBe(0);
    expect((await harness.query(`SELECT session_ref FROM imported_session WHERE session_ref LIKE 'NEL-2021%' OR session_ref LIKE 'NEL-_'`)).map((r) => r.session_ref)).toEqual(['NEL-2021-001']);

    // Every rejected row as CSV: line, code, reason, then the row exactly as it was in the file.
    const csv = await harness.get(admin, report.rejectedRowsCsv);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toContain(`rejected-rows-${report.importId}.csv`);
    const records = readCsvRecords(csv.text).filter((r) => r.fields.join('') !== '');
    expect(records[0].fields).toEqual(['line', 'error_code', 'reason', ...HEADER.split(',')]);
    expect(records).toHaveLength(1 + 13);
    const fileRows = readCsvRecords(file).map((r) => r.fields);
    for (const { fields } of records.slice(1)) expect(fields.slice(3)).toEqual(fileRows[Number(fields[0]) - 1]);
    expect(records.slice(1).map((r) => r.fields[1])).toEqual(report.firstRejectedRows.map((r: { code: string }) => r.code));

    // Another ICB never sees it; an analyst may not.
    expect((await harness.get(otherIcb, `${IMPORTS}/${report.importId}`)).status).toBe(404);
    expect((await harness.get(otherIcb, report.rejectedRowsCsv)).status).toBe(404);
    expect((await harness.get(analyst, `${IMPORTS}/${report.importId}`)).status).toBe(403);
    expect((await harness.get(admin, `${IMPORTS}/${randomUUID()}`)).status).toBe(404);
  });

  it('refuses the whole file with problem+json, saving nothing: unclosed quote, wrong header, empty file, header alone, not CSV, over the import limit (413)', async () => {
    const before = await saved();
    const good = csvOf({ ref: 'NEL-2022-001', course: courseId, starts: '2022-01-10T09:30', ends: '2022-01-10T12:30', places: [{ email: 'q1@nhs.net' }] });
    const refusals: Array<[string, number, string, string?]> = [
      [`${good}NEL-2022-002,${courseId},2022-01-11T09:30,2022-01-11T12:30,"Unclosed hall,,10,q2@nhs.net,Q,NURSE,,true\r\n`, 400, 'malformed-csv'],
      ['code,name,postcode,parent_code,open_date,close_date\r\nF83004,Practice,N1 1AA,U1,2020-01-01,\r\n', 422, 'invalid-import-header'],
      ['', 422, 'empty-import-file'],
      [`${HEADER}\r\n\r\n`, 422, 'empty-import-file'],
      [JSON.stringify({ csv: good }), 415, 'unsupported-media-type', 'application/json'],
    ];
    for (const [body, status, code, contentType] of refusals) {
      const response = await post(admin, body, HUB, contentType);
      expect({ code, status: response.status, type: response.body.type }).toEqual({ code, status, type: `${PROBLEMS}${code}` });
      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(response.body.detail).toEqual(expect.any(String));
    }
    const malformed = await post(admin, refusals[0][0]);
    expect(malformed.body).toMatchObject({ line: 3, detail: expect.stringContaining('never closed') });
    expect((await post(admin, refusals[1][0])).body.detail).toContain('missing session_ref');

    // A 50 MB file: over the service's own limit (the gateway's 25 MiB for imports), refused before it is read.
    const huge = `${good}${'x'.repeat(50 * 1024 * 1024)}`;
    const tooLarge = await post(admin, huge);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(tooLarge.body).toMatchObject({ type: `${PROBLEMS}body-too-large`, status: 413, detail: 'Send at most 26214400 bytes to this route.' });
    // Sent without a length (chunked), it is read to the limit and no further, and refused the same way.
    const chunked = await new Promise<{ status: number; body: { type?: string } }>((resolve, reject) => {
      void harness.token(admin).then((token) => {
        const call = harness.request().post(`${IMPORTS}?hubId=${HUB}`).set('Authorization', `Bearer ${token}`).set('Content-Type', 'text/csv');
        const piece = 'y'.repeat(1024 * 1024);
        for (let i = 0; i < 30; i++) call.write(piece);
        call.end((error, response) => (error ? reject(error) : resolve(response)));
      });
    });
    expect(chunked.status).toBe(413);
    expect(chunked.body.type).toBe(`${PROBLEMS}body-too-large`);
    expect(await saved()).toEqual(before);
  });

  it('lets only callers who may write to the hub import: analysts, another hub and another ICB 403, an unknown hub 422, saving nothing', async () => {
    const before = await saved();
    const file = csvOf({ ref: 'NEL-2022-009', course: courseId, starts: '2022-02-10T09:30', ends: '2022-02-10T12:30', places: [{ email: 'r1@nhs.net' }] });
    for (const outsider of [analyst, otherAdmin, otherIcb]) {
      const response = await post(outsider, file);
      expect({ who: outsider.subject, status: response.status }).toEqual({ who: outsider.subject, status: 403 });
      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    }
    const unknown = await post(admin, file, randomUUID());
    expect([unknown.status, unknown.body.type]).toEqual([503, `${PROBLEMS}hub-not-known-yet`]);
    expect((await harness.postFile(admin, IMPORTS, file)).status).toBe(400);
    expect(await saved()).toEqual(before);
  });

  it('runs a large file in the background (202, Location, progress by chunk) and, stopped between chunks, resumes where it stood without doubling anything', async () => {
    const sessions: Session[] = Array.from({ length: 16 }, (_, i) => ({
      ref: `NEL-2023-${String(i + 1).padStart(3, '0')}`,
      course: i % 2 === 0 ? courseId : secondCourseId,
      starts: `2023-05-${String(i + 1).padStart(2, '0')}T13:00`,
      ends: `2023-05-${String(i + 1).padStart(2, '0')}T15:00`,
      capacity: 5,
      places: Array.from({ length: 5 }, (__, n) => ({ email: `bg${n}@nhs.net`, profession: n % 2 === 0 ? 'NURSE' : 'GP', attended: n !== 4 })),
    }));
    // One session over capacity among them, rejected alone.
    sessions[7] = { ...sessions[7], capacity: 4 };
    const service = harness.app.get(DeliveredSessionImportsService);
    const before = await saved();

    const response = await post(icb, csvOf(...sessions));
    expect(response.status).toBe(202);
    const importId = response.body.importId as string;
    expect(response.headers.location).toBe(`${IMPORTS}/${importId}`);
    expect(response.body).toMatchObject({ status: 'running', totalRows: 80, totalSessions: 16 });
    expect(response.body.totalRows).toBeGreaterThan(BACKGROUND_ROWS);
    // Stop it between chunks, as a shutdown does: it hands the import back part-way.
    await service.drain();
    const part = (await harness.get(icb, `${IMPORTS}/${importId}`)).body;
    expect(part.status).toBe('running');
    expect(part.processedSessions).toBeGreaterThan(0);
    expect(part.processedSessions).toBeLessThan(16);
    expect(part.processedRows).toBe(part.processedSessions * 5);
    // Each chunk committed whole with its progress: what is saved is exactly what the progress says.
    expect(await count('imported_session WHERE import_id = $1', [importId])).toBe(part.sessionsImported);
    expect(await count('booking b JOIN imported_session k ON k.session_id = b.session_id WHERE k.import_id = $1', [importId])).toBe(part.attendanceImported);

    // As if its process had died: a lease that lapsed. The next process to look resumes it.
    await harness.query(`UPDATE delivered_session_import SET worker_id = 'crashed-process', lease_until = now() - interval '1 second' WHERE id = $1`, [importId]);
    expect(await service.resumeInterrupted()).toEqual([importId]);
    await service.settled(importId);
    const done = (await harness.get(icb, `${IMPORTS}/${importId}`)).body;
    expect(done).toMatchObject({
      status: 'completed',
      processedRows: 80,
      processedSessions: 16,
      sessionsImported: 15,
      sessionsRejected: 1,
      attendanceImported: 75,
      learnersRegistered: 5,
      rejectedRowsByCode: { 'attendance-over-capacity': 5 },
      rejectedSessionsByCode: { 'attendance-over-capacity': 1 },
    });
    expect(done.firstRejectedRows.map((r: { line: number }) => r.line)).toEqual([37, 38, 39, 40, 41]);
    expect(await saved()).toEqual({ ...before, imports: before.imports + 1, sessions: before.sessions + 15, bookings: before.bookings + 75, learners: before.learners + 5, imported: before.imported + 15, audited: before.audited + 1 });
    expect(await count('delivered_session_import_session WHERE import_id = $1', [importId])).toBe(0);

    // One CourseDelivered per session, at its start (13:00 BST), with 4 of 5 attending.
    const ids = (await harness.query(`SELECT session_id FROM imported_session WHERE import_id = $1`, [importId])).map((r) => r.session_id as string);
    const deliveries = await harness.eventsWhere((e) => e.type.endsWith('course_delivered.v1') && ids.includes(e.key), 15);
    expect(new Set(deliveries.map((e) => e.key)).size).toBe(15);
    expect(deliveries.every((e) => /^2023-05-\d\dT12:00:00\.000Z$/.test(e.time) && (e.payload as CourseDelivered).participants === 4 && (e.payload as CourseDelivered).didNotAttend === 1)).toBe(true);
  });

  it('documents the route, its columns and its answers in the OpenAPI document', () => {
    const document = SwaggerModule.createDocument(harness.app, new DocumentBuilder().setTitle('Training catalogue').build());
    const start = document.paths[IMPORTS].post!;
    expect(Object.keys(start.requestBody && 'content' in start.requestBody ? start.requestBody.content : {})).toEqual(['text/csv']);
    for (const column of HEADER.split(',')) expect(start.description).toContain(`\`${column}\``);
    expect(Object.keys(start.responses).sort()).toEqual(['200', '202', '400', '413', '422']);
    expect(document.paths[`${IMPORTS}/{importId}`].get).toBeDefined();
    expect(Object.keys(document.paths[`${IMPORTS}/{importId}/rejected-rows.csv`].get!.responses)).toEqual(['200']);
  });
});
