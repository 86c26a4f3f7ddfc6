import request from 'supertest';
import type { DataSource } from 'typeorm';
import type { Caller } from '@traininghubs/auth';
import { LearnerType, type EventType } from '@traininghubs/contracts';
import { registerHubs, ServiceUnderTest } from '@traininghubs/testing';
import { PlacementsEnvironment } from './placements.environment';
import { PlacementsModule } from './placements.module';

const HUB = '0b9c8f52-4f6f-4c59-9f43-2a3f8d9a1e01';
const OTHER_HUB = '5d6e7f80-1a2b-4c3d-8e9f-0a1b2c3d4e5f';
const PROBLEM_JSON = /^application\/problem\+json/;

const hubAdmin: Caller = { subject: 'bsw-hub-lead', role: 'hub_admin', scope: { kind: 'hub', hubId: HUB } };
const otherHubAdmin: Caller = { subject: 'sel-hub-lead', role: 'hub_admin', scope: { kind: 'hub', hubId: OTHER_HUB } };
const icb: Caller = { subject: 'bsw-ics', role: 'icb', scope: { kind: 'icb', code: 'QOX' } };
const analyst: Caller = { subject: 'analyst', role: 'analyst', scope: { kind: 'national' } };

describe('placements service (real Postgres and Kafka)', () => {
  let service: ServiceUnderTest;
  let dataSource: DataSource;

  const token = (caller: Caller) => service.token(caller);
  const post = (path: string, body: object, caller: Caller = hubAdmin) => service.post(path, body, caller);
  const get = (path: string, caller: Caller = hubAdmin) => service.get(path, caller);
  const eventOf = <T extends EventType>(type: T, key: string, count = 1) => service.eventOf(type, key, count);

  beforeAll(async () => {
    service = await ServiceUnderTest.start({
      serviceName: 'placements',
      environment: PlacementsEnvironment,
      module: (c) => PlacementsModule.register(c),
      readTopics: ['traininghubs.placements.placement.v1', 'traininghubs.placements.learning-environment.v1'],
    });
    dataSource = service.dataSource;
    await registerHubs(dataSource, [
      { hubId: HUB, name: 'Bath and North East Somerset, Swindon and Wiltshire Training Hub', icbCode: 'QOX', regionCode: 'Y58' },
      { hubId: OTHER_HUB, name: 'South East London Training Hub', icbCode: 'QKK', regionCode: 'Y56' },
    ]);
  });

  afterAll(async () => {
    await service?.close();
  });

  let environmentId: string;
  let supervisorId: string;
  let nurseAssessorId: string;
  let refusedPlacementId: string;

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

  async function offer(capacityId: string, dates = { startDate: '2026-10-05', endDate: '2026-12-13' }): Promise<string> {
    const response = await post('/api/v1/placements', { placementCapacityId: capacityId, ...dates, sessionsPerWeek: 6, educationProviderCode: '10007784' });
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
});
