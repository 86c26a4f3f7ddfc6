import { randomUUID } from 'node:crypto';
import type { Caller } from '@traininghubs/auth';
import { londonDateOf, periodOfInstant } from '@traininghubs/calendar';
import type { BookingConfirmed, CourseDelivered } from '@traininghubs/contracts';
import { KpiArea, Profession } from '@traininghubs/contracts';
import { CatalogueTestApp, TestClock, type PublishedEvent } from './catalogue-test-app';

const HUB = randomUUID();
const OTHER_HUB = randomUUID();
const admin: Caller = { subject: 'nel-hub-lead', role: 'hub_admin', scope: { kind: 'hub', hubId: HUB } };
const analyst: Caller = { subject: 'nel-analyst', role: 'analyst', scope: { kind: 'hub', hubId: HUB } };
const otherAdmin: Caller = { subject: 'bsw-hub-lead', role: 'hub_admin', scope: { kind: 'hub', hubId: OTHER_HUB } };
const otherRegion: Caller = { subject: 'south-west', role: 'region', scope: { kind: 'region', code: 'Y58' } };
const PROBLEM_JSON = /^application\/problem\+json/;
const PROBLEMS = 'https://traininghubs.nhs.uk/problems/';

const isDelivery = (sessionId: string) => (e: PublishedEvent) => e.type.endsWith('course_delivered.v1') && e.key === sessionId;

describe('a session entered after it took place, with its attendance (real Postgres and Kafka)', () => {
  // Today, for the catalogue: mid-October 2025.
  const clock = new TestClock(new Date('2025-10-15T09:00:00Z'));
  const harness = new CatalogueTestApp(clock);
  let courseId: string;
  let learners: string[];
  let theirLearner: string;

  beforeAll(async () => {
    await harness.start();
    await harness.registerHub(HUB, 'QMF', 'Y56', '2020-04-01');
    await harness.registerHub(OTHER_HUB, 'QOX', 'Y58', '2020-04-01');
    const created = await harness.post(admin, '/api/v1/courses', {
      hubId: HUB,
      title: 'Clinical supervisor training for ARRS roles',
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
    expect(created.status).toBe(201);
    courseId = created.body.courseId;
    learners = [];
    for (const [n, profession] of [[1, 'NURSE'], [2, 'PHARMACIST'], [3, 'GP'], [4, 'NURSE']] as const) {
      const response = await harness.post(admin, '/api/v1/learners', { hubId: HUB, email: `past${n}@nhs.net`, displayName: `Past ${n}`, profession, employerOdsCode: 'F83004' });
      expect(response.status).toBe(201);
      learners.push(response.body.learnerId);
    }
    const theirs = await harness.post(otherAdmin, '/api/v1/learners', { hubId: OTHER_HUB, email: 'bsw.person@nhs.net', displayName: 'BSW Person', profession: 'NURSE' });
    expect(theirs.status).toBe(201);
    theirLearner = theirs.body.learnerId;
  });

  afterAll(async () => {
    await harness.stop();
  });

  const enter = (caller: Caller, body: object, course = courseId) => harness.post(caller, `/api/v1/courses/${course}/delivered-sessions`, body);
  const june2020 = (attendance: Array<{ learnerId: string; attended: boolean }>, overrides: object = {}) => ({
    startsAt: '2020-06-10T09:30',
    endsAt: '2020-06-10T12:30',
    venue: 'Lakeside Centre, Enfield',
    capacity: 10,
    attendance,
    ...overrides,
  });
  const saved = async () => ({
    sessions: (await harness.query('SELECT count(*)::int AS n FROM course_session'))[0].n,
    bookings: (await harness.query('SELECT count(*)::int AS n FROM booking'))[0].n,
    // Written in the same transaction as the outbox rows (which the relay deletes once published).
    audited: (await harness.query('SELECT count(*)::int AS n FROM audit_event'))[0].n,
  });

  it('enters a session of 10 June 2020 with its attendance: delivered, a booking per learner, and CourseDelivered dated the session start', async () => {
    const response = await enter(
      admin,
      june2020([
        { learnerId: learners[0], attended: true },
        { learnerId: learners[1], attended: true },
        { learnerId: learners[2], attended: false },
      ]),
    );
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      courseId,
      hubId: HUB,
      status: 'delivered',
      startsAt: '2020-06-10T08:30:00.000Z',
      startsAtLocal: '2020-06-10T09:30',
      deliveredAt: '2020-06-10T08:30:00.000Z',
      capacity: 10,
      confirmedPlaces: 3,
      participants: 2,
      didNotAttend: 1,
      cpdMinutesDelivered: 360,
    });
    const sessionId = response.body.sessionId as string;
    expect(response.body.bookings.map((b: { learnerId: string; status: string }) => [b.learnerId, b.status])).toEqual([
      [learners[0], 'attended'],
      [learners[1], 'attended'],
      [learners[2], 'did_not_attend'],
    ]);

    expect(await harness.query(`SELECT status, delivered_at, confirmed_places FROM course_session WHERE session_id = $1`, [sessionId])).toEqual([
      { status: 'delivered', delivered_at: new Date('2020-06-10T08:30:00Z'), confirmed_places: 3 },
    ]);
    const rows = await harness.query(`SELECT learner_id, status, confirmed_at, attendance_recorded_at FROM booking WHERE session_id = $1 ORDER BY booking_seq`, [sessionId]);
    expect(rows.map((r) => [r.learner_id, r.status])).toEqual([
      [learners[0], 'attended'],
      [learners[1], 'attended'],
      [learners[2], 'did_not_attend'],
    ]);
    // Each place counts as confirmed by the session's start; the attendance was recorded today.
    expect(rows.every((r) => (r.confirmed_at as Date).toISOString() === '2020-06-10T08:30:00.000Z')).toBe(true);
    expect(rows.every((r) => (r.attendance_recorded_at as Date).toISOString() === '2025-10-15T09:00:00.000Z')).toBe(true);

    const [delivered] = await harness.eventsWhere(isDelivery(sessionId), 1);
    expect(delivered.time).toBe('2020-06-10T08:30:00.000Z');
    expect(delivered.recordedTime).toEqual(expect.any(String));
    expect(Date.parse(delivered.recordedTime!)).toBeGreaterThan(Date.parse(delivered.time));
    const payload = delivered.payload as CourseDelivered;
    expect(payload).toMatchObject({ hubId: HUB, courseId, sessionId, kpiArea: KpiArea.EDUCATIONAL_DESIGN, durationMinutes: 180, participants: 2, bookings: 3, didNotAttend: 1, cpdMinutesDelivered: 360n });
    expect(new Date(Number(payload.deliveredAt!.seconds) * 1000).toISOString()).toBe('2020-06-10T08:30:00.000Z');
    expect(payload.participantsByProfession.map((p) => [p.profession, p.participants]).sort()).toEqual([
      [Profession.NURSE, 1],
      [Profession.PHARMACIST, 1],
    ].sort());

    // The same events a live session would have produced, in the same order: a confirmation per place, then the delivery.
    const onSession = harness.events.filter((e) => e.key === sessionId);
    expect(onSession.map((e) => e.type.split('.').at(-2))).toEqual(['booking_confirmed', 'booking_confirmed', 'booking_confirmed', 'course_delivered']);
    const confirmations = onSession.slice(0, 3);
    expect(confirmations.map((e) => (e.payload as BookingConfirmed).participantId)).toEqual(learners.slice(0, 3));
    expect(confirmations.every((e) => e.time === '2020-06-10T08:30:00.000Z' && (e.payload as BookingConfirmed).pricePence === 2500n)).toBe(true);

    // It is on the learner's CPD record as of the day it happened, and takes no more attendance.
    const cpd = await harness.get(admin, `/api/v1/learners/${learners[0]}/cpd-record`);
    expect(cpd.body.activities).toEqual([expect.objectContaining({ sessionId, date: '2020-06-10', minutes: 180 })]);
    const again = await harness.put(admin, `/api/v1/sessions/${sessionId}/attendance`, { records: [{ bookingId: response.body.bookings[2].bookingId, attended: true }] });
    expect(again.status).toBe(409);
  });

  it("dates each delivery by the session's London start: 23:30 on 30 September and 00:30 on 1 October 2025 fall in different half-years", async () => {
    const lateEvening = await enter(admin, june2020([{ learnerId: learners[0], attended: true }], { startsAt: '2025-09-30T23:30', endsAt: '2025-10-01T00:15' }));
    const pastMidnight = await enter(admin, june2020([{ learnerId: learners[1], attended: true }], { startsAt: '2025-10-01T00:30', endsAt: '2025-10-01T01:30' }));
    expect([lateEvening.status, pastMidnight.status]).toEqual([201, 201]);

    const [evening] = await harness.eventsWhere(isDelivery(lateEvening.body.sessionId), 1);
    const [midnight] = await harness.eventsWhere(isDelivery(pastMidnight.body.sessionId), 1);
    expect(evening.time).toBe('2025-09-30T22:30:00.000Z');
    expect(midnight.time).toBe('2025-09-30T23:30:00.000Z');
    expect([londonDateOf(new Date(evening.time)), londonDateOf(new Date(midnight.time))]).toEqual(['2025-09-30', '2025-10-01']);
    expect(periodOfInstant(new Date(evening.time)).key).not.toBe(periodOfInstant(new Date(midnight.time)).key);
  });

  it('refuses, with a coded 422 and saving nothing: a session not yet ended, a day before the hub operated, attendance over capacity, a learner twice, a learner of another hub', async () => {
    const before = await saved();
    const one = [{ learnerId: learners[3], attended: true }];
    const refusals: Array<[string, object]> = [
      ['session-not-yet-ended', june2020(one, { startsAt: '2025-10-20T09:30', endsAt: '2025-10-20T12:30' })],
      // Running now (10:00–12:30 London, it is 10:00 London): not ended yet.
      ['session-not-yet-ended', june2020(one, { startsAt: '2025-10-15T09:30', endsAt: '2025-10-15T12:30' })],
      ['outside-hub-active-span', june2020(one, { startsAt: '2020-03-31T09:30', endsAt: '2020-03-31T12:30' })],
      ['attendance-over-capacity', june2020(learners.map((learnerId) => ({ learnerId, attended: true })), { capacity: 3 })],
      ['duplicate-learner', june2020([...one, { learnerId: learners[0], attended: true }, { learnerId: learners[3], attended: false }])],
      ['unknown-learner', june2020([...one, { learnerId: theirLearner, attended: true }])],
      ['unknown-learner', june2020([{ learnerId: randomUUID(), attended: true }])],
    ];
    for (const [code, body] of refusals) {
      const response = await enter(admin, body);
      expect({ code, status: response.status, type: response.body.type }).toEqual({ code, status: 422, type: `${PROBLEMS}${code}` });
      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(response.body.detail).toEqual(expect.any(String));
    }
    const span = await enter(admin, refusals[2][1]);
    expect(span.body.detail).toContain('active from 2020-04-01');
    expect(JSON.stringify((await enter(admin, refusals[5][1])).body)).not.toContain('BSW Person');

    // The scheduling route stays for sessions to come.
    const scheduledInThePast = await harness.post(admin, `/api/v1/courses/${courseId}/sessions`, { startsAt: '2020-06-10T09:30', endsAt: '2020-06-10T12:30', venue: 'Hall', capacity: 10 });
    expect(scheduledInThePast.status).toBe(422);
    expect(scheduledInThePast.body.type).toBe(`${PROBLEMS}session-in-the-past`);
    expect(scheduledInThePast.body.detail).toContain('/delivered-sessions');

    expect(await saved()).toEqual(before);
  });

  it("refuses callers who may not write to the course's hub (404 out of scope, 403 read-only), an unknown course, and a malformed body, saving nothing", async () => {
    const before = await saved();
    const body = june2020([{ learnerId: learners[3], attended: true }]);
    for (const outsider of [otherAdmin, otherRegion]) {
      const response = await enter(outsider, body);
      expect(response.status).toBe(404);
      expect(JSON.stringify(response.body)).not.toContain(HUB);
    }
    expect((await enter(analyst, body)).status).toBe(403);
    expect((await enter(admin, body, randomUUID())).status).toBe(404);

    const notWhitelisted = await enter(admin, { ...body, status: 'delivered', attendance: [{ learnerId: learners[3], attended: true, grade: 'A' }] });
    expect(notWhitelisted.status).toBe(400);
    const badIds = await enter(admin, { ...body, attendance: [{ learnerId: 'learner-4', attended: 'yes' }] });
    expect(badIds.status).toBe(400);
    expect(badIds.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['attendance.0.attended', 'attendance.0.learnerId']);
    expect((await enter(admin, { ...body, attendance: [] })).status).toBe(400);

    expect(await saved()).toEqual(before);
  });
});
