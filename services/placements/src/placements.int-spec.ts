import request from 'supertest';
import type { DataSource } from 'typeorm';
import type { Caller } from '@traininghubs/auth';
import { londonToday, startOfLondonDay } from '@traininghubs/calendar';
import { LearnerType, type EventType } from '@traininghubs/contracts';
import { headersAsText, parseEnvelope, type EventEnvelope, type KafkaConsumer } from '@traininghubs/messaging';
import { registerHubs, ServiceUnderTest, uniqueName } from '@traininghubs/testing';
import { PlacementsEnvironment } from './placements.environment';
import { PlacementsModule } from './placements.module';

const HUB = '0b9c8f52-4f6f-4c59-9f43-2a3f8d9a1e01';
const OTHER_HUB = '5d6e7f80-1a2b-4c3d-8e9f-0a1b2c3d4e5f';
/** A hub that operates from 1 April 2020, whose placements are recorded after the day they happened. */
const HISTORIC_HUB = '7a1c2e3f-4b5d-4e6f-9a0b-1c2d3e4f5a6b';
const PLACEMENT_TOPIC = 'traininghubs.placements.placement.v1';
const LEARNING_ENVIRONMENT_TOPIC = 'traininghubs.placements.learning-environment.v1';
const PROBLEM_JSON = /^application\/problem\+json/;

const hubAdmin: Caller = { subject: 'bsw-hub-lead', role: 'hub_admin', scope: { kind: 'hub', hubId: HUB } };
const otherHubAdmin: Caller = { subject: 'sel-hub-lead', role: 'hub_admin', scope: { kind: 'hub', hubId: OTHER_HUB } };
const icb: Caller = { subject: 'bsw-ics', role: 'icb', scope: { kind: 'icb', code: 'QOX' } };
const analyst: Caller = { subject: 'analyst', role: 'analyst', scope: { kind: 'national' } };
const historicHubAdmin: Caller = { subject: 'historic-hub-lead', role: 'hub_admin', scope: { kind: 'hub', hubId: HISTORIC_HUB } };

/** The day after today in England. */
const londonTomorrow = () => new Date(Date.parse(`${londonToday()}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

describe('placements service (real Postgres and Kafka)', () => {
  let service: ServiceUnderTest;
  let dataSource: DataSource;
  /** The CloudEvents envelope of every event the service published, read back from Kafka. */
  let envelopeReader: KafkaConsumer;
  const envelopes: Array<{ key: string; envelope: EventEnvelope }> = [];

  /** The envelope (ce_time and the rest) of the event of a type for a record key; waits up to 20 s for it. */
  async function envelopeOf(type: EventType, key: string): Promise<EventEnvelope> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const found = envelopes.find((e) => e.envelope.type === type && e.key === key);
      if (found) return found.envelope;
      if (Date.now() > deadline) throw new Error(`no envelope of ${type} for ${key} on Kafka`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  const token = (caller: Caller) => service.token(caller);
  const post = (path: string, body: object, caller: Caller = hubAdmin) => service.post(path, body, caller);
  const get = (path: string, caller: Caller = hubAdmin) => service.get(path, caller);
  const eventOf = <T extends EventType>(type: T, key: string, count = 1) => service.eventOf(type, key, count);

  beforeAll(async () => {
    service = await ServiceUnderTest.start({
      serviceName: 'placements',
      environment: PlacementsEnvironment,
      module: (c) => PlacementsModule.register(c),
      readTopics: [PLACEMENT_TOPIC, LEARNING_ENVIRONMENT_TOPIC],
    });
    dataSource = service.dataSource;
    await registerHubs(dataSource, [
      { hubId: HUB, name: 'Bath and North East Somerset, Swindon and Wiltshire Training Hub', icbCode: 'QOX', regionCode: 'Y58' },
      { hubId: OTHER_HUB, name: 'South East London Training Hub', icbCode: 'QKK', regionCode: 'Y56' },
      { hubId: HISTORIC_HUB, name: 'Cornwall and the Isles of Scilly Training Hub', icbCode: 'QT6', regionCode: 'Y58' },
    ]);
    await dataSource.query(`UPDATE hub_directory SET active_from = '2020-04-01' WHERE hub_id = $1`, [HISTORIC_HUB]);
    envelopeReader = service.connection.consumer({ groupId: uniqueName('placements_envelopes') });
    await envelopeReader.connect();
    await envelopeReader.subscribe({ topics: [PLACEMENT_TOPIC, LEARNING_ENVIRONMENT_TOPIC].map((t) => service.connection.topic(t)), fromBeginning: true });
    await envelopeReader.run({
      eachMessage: async ({ message }) => {
        envelopes.push({ key: String(message.key ?? ''), envelope: parseEnvelope(headersAsText(message.headers)) });
      },
    });
  });

  afterAll(async () => {
    await envelopeReader?.disconnect();
    await service?.close();
  });

  let environmentId: string;
  let supervisorId: string;
  let nurseAssessorId: string;
  let refusedPlacementId: string;
  let currentPlacementId: string;
  let historicEnvironmentId: string;

  async function approveEnvironment(odsCode: string): Promise<string> {
    const response = await post('/api/v1/learning-environments', {
      hubId: HUB,
      odsCode,
      name: 'Barnsbury Medical Practice',
      organisationType: 'GP_PRACTICE',
      pcnOdsCode: 'U83547',
      learnerTypes: ['GP_SPECIALTY_REGISTRAR', 'STUDENT_NURSE'],
      approvedFrom: '2026-04-01',
      reviewDueBy: '2028-03-31',
      placementAdministrator: 'Practice manager',
      educationalLead: 'Dr A Trainer',
    });
    expect(response.status).toBe(201);
    return response.body.id as string;
  }

  async function declare(places: number, period = '2026-27-H2', learnerType = 'STUDENT_NURSE', environment = environmentId): Promise<string> {
    const response = await post('/api/v1/placement-capacity', { learningEnvironmentId: environment, learnerType, period, places });
    expect(response.status).toBe(201);
    return response.body.id as string;
  }

  const offerBody = (capacityId: string, dates = { startDate: '2026-10-05', endDate: '2026-12-13' }) => ({ placementCapacityId: capacityId, ...dates, sessionsPerWeek: 6, educationProviderCode: '10007784' });

  async function offer(capacityId: string, dates = { startDate: '2026-10-05', endDate: '2026-12-13' }): Promise<string> {
    const response = await post('/api/v1/placements', offerBody(capacityId, dates));
    expect(response.status).toBe(201);
    return response.body.id as string;
  }

  const fillBody = (learnerId: string, dates = { startDate: '2026-10-05', endDate: '2026-12-13' }) => ({ learnerId, ...dates, sessionsPerWeek: 6, supervisorIds: [nurseAssessorId] });

  it('approves a learning environment and publishes LearningEnvironmentApproved', async () => {
    environmentId = await approveEnvironment('F83004');
    const event = await eventOf('uk.nhs.traininghubs.placements.learning_environment_approved.v1', environmentId);
    expect(event).toMatchObject({ hubId: HUB, learningEnvironmentId: environmentId, pcnOdsCode: 'U83547', learnerTypes: [LearnerType.GP_SPECIALTY_REGISTRAR, LearnerType.STUDENT_NURSE] });
    expect(event.organisation?.odsCode).toBe('F83004');
    expect(event.reviewDueBy).toMatchObject({ year: 2028, month: 3, day: 31 });

    const supervisor = await post('/api/v1/supervisors', { hubId: HUB, learningEnvironmentId: environmentId, name: 'Dr A Trainer', approvals: [{ role: 'GP_TRAINER', approvedFrom: '2024-09-01', expiresOn: '2027-08-31' }] });
    expect(supervisor.status).toBe(201);
    supervisorId = supervisor.body.id;
    const assessor = await post('/api/v1/supervisors', { hubId: HUB, name: 'Practice Nurse B', approvals: [{ role: 'PRACTICE_ASSESSOR', approvedFrom: '2025-01-01' }] });
    nurseAssessorId = assessor.body.id;
  });

  it('offers and fills a placement from capacity, publishing PlacementOffered and PlacementFilled with derivable weeks', async () => {
    const capacityId = await declare(2);
    const placementId = await offer(capacityId);
    const offered = await eventOf('uk.nhs.traininghubs.placements.placement_offered.v1', placementId);
    expect(offered).toMatchObject({ hubId: HUB, learningEnvironmentOdsCode: 'F83004', learnerType: LearnerType.STUDENT_NURSE, educationProviderCode: '10007784' });
    currentPlacementId = placementId;

    const filled = await post(`/api/v1/placements/${placementId}/fill`, fillBody('learner-7f3a'));
    expect(filled.status).toBe(200);
    expect(filled.body).toMatchObject({ state: 'filled', timeStatus: 'current', calendarWeeks: 10, wteHundredths: 60, wteWeightedWeeks: 6, learnerId: 'learner-7f3a' });
    const event = await eventOf('uk.nhs.traininghubs.placements.placement_filled.v1', placementId);
    expect(event).toMatchObject({ placementId, learningEnvironmentId: environmentId, learnerId: 'learner-7f3a', pattern: { wteHundredths: 60, sessionsPerWeek: 6 } });
    expect(event.pattern?.startDate).toMatchObject({ year: 2026, month: 10, day: 5 });
    expect((await get(`/api/v1/placement-capacity/${capacityId}`)).body).toMatchObject({ places: 2, placesFilled: 1 });
  });

  it('refuses a fill that breaks a rule with a clear problem, and saves nothing', async () => {
    const capacityId = await declare(1, 'AY2026-27');
    const placementId = await offer(capacityId);

    const gpTrainerForNurse = await post(`/api/v1/placements/${placementId}/fill`, { ...fillBody('learner-1'), supervisorIds: [supervisorId] });
    expect(gpTrainerForNurse.status).toBe(422);
    expect(gpTrainerForNurse.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(gpTrainerForNurse.body).toMatchObject({ code: 'supervisor-not-fitting', status: 422 });
    expect(gpTrainerForNurse.body.detail).toMatch(/PRACTICE_SUPERVISOR, PRACTICE_ASSESSOR/);

    const outsideApproval = await post(`/api/v1/placements/${placementId}/fill`, fillBody('learner-1', { startDate: '2026-10-05', endDate: '2028-06-01' }));
    expect(outsideApproval.status).toBe(422);
    expect(['outside-capacity-period', 'outside-approval-dates']).toContain(outsideApproval.body.code);

    const invalid = await post(`/api/v1/placements/${placementId}/fill`, { ...fillBody('learner-1'), sessionsPerWeek: 12, name: 'Real Name' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((e: { field?: string }) => e.field)).toEqual(expect.arrayContaining(['sessionsPerWeek', 'property']));

    // A learner id is a pseudonymous code, not free text: an injection string, spaces or a name is 400 naming the field.
    for (const learnerId of ["' OR '1'='1", 'learner 1', '', 'x'.repeat(101)]) {
      const odd = await post(`/api/v1/placements/${placementId}/fill`, fillBody(learnerId));
      expect(odd.status).toBe(400);
      expect(odd.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(odd.body.errors.map((e: { field?: string }) => e.field)).toContain('learnerId');
    }

    const completeOffered = await post(`/api/v1/placements/${placementId}/complete`, {});
    expect(completeOffered.status).toBe(409);
    expect(completeOffered.body).toMatchObject({ code: 'illegal-placement-transition' });

    expect((await get(`/api/v1/placements/${placementId}`)).body).toMatchObject({ state: 'offered', learnerId: null, version: 1 });
    expect((await get(`/api/v1/placement-capacity/${capacityId}`)).body.placesFilled).toBe(0);
    // audit rows and outbox rows commit with the change: only the offer's are there
    const audit = await dataSource.query('SELECT action FROM audit_event WHERE entity_id = $1', [placementId]);
    expect(audit).toEqual([{ action: 'placement.offered' }]);
    const outbox = await dataSource.query(`SELECT event_type FROM outbox WHERE aggregate_id = $1 AND event_type LIKE '%placement_filled%'`, [placementId]);
    expect(outbox).toEqual([]);
    refusedPlacementId = placementId;
  });

  it('never fills more places than declared when many fills race for the last ones', async () => {
    const racingEnvironment = await approveEnvironment('F83010');
    const capacityId = await declare(3, '2026-27-H2', 'STUDENT_NURSE', racingEnvironment);
    const placementIds: string[] = [];
    for (let i = 0; i < 10; i += 1) placementIds.push(await offer(capacityId));
    const tokenOfAdmin = await token(hubAdmin);

    const responses = await Promise.all(
      placementIds.map((id, i) => request(service.app.getHttpServer()).post(`/api/v1/placements/${id}/fill`).set('Authorization', `Bearer ${tokenOfAdmin}`).send(fillBody(`racer-${i}`))),
    );

    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 409, 409, 409, 409, 409, 409, 409]);
    expect(responses.filter((r) => r.status === 409).every((r) => r.body.code === 'no-place-left')).toBe(true);
    const [{ filled }] = await dataSource.query(`SELECT count(*)::int AS filled FROM placement WHERE placement_capacity_id = $1 AND state = 'filled'`, [capacityId]);
    expect(filled).toBe(3);
    expect((await get(`/api/v1/placement-capacity/${capacityId}`)).body.placesFilled).toBe(3);
  });

  it('frees the place of a withdrawn learner and publishes PlacementCancelled; completes a finished placement', async () => {
    const capacityId = await declare(1, '2026-27-H1');
    const dates = { startDate: '2026-04-06', endDate: '2026-06-26' };
    const first = await offer(capacityId, dates);
    expect((await post(`/api/v1/placements/${first}/fill`, fillBody('learner-a', dates))).status).toBe(200);
    const withdrawn = await post(`/api/v1/placements/${first}/withdraw`, { reason: 'LEARNER_WITHDREW', lastDayOnPlacement: '2026-05-01' });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ state: 'withdrawn', cancellationReason: 'LEARNER_WITHDREW', timeStatus: 'past' });
    const cancelled = await eventOf('uk.nhs.traininghubs.placements.placement_cancelled.v1', first);
    expect(cancelled).toMatchObject({ wasFilled: true, lastDayOnPlacement: { year: 2026, month: 5, day: 1 } });
    expect((await get(`/api/v1/placement-capacity/${capacityId}`)).body.placesFilled).toBe(0);

    const second = await offer(capacityId, dates);
    expect((await post(`/api/v1/placements/${second}/fill`, fillBody('learner-b', dates))).status).toBe(200);
    const completed = await post(`/api/v1/placements/${second}/complete`, {});
    expect(completed.body).toMatchObject({ state: 'completed' });
    const event = await eventOf('uk.nhs.traininghubs.placements.placement_completed.v1', second);
    expect(event.actual?.endDate).toMatchObject({ year: 2026, month: 6, day: 26 });
    expect((await post(`/api/v1/placements/${second}/cancel`, { reason: 'OTHER' })).status).toBe(409);
  });

  it("shows a hub's records to its own admin and ICB only; analysts read but never write", async () => {
    expect((await get(`/api/v1/learning-environments/${environmentId}`, otherHubAdmin)).status).toBe(404);
    expect((await get('/api/v1/learning-environments', otherHubAdmin)).body.page.total).toBe(0);
    expect((await get('/api/v1/placements', otherHubAdmin)).body.items).toEqual([]);
    const mine = await get('/api/v1/learning-environments?limit=1', icb);
    expect(mine.body.page).toMatchObject({ limit: 1, total: 2, hasMore: true });
    expect((await post('/api/v1/learning-environments', { hubId: HUB }, analyst)).status).toBe(403);
    const elsewhere = await post('/api/v1/supervisors', { hubId: HUB, name: 'X', approvals: [{ role: 'GP_TRAINER', approvedFrom: '2025-01-01' }] }, otherHubAdmin);
    expect(elsewhere.status).toBe(404);
    const unknownHub = await post('/api/v1/supervisors', { hubId: '11111111-2222-4333-8444-555555555555', name: 'X', approvals: [{ role: 'GP_TRAINER', approvedFrom: '2025-01-01' }] }, analyst);
    expect(unknownHub.status).toBe(403);
    // by now the relay has published everything before; the refused fill never reached Kafka
    await eventOf('uk.nhs.traininghubs.placements.placement_completed.v1', (await get('/api/v1/placements?state=completed')).body.items[0].id);
    expect(service.publishedOfType('uk.nhs.traininghubs.placements.placement_filled.v1').some((p) => p.key === refusedPlacementId)).toBe(false);
  });

  it('approves a learning environment from a past day: LearningEnvironmentApproved happens on approved_from', async () => {
    const response = await post(
      '/api/v1/learning-environments',
      { hubId: HISTORIC_HUB, odsCode: 'L82001', name: 'Bodmin Medical Practice', organisationType: 'GP_PRACTICE', learnerTypes: ['STUDENT_NURSE'], approvedFrom: '2020-04-01', reviewDueBy: '2023-03-31', placementAdministrator: 'Practice manager', educationalLead: 'Dr C Lead' },
      historicHubAdmin,
    );
    expect(response.status).toBe(201);
    historicEnvironmentId = response.body.id;
    // approved from the first of April 2020 (BST): the London day starts at 23:00 UTC the evening before
    expect((await envelopeOf('uk.nhs.traininghubs.placements.learning_environment_approved.v1', response.body.id)).time.toISOString()).toBe('2020-03-31T23:00:00.000Z');
    // a GP practice is approved under a practice code only (a letter and five digits)
    const notAPracticeCode = await post(
      '/api/v1/learning-environments',
      { hubId: HISTORIC_HUB, odsCode: 'LQ2001', name: 'X', organisationType: 'GP_PRACTICE', learnerTypes: ['STUDENT_NURSE'], approvedFrom: '2020-04-01', reviewDueBy: '2023-03-31', placementAdministrator: 'X', educationalLead: 'X' },
      historicHubAdmin,
    );
    expect(notAPracticeCode.status).toBe(422);
    expect(notAPracticeCode.body).toMatchObject({ code: 'invalid-ods-code' });
  });

  describe('a placement recorded after the days it happened (hub active from 2020-04-01)', () => {
    let historicCapacityId: string;
    let historicAssessorId: string;
    const dates = { startDate: '2020-06-01', endDate: '2020-07-31', sessionsPerWeek: 10 };
    const historicOffer = (offeredOn?: string) =>
      post('/api/v1/placements', { placementCapacityId: historicCapacityId, ...dates, educationProviderCode: '10007784', ...(offeredOn ? { offeredOn } : {}) }, historicHubAdmin);
    const historicFill = (placementId: string, filledOn?: string) =>
      post(`/api/v1/placements/${placementId}/fill`, { learnerId: 'learner-2020', ...dates, supervisorIds: [historicAssessorId], ...(filledOn ? { filledOn } : {}) }, historicHubAdmin);
    const placementsOfCapacity = async () => (await dataSource.query('SELECT count(*)::int AS n FROM placement WHERE placement_capacity_id = $1', [historicCapacityId]))[0].n as number;

    beforeAll(async () => {
      const capacity = await post('/api/v1/placement-capacity', { learningEnvironmentId: historicEnvironmentId, learnerType: 'STUDENT_NURSE', period: '2020-21-H1', places: 3 }, historicHubAdmin);
      expect(capacity.status).toBe(201);
      historicCapacityId = capacity.body.id;
      const assessor = await post('/api/v1/supervisors', { hubId: HISTORIC_HUB, name: 'Practice Nurse C', approvals: [{ role: 'PRACTICE_ASSESSOR', approvedFrom: '2019-01-01' }] }, historicHubAdmin);
      expect(assessor.status).toBe(201);
      historicAssessorId = assessor.body.id;
    });

    it('offers on 2020-05-01 and fills on 2020-05-10: each event happens at the start of its own London day and carries that day', async () => {
      const offered = await historicOffer('2020-05-01');
      expect(offered.status).toBe(201);
      expect(offered.body).toMatchObject({ offeredOn: '2020-05-01', filledOn: null, timeStatus: 'past' });
      const placementId = offered.body.id as string;
      expect((await envelopeOf('uk.nhs.traininghubs.placements.placement_offered.v1', placementId)).time.toISOString()).toBe('2020-04-30T23:00:00.000Z');
      expect((await eventOf('uk.nhs.traininghubs.placements.placement_offered.v1', placementId)).offeredOn).toMatchObject({ year: 2020, month: 5, day: 1 });

      // the environment's approval lapsed in 2023; on the day of the fill it was approved
      const filled = await historicFill(placementId, '2020-05-10');
      expect(filled.status).toBe(200);
      expect(filled.body).toMatchObject({ state: 'filled', offeredOn: '2020-05-01', filledOn: '2020-05-10' });
      const envelope = await envelopeOf('uk.nhs.traininghubs.placements.placement_filled.v1', placementId);
      expect(envelope.time.toISOString()).toBe('2020-05-09T23:00:00.000Z');
      expect(envelope.recordedTime!.getTime()).toBeGreaterThan(Date.now() - 60_000);
      expect((await eventOf('uk.nhs.traininghubs.placements.placement_filled.v1', placementId)).filledOn).toMatchObject({ year: 2020, month: 5, day: 10 });
      // the fill took a place of the capacity its dates fall in (2020-21-H1), though that period is long over
      expect((await get(`/api/v1/placement-capacity/${historicCapacityId}`, historicHubAdmin)).body).toMatchObject({ places: 3, placesFilled: 1 });

      const completed = await post(`/api/v1/placements/${placementId}/complete`, { actualEndDate: '2020-07-24' }, historicHubAdmin);
      expect(completed.status).toBe(200);
      expect((await envelopeOf('uk.nhs.traininghubs.placements.placement_completed.v1', placementId)).time.toISOString()).toBe('2020-07-23T23:00:00.000Z');
    });

    it("refuses an offer or a fill dated before the hub's first day (outside-hub-active-span), saving and publishing nothing", async () => {
      const before = await placementsOfCapacity();
      const earlyOffer = await historicOffer('2020-03-31');
      expect(earlyOffer.status).toBe(422);
      expect(earlyOffer.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(earlyOffer.body).toMatchObject({ code: 'outside-hub-active-span' });
      expect(earlyOffer.body.detail).toMatch(/active from 2020-04-01/);
      expect(await placementsOfCapacity()).toBe(before);

      // places are left, the environment was approved and the supervisor fits: only the day stands in the way
      const offered = await historicOffer('2020-05-01');
      expect(offered.status).toBe(201);
      const placementId = offered.body.id as string;
      const earlyFill = await historicFill(placementId, '2020-03-31');
      expect(earlyFill.status).toBe(422);
      expect(earlyFill.body).toMatchObject({ code: 'outside-hub-active-span' });
      expect(earlyFill.body.detail).toMatch(/active from 2020-04-01: a record dated 2020-03-31 is before it/);
      expect((await get(`/api/v1/placements/${placementId}`, historicHubAdmin)).body).toMatchObject({ state: 'offered', learnerId: null, filledOn: null, version: 1 });
      expect((await get(`/api/v1/placement-capacity/${historicCapacityId}`, historicHubAdmin)).body.placesFilled).toBe(1);
      expect(await dataSource.query(`SELECT event_type FROM outbox WHERE aggregate_id = $1 AND event_type LIKE '%placement_filled%'`, [placementId])).toEqual([]);
      expect(await dataSource.query('SELECT action FROM audit_event WHERE entity_id = $1', [placementId])).toEqual([{ action: 'placement.offered' }]);
      // by the time a later event of the topic is read back, the refused fill would have been too
      await envelopeOf('uk.nhs.traininghubs.placements.placement_offered.v1', placementId);
      expect(envelopes.some((e) => e.key === placementId && e.envelope.type.endsWith('placement_filled.v1'))).toBe(false);
    });

    it('refuses a fill, an offer or a completion dated after today (date-in-the-future)', async () => {
      const tomorrow = londonTomorrow();
      const futureOffer = await historicOffer(tomorrow);
      expect(futureOffer.status).toBe(422);
      expect(futureOffer.body).toMatchObject({ code: 'date-in-the-future' });
      const offered = await historicOffer('2020-05-01');
      const futureFill = await historicFill(offered.body.id, tomorrow);
      expect(futureFill.status).toBe(422);
      expect(futureFill.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(futureFill.body).toMatchObject({ code: 'date-in-the-future' });
      expect(futureFill.body.detail).toContain(`filledOn (${tomorrow}) is after today`);
      expect((await get(`/api/v1/placements/${offered.body.id}`, historicHubAdmin)).body).toMatchObject({ state: 'offered', version: 1 });
      const notADay = await historicFill(offered.body.id, '2020-05-10T09:00:00Z');
      expect(notADay.status).toBe(400);

      // the current placement of the first tests (2026-10-05 to 2026-12-13) cannot be completed on a day still to come
      const plannedEnd = await post(`/api/v1/placements/${currentPlacementId}/complete`, {});
      expect(plannedEnd.status).toBe(422);
      expect(plannedEnd.body).toMatchObject({ code: 'date-in-the-future' });
      expect(plannedEnd.body.detail).toMatch(/^The planned end \(2026-12-13\) is after today/);
      const futureEnd = await post(`/api/v1/placements/${currentPlacementId}/complete`, { actualEndDate: tomorrow });
      expect(futureEnd.status).toBe(422);
      expect(futureEnd.body).toMatchObject({ code: 'date-in-the-future' });
      expect((await get(`/api/v1/placements/${currentPlacementId}`)).body).toMatchObject({ state: 'filled', lastDayOnPlacement: null });
    });
  });

  it('records a fill without filledOn on today (London) and a cancellation when it is made', async () => {
    const filledEnvelope = await envelopeOf('uk.nhs.traininghubs.placements.placement_filled.v1', currentPlacementId);
    const placement = (await get(`/api/v1/placements/${currentPlacementId}`)).body;
    expect([londonToday(), londonToday(new Date(Date.now() - 120_000))]).toContain(placement.filledOn);
    expect(filledEnvelope.time.toISOString()).toBe(startOfLondonDay(placement.filledOn).toISOString());
    const [year, month, day] = (placement.filledOn as string).split('-').map(Number);
    expect((await eventOf('uk.nhs.traininghubs.placements.placement_filled.v1', currentPlacementId)).filledOn).toMatchObject({ year, month, day });
    expect(placement.offeredOn).toBe(placement.filledOn);
    expect((await envelopeOf('uk.nhs.traininghubs.placements.placement_offered.v1', currentPlacementId)).time.toISOString()).toBe(startOfLondonDay(placement.offeredOn).toISOString());

    const before = Date.now();
    const cancelled = await post(`/api/v1/placements/${currentPlacementId}/cancel`, { reason: 'LEARNING_ENVIRONMENT_WITHDREW' });
    expect(cancelled.status).toBe(200);
    const time = (await envelopeOf('uk.nhs.traininghubs.placements.placement_cancelled.v1', currentPlacementId)).time.getTime();
    expect(time).toBeGreaterThanOrEqual(before - 1_000);
    expect(time).toBeLessThanOrEqual(Date.now());
  });
  it('answers 50 fills racing for the last 3 places with exactly 3 fills and 47 clear 409s, and 30 offers at once on one capacity, with no 5xx', async () => {
    const racingEnvironment = await approveEnvironment('F83011');
    const capacityId = await declare(3, '2026-27-H2', 'STUDENT_NURSE', racingEnvironment);
    const tokenOfAdmin = await token(hubAdmin);
    // offers on one capacity at once: each its own placement, none waits on another's lock
    const offers = await Promise.all(
      Array.from({ length: 30 }, () =>
        request(service.app.getHttpServer())
          .post('/api/v1/placements')
          .set('Authorization', `Bearer ${tokenOfAdmin}`)
          .send(offerBody(capacityId)),
      ),
    );
    expect(offers.map((r) => r.status)).toEqual(Array(30).fill(201));
    const placementIds = offers.map((r) => r.body.id as string);
    for (let i = 0; i < 20; i += 1) placementIds.push(await offer(capacityId));

    const responses = await Promise.all(
      placementIds.map((id, i) => request(service.app.getHttpServer()).post(`/api/v1/placements/${id}/fill`).set('Authorization', `Bearer ${tokenOfAdmin}`).send(fillBody(`crowd-${i}`))),
    );
    const statuses = responses.map((r) => r.status);
    expect({ filled: statuses.filter((s) => s === 200).length, refused: statuses.filter((s) => s === 409).length, other: statuses.filter((s) => s !== 200 && s !== 409) }).toEqual({
      filled: 3,
      refused: 47,
      other: [],
    });
    expect(responses.filter((r) => r.status === 409).every((r) => r.body.code === 'no-place-left')).toBe(true);
    expect((await get(`/api/v1/placement-capacity/${capacityId}`)).body.placesFilled).toBe(3);
  }, 60_000);
});
