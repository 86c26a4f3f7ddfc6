import { randomUUID } from 'node:crypto';
import type { Caller } from '@traininghubs/auth';
import type { BookingConfirmed, CourseDelivered, CourseScheduled, SessionCancelled } from '@traininghubs/contracts';
import { KpiArea, Profession } from '@traininghubs/contracts';
import { CatalogueTestApp, TestClock } from './catalogue-test-app';

const HUB = randomUUID();
const OTHER_HUB = randomUUID();
const admin: Caller = { subject: 'nel-hub-lead', role: 'hub_admin', scope: { kind: 'hub', hubId: HUB } };
const otherAdmin: Caller = { subject: 'other-hub-lead', role: 'hub_admin', scope: { kind: 'hub', hubId: OTHER_HUB } };
const region: Caller = { subject: 'london-region', role: 'region', scope: { kind: 'region', code: 'Y56' } };
const otherIcb: Caller = { subject: 'bsw-icb', role: 'icb', scope: { kind: 'icb', code: 'QOX' } };
const PROBLEM_JSON = /^application\/problem\+json/;

const course = (overrides: object = {}) => ({
  hubId: HUB,
  title: 'Clinical supervisor training for ARRS roles',
  description: 'Two half-days on supervising pharmacists, paramedics and physician associates.',
  format: 'PROGRAMME',
  kpiArea: 'EDUCATIONAL_DESIGN',
  targetProfessions: ['NURSE', 'PHARMACIST', 'GP'],
  providerName: 'North East London Training Hub',
  providerType: 'TRAINING_HUB',
  deliveryMode: 'IN_PERSON',
  cpdAccreditation: { body: 'RCGP', creditsPerHour: 1 },
  fundingSource: 'Training hub education budget',
  ...overrides,
});

describe('training catalogue over HTTP, real Postgres and Kafka', () => {
  const clock = new TestClock(new Date('2030-01-06T09:00:00Z'));
  const harness = new CatalogueTestApp(clock);
  let courseId: string;
  let sessionId: string;

  beforeAll(async () => {
    await harness.start();
    await harness.registerHub(HUB, 'QMF', 'Y56');
    await harness.registerHub(OTHER_HUB, 'QOX', 'Y58');
  });

  afterAll(async () => {
    await harness.stop();
  });

  const learner = async (n: number, profession = 'NURSE') => {
    const response = await harness.post(admin, '/api/v1/learners', { hubId: HUB, email: `learner${n}@nhs.net`, displayName: `Learner ${n}`, profession, employerOdsCode: 'F83004' });
    expect(response.status).toBe(201);
    return response.body.learnerId as string;
  };

  it('adds a course to a known hub and refuses unknown hubs and other hubs, saving nothing', async () => {
    // a hub never registered is not known yet, and may never be: a retryable answer, not a final-looking 422
    const unknown = await harness.post(admin, '/api/v1/courses', course({ hubId: randomUUID() }));
    expect(unknown.status).toBe(503);
    expect(unknown.headers['retry-after']).toBe('2');
    expect(unknown.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(unknown.body).toMatchObject({ type: 'https://traininghubs.nhs.uk/problems/hub-not-known-yet', detail: expect.stringContaining('retry shortly') });

    const elsewhere = await harness.post(otherAdmin, '/api/v1/courses', course());
    expect(elsewhere.status).toBe(403);

    const invalid = await harness.post(admin, '/api/v1/courses', course({ format: 'WEBINAR_MARATHON', pricePerPlacePence: -5 }));
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['format', 'pricePerPlacePence']);
    expect(await harness.query('SELECT count(*)::int AS n FROM course')).toEqual([{ n: 0 }]);

    const created = await harness.post(admin, '/api/v1/courses', course());
    expect(created.status).toBe(201);
    courseId = created.body.courseId;
    await harness.post(admin, '/api/v1/courses', course({ title: 'Mental Health First Aid for schools', format: 'SINGLE_SESSION', kpiArea: 'CAREERS_AND_RETENTION', targetProfessions: [], audience: 'School staff' }));

    const filtered = await harness.get(region, '/api/v1/courses?kpiArea=EDUCATIONAL_DESIGN&profession=PHARMACIST&format=PROGRAMME&limit=10');
    expect(filtered.status).toBe(200);
    expect(filtered.body.items.map((c: { courseId: string }) => c.courseId)).toEqual([courseId]);
    expect(filtered.body.page).toEqual({ limit: 10, offset: 0, total: 1, hasMore: false });
    expect((await harness.get(otherAdmin, '/api/v1/courses')).body.page.total).toBe(0);
    expect((await harness.get(otherAdmin, `/api/v1/courses/${courseId}`)).status).toBe(404);
  });

  it('takes a course for a hub registered a moment ago: register, then add a course at once', async () => {
    const fresh = randomUUID();
    const freshAdmin: Caller = { subject: 'fresh-hub-lead', role: 'hub_admin', scope: { kind: 'hub', hubId: fresh } };
    await harness.registerHub(fresh, 'QKK', 'Y56', undefined, { wait: false });
    const created = await harness.post(freshAdmin, '/api/v1/courses', course({ hubId: fresh }));
    expect(created.status).toBe(201);
  });

  it('schedules sessions in Europe/London time, refuses past sessions and bad capacity, and publishes CourseScheduled', async () => {
    const past = await harness.post(admin, `/api/v1/courses/${courseId}/sessions`, { startsAt: '2029-12-01T09:30', endsAt: '2029-12-01T12:30', venue: 'Hall', capacity: 10 });
    expect(past.status).toBe(422);
    expect(past.body.type).toBe('https://traininghubs.nhs.uk/problems/session-in-the-past');
    const negative = await harness.post(admin, `/api/v1/courses/${courseId}/sessions`, { startsAt: '2030-06-10T09:30', endsAt: '2030-06-10T12:30', venue: 'Hall', capacity: -3 });
    expect(negative.status).toBe(422);
    expect(negative.body.detail).toMatch(/at least one place/);
    expect(await harness.query('SELECT count(*)::int AS n FROM course_session')).toEqual([{ n: 0 }]);

    const scheduled = await harness.post(admin, `/api/v1/courses/${courseId}/sessions`, {
      startsAt: '2030-06-10T09:30',
      endsAt: '2030-06-10T12:30',
      venue: 'Lakeside Centre, Enfield',
      capacity: 5,
    });
    expect(scheduled.status).toBe(201);
    expect(scheduled.body).toMatchObject({ startsAt: '2030-06-10T08:30:00.000Z', startsAtLocal: '2030-06-10T09:30', timeZone: 'Europe/London', freePlaces: 5 });
    sessionId = scheduled.body.sessionId;

    const [event] = await harness.eventsWhere((e) => e.type.endsWith('course_scheduled.v1') && e.key === courseId, 1);
    const payload = event.payload as CourseScheduled;
    expect(payload).toMatchObject({ hubId: HUB, courseId, kpiArea: KpiArea.EDUCATIONAL_DESIGN, cpdMinutesPerParticipant: 180 });
    expect(payload.sessions.map((s) => s.sessionId)).toEqual([sessionId]);
  });

  it('never overbooks: 30 parallel bookings for the last 3 places confirm exactly 3 and wait-list the rest', async () => {
    for (const n of [1, 2]) expect((await harness.post(admin, `/api/v1/sessions/${sessionId}/bookings`, { learnerId: await learner(n) })).body.status).toBe('confirmed');
    const learners = await Promise.all(Array.from({ length: 30 }, (_, i) => learner(100 + i, i % 2 ? 'PHARMACIST' : 'NURSE')));
    const responses = await Promise.all(learners.map((learnerId) => harness.post(admin, `/api/v1/sessions/${sessionId}/bookings`, { learnerId })));
    expect(responses.map((r) => r.status)).toEqual(Array(30).fill(201));
    const statuses = responses.map((r) => r.body.status as string);
    expect(statuses.filter((s) => s === 'confirmed')).toHaveLength(3);
    expect(statuses.filter((s) => s === 'waitlisted')).toHaveLength(27);
    expect(await harness.query(`SELECT confirmed_places FROM course_session WHERE session_id = $1`, [sessionId])).toEqual([{ confirmed_places: 5 }]);
    expect(await harness.query(`SELECT count(*)::int AS n FROM booking WHERE session_id = $1 AND status = 'confirmed'`, [sessionId])).toEqual([{ n: 5 }]);
    const confirmations = await harness.eventsWhere((e) => e.type.endsWith('booking_confirmed.v1') && e.key === sessionId, 5);
    expect(confirmations).toHaveLength(5);
    expect((confirmations[0].payload as BookingConfirmed).participantId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a double booking and promotes the first on the waiting list when a place frees', async () => {
    const first = await learner(1);
    const again = await harness.post(admin, `/api/v1/sessions/${sessionId}/bookings`, { learnerId: first });
    expect(again.status).toBe(409);
    expect(again.body.type).toBe('https://traininghubs.nhs.uk/problems/already-booked');

    const bookings = (await harness.get(admin, `/api/v1/sessions/${sessionId}/bookings?limit=200`)).body.items as Array<{ bookingId: string; learnerId: string; status: string }>;
    const mine = bookings.find((b) => b.learnerId === first)!;
    const firstWaiting = bookings.find((b) => b.status === 'waitlisted')!;
    const cancelled = await harness.post(admin, `/api/v1/sessions/${sessionId}/bookings/${mine.bookingId}/cancel`);
    expect(cancelled.status).toBe(200);
    const after = (await harness.get(admin, `/api/v1/sessions/${sessionId}/bookings?status=confirmed&limit=200`)).body.items as Array<{ bookingId: string }>;
    expect(after.map((b) => b.bookingId)).toContain(firstWaiting.bookingId);
    expect(after).toHaveLength(5);
    await harness.eventsWhere((e) => e.type.endsWith('booking_confirmed.v1') && (e.payload as BookingConfirmed).bookingId === firstWaiting.bookingId, 1);
  });

  it('records attendance once the session has run and publishes CourseDelivered with CPD; the learner gets CPD and a certificate', async () => {
    const confirmed = (await harness.get(admin, `/api/v1/sessions/${sessionId}/bookings?status=confirmed`)).body.items as Array<{ bookingId: string; learnerId: string; profession: string }>;
    const tooEarly = await harness.put(admin, `/api/v1/sessions/${sessionId}/attendance`, { records: [{ bookingId: confirmed[0].bookingId, attended: true }] });
    expect(tooEarly.status).toBe(409);

    clock.set(new Date('2030-06-10T12:00:00Z'));
    const notYet = await harness.post(admin, `/api/v1/sessions/${sessionId}/complete`);
    expect(notYet.status).toBe(409);
    expect(notYet.body.type).toBe('https://traininghubs.nhs.uk/problems/attendance-not-recorded');

    const records = confirmed.map((b, i) => ({ bookingId: b.bookingId, attended: i !== 0 }));
    expect((await harness.put(admin, `/api/v1/sessions/${sessionId}/attendance`, { records })).status).toBe(200);
    const completed = await harness.post(admin, `/api/v1/sessions/${sessionId}/complete`);
    expect(completed.status).toBe(200);
    expect(completed.body.status).toBe('delivered');

    const [delivered] = await harness.eventsWhere((e) => e.type.endsWith('course_delivered.v1') && e.key === sessionId, 1);
    const payload = delivered.payload as CourseDelivered;
    expect(delivered.time).toBe('2030-06-10T08:30:00.000Z');
    expect(payload).toMatchObject({ hubId: HUB, courseId, sessionId, kpiArea: KpiArea.EDUCATIONAL_DESIGN, durationMinutes: 180, participants: 4, bookings: 5, didNotAttend: 1, cpdMinutesDelivered: 720n });
    expect(payload.participantsByProfession.reduce((sum, p) => sum + p.participants, 0)).toBe(4);
    expect(payload.participantsByProfession.map((p) => p.profession).every((p) => [Profession.NURSE, Profession.PHARMACIST].includes(p))).toBe(true);

    const attendee = confirmed[1];
    const cpd = await harness.get(admin, `/api/v1/learners/${attendee.learnerId}/cpd-record`);
    expect(cpd.status).toBe(200);
    expect(cpd.body.totals).toEqual({ minutes: 180, hours: 3, byScheme: [{ scheme: 'RCGP', hours: 3, credits: 3 }] });
    expect(cpd.body.programmes).toEqual([expect.objectContaining({ courseId, sessionsDelivered: 1, sessionsAttended: 1, completed: true })]);
    const certificate = await harness.get(admin, `/api/v1/learners/${attendee.learnerId}/certificates/${sessionId}`);
    expect(certificate.status).toBe(200);
    expect(certificate.body.text).toContain('attended "Clinical supervisor training for ARRS roles"');
    expect((await harness.get(admin, `/api/v1/learners/${confirmed[0].learnerId}/certificates/${sessionId}`)).status).toBe(404);
    for (const outsider of [otherAdmin, otherIcb]) {
      const cpdElsewhere = await harness.get(outsider, `/api/v1/learners/${attendee.learnerId}/cpd-record`);
      expect(cpdElsewhere.status).toBe(404);
      expect(cpdElsewhere.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(JSON.stringify(cpdElsewhere.body)).not.toContain(cpd.body.profession);
      expect((await harness.get(outsider, `/api/v1/learners/${attendee.learnerId}/certificates/${sessionId}`)).status).toBe(404);
    }
  });

  it('keeps a learner to the scope of the hub that registered them: the same e-mail elsewhere is another record, never handed over or changed', async () => {
    const email = 'shared.person@nhs.net';
    const mine = await harness.post(admin, '/api/v1/learners', { hubId: HUB, email, displayName: 'Sam Patel', profession: 'GP', employerOdsCode: 'F83004' });
    expect(mine.status).toBe(201);
    expect(mine.body.hubId).toBe(HUB);
    const again = await harness.post(admin, '/api/v1/learners', { hubId: HUB, email: email.toUpperCase(), displayName: 'Sam Patel', profession: 'GP' });
    expect(again.body.learnerId).toBe(mine.body.learnerId);

    // Another ICB's hub registers the same address: it gets a record of its own, not ours.
    const theirs = await harness.post(otherAdmin, '/api/v1/learners', { hubId: OTHER_HUB, email, displayName: 'Impostor', profession: 'NURSE', employerOdsCode: 'Q99999' });
    expect(theirs.status).toBe(201);
    expect(theirs.body.learnerId).not.toBe(mine.body.learnerId);
    expect(JSON.stringify(theirs.body)).not.toContain(mine.body.learnerId);
    expect(await harness.query(`SELECT display_name, profession, employer_ods_code FROM learner WHERE learner_id = $1`, [mine.body.learnerId])).toEqual([
      { display_name: 'Sam Patel', profession: 'GP', employer_ods_code: null },
    ]);

    // Registering into a hub outside the caller's scope is refused, and changes nothing.
    const intoOurs = await harness.post(otherAdmin, '/api/v1/learners', { hubId: HUB, email, displayName: 'Impostor', profession: 'NURSE' });
    expect(intoOurs.status).toBe(403);
    expect(JSON.stringify(intoOurs.body)).not.toContain(mine.body.learnerId);
    expect(await harness.query(`SELECT display_name FROM learner WHERE learner_id = $1`, [mine.body.learnerId])).toEqual([{ display_name: 'Sam Patel' }]);
    expect((await harness.post(admin, '/api/v1/learners', { email: 'no.hub@nhs.net', displayName: 'No Hub', profession: 'GP' })).status).toBe(400);

    // Their learner cannot be booked onto our session, and ours cannot be read by them or their ICB.
    const booked = await harness.post(admin, `/api/v1/sessions/${sessionId}/bookings`, { learnerId: theirs.body.learnerId });
    expect(booked.status).toBe(422);
    expect(booked.body.type).toBe('https://traininghubs.nhs.uk/problems/unknown-learner');
    expect(await harness.query(`SELECT count(*)::int AS n FROM booking WHERE learner_id = $1`, [theirs.body.learnerId])).toEqual([{ n: 0 }]);
    for (const outsider of [otherAdmin, otherIcb]) {
      expect((await harness.get(outsider, `/api/v1/learners/${mine.body.learnerId}/cpd-record`)).status).toBe(404);
    }
    expect((await harness.get(region, `/api/v1/learners/${mine.body.learnerId}/cpd-record`)).status).toBe(200);
    expect((await harness.get(admin, `/api/v1/learners/${theirs.body.learnerId}/cpd-record`)).status).toBe(404);
  });

  it('cancels a session with its bookings and publishes SessionCancelled', async () => {
    clock.set(new Date('2030-07-01T09:00:00Z'));
    const scheduled = await harness.post(admin, `/api/v1/courses/${courseId}/sessions`, { startsAt: '2030-11-03T13:00', endsAt: '2030-11-03T16:00', onlineLink: 'https://teams.example/meet', capacity: 2 });
    const id = scheduled.body.sessionId as string;
    await harness.post(admin, `/api/v1/sessions/${id}/bookings`, { learnerId: await learner(500) });
    expect((await harness.post(otherAdmin, `/api/v1/sessions/${id}/cancel`, { reason: 'LOW_BOOKINGS' })).status).toBe(404);
    const cancelled = await harness.post(admin, `/api/v1/sessions/${id}/cancel`, { reason: 'LOW_BOOKINGS' });
    expect(cancelled.status).toBe(200);
    const [event] = await harness.eventsWhere((e) => e.type.endsWith('session_cancelled.v1') && e.key === id, 1);
    expect(event.payload as SessionCancelled).toMatchObject({ hubId: HUB, courseId, sessionId: id, bookingsCancelled: 1 });
    expect(await harness.query(`SELECT status FROM booking WHERE session_id = $1`, [id])).toEqual([{ status: 'cancelled' }]);
  });
});
