import request from 'supertest';
import type { Caller } from '@traininghubs/auth';
import { decodeEvent, HubLevel, KpiArea, KpiUnit, localDateFromIso, type EventInit, type EventType } from '@traininghubs/contracts';
import { newEventId } from '@traininghubs/messaging';
import { ServiceUnderTest } from '@traininghubs/testing';
import { KpiReportingEnvironment } from './kpi-reporting.environment';
import { KpiReportingModule } from './kpi-reporting.module';

const HUB_A = '3c1d2e4f-5a6b-4c7d-8e9f-a0b1c2d3e4f5';
const HUB_B = '7e8f9a0b-1c2d-4e3f-9a4b-5c6d7e8f9a0b';
const HUB_C = 'c4d5e6f7-0a1b-4c2d-8e3f-4a5b6c7d8e9f';
const PROBLEM_JSON = /^application\/problem\+json/;
const SUBMITTED = 'uk.nhs.traininghubs.kpireporting.kpi_return_submitted.v1';
const APPROVED = 'uk.nhs.traininghubs.kpireporting.kpi_return_approved.v1';
const RETURNED = 'uk.nhs.traininghubs.kpireporting.kpi_return_returned.v1';

const national: Caller = { subject: 'nhse-national', role: 'national', scope: { kind: 'national' } };
const southWest: Caller = { subject: 'sw-region', role: 'region', scope: { kind: 'region', code: 'Y58' } };
const london: Caller = { subject: 'london-region', role: 'region', scope: { kind: 'region', code: 'Y56' } };
const hubAdminA: Caller = { subject: 'bsw-hub-lead', role: 'hub_admin', scope: { kind: 'hub', hubId: HUB_A } };
const hubAdminB: Caller = { subject: 'somerset-hub-lead', role: 'hub_admin', scope: { kind: 'hub', hubId: HUB_B } };
const analyst: Caller = { subject: 'nhse-analyst', role: 'analyst', scope: { kind: 'national' } };

interface SourceEvent {
  key: string;
  type: EventType;
  time: string;
  init: object;
}

describe('kpi-reporting: KPI returns and median comparison through HTTP, with real Kafka and Postgres', () => {
  let service: ServiceUnderTest;
  let sent = 0;

  const valueOf = (values: { id: string; value: number | null }[] | null, id: string) => values?.find((k) => k.id === id)?.value;

  async function publish(events: SourceEvent[]): Promise<void> {
    for (const event of events) {
      await service.receive(event.type, event.key, event.init as EventInit<typeof event.type>, { time: new Date(event.time), source: '/traininghubs/kpi-returns-test' });
    }
    sent += events.length;
    const deadline = Date.now() + 30_000;
    for (;;) {
      const [{ count }] = await service.dataSource.query(`SELECT count(*)::int AS count FROM inbox WHERE consumer_group = 'kpi-reporting.projections'`);
      if (count >= sent) return;
      if (Date.now() > deadline) throw new Error(`only ${count} of ${sent} events applied`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** The KpiReturnApproved of a return, read back from Kafka. */
  async function approvalOf(returnId: string) {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const found = service.publishedOfType(APPROVED).map((r) => decodeEvent(APPROVED, r.value)).find((e) => e.returnId === returnId);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no KpiReturnApproved for ${returnId}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  const registered = (hubId: string, icbCode: string, regionCode: string): SourceEvent => ({
    key: hubId,
    type: 'uk.nhs.traininghubs.hubregistry.hub_registered.v1',
    time: '2022-07-01T09:00:00Z',
    init: { hubId, activeFrom: localDateFromIso('2022-07-01'), details: { name: `Hub ${icbCode}`, level: HubLevel.ICS, icb: { odsCode: icbCode, name: `NHS ${icbCode} ICB` }, regionOdsCode: regionCode } },
  });
  const delivered = (hubId: string, time: string, participants: number): SourceEvent => ({
    key: `course-${time}`,
    type: 'uk.nhs.traininghubs.trainingcatalogue.course_delivered.v1',
    time,
    init: { hubId, courseId: newEventId(), sessionId: newEventId(), kpiArea: KpiArea.EDUCATIONAL_DESIGN, durationMinutes: 120, participants, cpdMinutesDelivered: BigInt(participants * 120) },
  });
  const offered = (hubId: string, time: string): SourceEvent => ({
    key: `placement-${time}`,
    type: 'uk.nhs.traininghubs.placements.placement_offered.v1',
    time,
    init: { hubId, placementId: newEventId(), learningEnvironmentId: newEventId(), learningEnvironmentOdsCode: 'L81001' },
  });

  beforeAll(async () => {
    service = await ServiceUnderTest.start({
      serviceName: 'kpi-reporting',
      environment: KpiReportingEnvironment,
      module: (config) => KpiReportingModule.register(config),
      readTopics: ['traininghubs.kpireporting.kpi-return.v1'],
    });
    await publish([
      registered(HUB_A, 'QOX', 'Y58'),
      registered(HUB_B, 'QSL', 'Y58'),
      delivered(HUB_A, '2025-05-12T10:00:00Z', 18),
      delivered(HUB_A, '2025-06-16T10:00:00Z', 12),
      offered(HUB_A, '2025-05-01T10:00:00Z'),
      delivered(HUB_B, '2025-05-12T10:00:00Z', 7),
    ]);
  });

  afterAll(async () => {
    await service?.close();
  });

  it('takes a return from draft through submission, return with a reason, resubmission and approval, publishing the events', async () => {
    const drafted = await service.post('/api/v1/kpi-returns', { hubId: HUB_A, period: '2025-26-H1' }, hubAdminA);
    expect(drafted.status).toBe(201);
    expect(drafted.body).toMatchObject({ hubId: HUB_A, period: '2025-26-H1', state: 'draft', submissionNumber: 0, frozenValues: null, restated: false });
    expect(valueOf(drafted.body.currentValues, 'participants')).toBe(30);
    const id: string = drafted.body.id;

    const again = await service.post('/api/v1/kpi-returns', { hubId: HUB_A, period: '2025-26-H1' }, hubAdminA);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'return-exists', returnId: id });

    const approveDraft = await service.post(`/api/v1/kpi-returns/${id}/approve`, {}, national);
    expect(approveDraft.status).toBe(409);
    expect(approveDraft.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(approveDraft.body).toMatchObject({ code: 'invalid-return-transition', state: 'draft' });
    expect(approveDraft.body.detail).toMatch(/A draft return cannot be approved; only a submitted return can/);

    const submitted = await service.post(`/api/v1/kpi-returns/${id}/submit`, {}, hubAdminA);
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ state: 'submitted', submissionNumber: 1, submittedBy: 'bsw-hub-lead' });
    expect(valueOf(submitted.body.frozenValues, 'participants')).toBe(30);
    expect(valueOf(submitted.body.frozenValues, 'placements_offered')).toBe(1);
    expect((await service.post(`/api/v1/kpi-returns/${id}/submit`, {}, hubAdminA)).status).toBe(409);

    const event = await service.eventOf(SUBMITTED, HUB_A);
    expect(event).toMatchObject({ hubId: HUB_A, returnId: id, periodKey: '2025-26-H1', submissionNumber: 1, icbOdsCode: 'QOX' });
    expect(event.figures.find((f) => f.indicatorCode === 'participants')).toMatchObject({ value: 30n, unit: KpiUnit.COUNT, kpiArea: KpiArea.EDUCATIONAL_DESIGN });
    expect(event.figures.find((f) => f.indicatorCode === 'cpd_hours')).toMatchObject({ value: 3600n, unit: KpiUnit.MINUTES });

    expect((await service.post(`/api/v1/kpi-returns/${id}/return`, {}, southWest)).status).toBe(400);
    const sentBack = await service.post(`/api/v1/kpi-returns/${id}/return`, { reason: 'Placements offered look low; please check the May offers.' }, southWest);
    expect(sentBack.status).toBe(200);
    expect(sentBack.body).toMatchObject({ state: 'returned', returnedReason: 'Placements offered look low; please check the May offers.', decidedBy: 'sw-region' });
    expect(await service.eventOf(RETURNED, HUB_A)).toMatchObject({
      hubId: HUB_A,
      returnId: id,
      periodKey: '2025-26-H1',
      submissionNumber: 1,
      returnerOdsCode: 'Y58',
      reason: 'Placements offered look low; please check the May offers.',
    });

    const resubmitted = await service.post(`/api/v1/kpi-returns/${id}/submit`, {}, hubAdminA);
    expect(resubmitted.body).toMatchObject({ state: 'submitted', submissionNumber: 2 });
    expect(await service.eventOf(SUBMITTED, HUB_A, 2)).toMatchObject({ returnId: id, submissionNumber: 2 });

    const approved = await service.post(`/api/v1/kpi-returns/${id}/approve`, {}, national);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ state: 'approved', decidedBy: 'nhse-national', submissionNumber: 2 });
    expect(await service.eventOf(APPROVED, HUB_A)).toMatchObject({ hubId: HUB_A, returnId: id, periodKey: '2025-26-H1', submissionNumber: 2, approverOdsCode: 'X24' });
    expect((await service.post(`/api/v1/kpi-returns/${id}/return`, { reason: 'too late' }, national)).status).toBe(409);

    const audit: { action: string; actor: string }[] = await service.dataSource.query('SELECT action, actor FROM audit_event WHERE entity_id = $1 ORDER BY id', [id]);
    expect(audit.map((a) => a.action)).toEqual(['kpi_return.drafted', 'kpi_return.submitted', 'kpi_return.returned', 'kpi_return.submitted', 'kpi_return.approved']);
  });

  it('marks a submitted return restated when a late event changes its period, never changing the frozen figures', async () => {
    const drafted = await service.post('/api/v1/kpi-returns', { hubId: HUB_B, period: '2025-26-H1' }, hubAdminB);
    const id: string = drafted.body.id;
    const submitted = await service.post(`/api/v1/kpi-returns/${id}/submit`, {}, hubAdminB);
    expect(submitted.body.restated).toBe(false);
    const frozen = submitted.body.frozenValues;
    expect(valueOf(frozen, 'participants')).toBe(7);

    // a session delivered in September, recorded late; and one in October, which is the next period
    await publish([delivered(HUB_B, '2025-09-30T22:30:00Z', 11), offered(HUB_B, '2025-10-01T09:00:00Z')]);
    const restated = await service.get(`/api/v1/kpi-returns/${id}`, hubAdminB);
    expect(restated.status).toBe(200);
    expect(restated.body.restated).toBe(true);
    expect(restated.body.restatedAt).toEqual(expect.any(String));
    expect(restated.body.frozenValues).toEqual(frozen);
    expect(restated.body.restatements).toEqual(
      expect.arrayContaining([
        { kpiId: 'participants', name: 'Participants', frozenValue: 7, currentValue: 18 },
        { kpiId: 'courses_delivered', name: 'Courses delivered', frozenValue: 1, currentValue: 2 },
      ]),
    );
    expect(restated.body.restatements.map((r: { kpiId: string }) => r.kpiId)).not.toContain('placements_offered');
    expect(valueOf(restated.body.currentValues, 'participants')).toBe(18);
    const [{ frozen_values }] = await service.dataSource.query('SELECT frozen_values FROM kpi_return WHERE id = $1', [id]);
    expect(valueOf(frozen_values, 'participants')).toBe(7);

    const csv = await service.get(`/api/v1/kpi-returns/${id}/export.csv`, hubAdminB);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('hub_id,period,state,submission_number,kpi_id,kpi,area,unit,value,frozen_value,restated_value');
    expect(lines).toContain(`${HUB_B},2025-26-H1,submitted,1,participants,Participants,educational design,count,18,7,18`);
    expect(lines).toContain(`${HUB_B},2025-26-H1,submitted,1,gps_recruited,GPs recruited,careers and retention,count,0,0,`);
  });

  it("keeps hubs to their own returns and decisions to NHS England and the hub's region", async () => {
    const id: string = (await service.post('/api/v1/kpi-returns', { hubId: HUB_A, period: '2024-25-H2' }, hubAdminA)).body.id;
    const otherHub = await service.get(`/api/v1/kpi-returns/${id}`, hubAdminB);
    expect(otherHub.status).toBe(404);
    expect(otherHub.headers['content-type']).toMatch(PROBLEM_JSON);
    expect((await service.get(`/api/v1/kpi-returns/${id}/export.csv`, hubAdminB)).status).toBe(404);
    expect((await service.post('/api/v1/kpi-returns', { hubId: HUB_A, period: '2025-26-H2' }, hubAdminB)).status).toBe(404);
    expect((await service.post('/api/v1/kpi-returns', { hubId: HUB_A, period: '2025-26-H2' }, analyst)).status).toBe(403);
    expect((await service.post('/api/v1/kpi-returns', { hubId: HUB_A, period: '2025-27-H2' }, hubAdminA)).status).toBe(400);
    expect((await service.post('/api/v1/kpi-returns', { hubId: '00000000-0000-4000-8000-000000000000', period: '2025-26-H2' }, national)).status).toBe(403);

    const drafted = await service.post('/api/v1/kpi-returns', { hubId: HUB_A, period: '2025-26-H2' }, hubAdminA);
    const draftId: string = drafted.body.id;
    expect((await service.post(`/api/v1/kpi-returns/${draftId}/submit`, {}, hubAdminB)).status).toBe(404);
    expect((await service.post(`/api/v1/kpi-returns/${draftId}/submit`, {}, national)).status).toBe(403);
    await service.post(`/api/v1/kpi-returns/${draftId}/submit`, {}, hubAdminA);
    expect((await service.post(`/api/v1/kpi-returns/${draftId}/approve`, {}, hubAdminA)).status).toBe(403);
    expect((await service.post(`/api/v1/kpi-returns/${draftId}/approve`, {}, london)).status).toBe(404);
    expect((await service.post(`/api/v1/kpi-returns/${draftId}/approve`, {}, analyst)).status).toBe(403);
    const byRegion = await service.post(`/api/v1/kpi-returns/${draftId}/approve`, {}, southWest);
    expect(byRegion.status).toBe(200);
    expect(await approvalOf(draftId)).toMatchObject({ hubId: HUB_A, approverOdsCode: 'Y58' });

    const mine = await service.get(`/api/v1/kpi-returns?hubId=${HUB_A}&state=draft`, hubAdminA);
    expect(mine.status).toBe(200);
    expect(mine.body.page).toMatchObject({ total: 1, hasMore: false });
    expect(mine.body.items.map((r: { id: string }) => r.id)).toEqual([id]);
    const approvedOfA = await service.get(`/api/v1/kpi-returns?hubId=${HUB_A}&period=2025-26-H2`, southWest);
    expect(approvedOfA.body.items).toMatchObject([{ id: draftId, state: 'approved' }]);
    expect((await service.get(`/api/v1/kpi-returns?hubId=${HUB_A}`, hubAdminB)).body.page.total).toBe(0);
    const all = await service.get('/api/v1/kpi-returns', analyst);
    const paged = await service.get(`/api/v1/kpi-returns?limit=1&offset=${all.body.page.total - 1}`, analyst);
    expect(paged.body.page).toMatchObject({ total: all.body.page.total, limit: 1, hasMore: false });
    expect(paged.body.items).toEqual([all.body.items.at(-1)]);
    expect((await service.get('/api/v1/kpi-returns?limit=1', analyst)).body.page.hasMore).toBe(true);
    expect((await service.get('/api/v1/kpi-returns', london)).body.page.total).toBe(0);
    expect((await service.get('/api/v1/kpi-returns?period=2025-27-H1', national)).status).toBe(400);
    expect((await request(service.app.getHttpServer()).get('/api/v1/kpi-returns')).status).toBe(401);
  });

  it("compares a hub's KPIs with the medians of its region's hubs and of every hub", async () => {
    const filled = (hubId: string, time: string): SourceEvent => ({ ...offered(hubId, time), type: 'uk.nhs.traininghubs.placements.placement_filled.v1', init: { ...offered(hubId, time).init, learnerId: 'learner-1' } });
    await publish([
      registered(HUB_C, 'QMJ', 'Y56'),
      delivered(HUB_A, '2023-11-06T10:00:00Z', 10),
      delivered(HUB_B, '2023-11-07T10:00:00Z', 20),
      delivered(HUB_C, '2024-02-07T10:00:00Z', 60),
      offered(HUB_A, '2023-10-02T10:00:00Z'),
      offered(HUB_A, '2023-10-03T10:00:00Z'),
      filled(HUB_A, '2023-10-20T10:00:00Z'),
      offered(HUB_C, '2024-01-02T10:00:00Z'),
      filled(HUB_C, '2024-01-20T10:00:00Z'),
    ]);
    const compared = await service.get(`/api/v1/kpis/comparison?hubId=${HUB_A}&period=2023-24-H2`, hubAdminA);
    expect(compared.status).toBe(200);
    expect(compared.body).toMatchObject({ hubId: HUB_A, period: { key: '2023-24-H2' }, regionCode: 'Y58', regionHubCount: 2, nationalHubCount: 3 });
    const kpi = (id: string) => compared.body.kpis.find((k: { id: string }) => k.id === id);
    expect(kpi('participants')).toMatchObject({ value: 10, regionMedian: 15, nationalMedian: 20, regionHubsWithValue: 2, nationalHubsWithValue: 3 });
    // hub B offered no placements: its fill rate is missing and left out of the medians
    expect(kpi('placement_fill_rate')).toMatchObject({ value: 50, regionMedian: 50, nationalMedian: 75, regionHubsWithValue: 1, nationalHubsWithValue: 2 });
    expect((await service.get(`/api/v1/kpis/comparison?hubId=${HUB_C}&period=2023-24-H2`, london)).body.regionHubCount).toBe(1);
    expect((await service.get(`/api/v1/kpis/comparison?hubId=${HUB_C}&period=2023-24-H2`, hubAdminA)).status).toBe(404);
    expect((await service.get(`/api/v1/kpis/comparison?hubId=00000000-0000-4000-8000-000000000000&period=2023-24-H2`, national)).status).toBe(404);
    expect((await service.get(`/api/v1/kpis/comparison?hubId=${HUB_A}&period=2023-24`, national)).status).toBe(400);
  });
});
