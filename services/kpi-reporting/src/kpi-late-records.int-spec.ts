import { startOfLondonDay } from '@traininghubs/calendar';
import type { Caller } from '@traininghubs/auth';
import { decodeEvent, HubLevel, KpiArea, localDateFromIso, RetentionIntervention, RetentionOutcome, type EventInit, type EventType } from '@traininghubs/contracts';
import { newEventId } from '@traininghubs/messaging';
import { ServiceUnderTest } from '@traininghubs/testing';
import { KpiReportingEnvironment } from './kpi-reporting.environment';
import { KpiReportingModule } from './kpi-reporting.module';

const NEL = 'a1b2c3d4-0e1f-4a2b-8c3d-4e5f6a7b8c9d';
const NCL = 'b2c3d4e5-1f2a-4b3c-9d4e-5f6a7b8c9d0e';
const NWL = 'c3d4e5f6-2a3b-4c4d-8e5f-6a7b8c9d0e1f';
const RESTATED = 'uk.nhs.traininghubs.kpireporting.kpi_return_restated.v1';

const national: Caller = { subject: 'nhse-national', role: 'national', scope: { kind: 'national' } };
const nelAdmin: Caller = { subject: 'nel-hub-lead', role: 'hub_admin', scope: { kind: 'hub', hubId: NEL } };

interface Source {
  type: EventType;
  key: string;
  init: object;
  /** ce_time: when it happened (producers since December 2026), or when it was recorded (older ones). */
  time: Date;
  /** ce_recordedtime; absent on events written before the attribute existed. */
  recordedTime?: Date;
}

/**
 * A late record counts in the period it happened in, whenever it was typed, and restates that
 * period's submitted return. Real Kafka and Postgres; the events are what the owning services
 * publish (ce_time the occurrence, ce_recordedtime the recording) and what older ones published
 * (ce_time the recording time, the business date only in the payload).
 */
describe('kpi-reporting: records about the past count when they happened, and restate the returns of closed periods', () => {
  let service: ServiceUnderTest;
  let sent = 0;
  const valueOf = (values: { id: string; value: number | null }[] | null | undefined, id: string) => values?.find((k) => k.id === id)?.value;

  async function publish(events: Source[]): Promise<void> {
    for (const e of events) {
      await service.receive(e.type, e.key, e.init as EventInit<typeof e.type>, { time: e.time, recordedTime: e.recordedTime, source: '/traininghubs/late-records-test' });
    }
    sent += events.length;
    for (const deadline = Date.now() + 30_000; ; ) {
      const [{ count }] = await service.dataSource.query(`SELECT count(*)::int AS count FROM inbox WHERE consumer_group = 'kpi-reporting.projections'`);
      if (count >= sent) return;
      if (Date.now() > deadline) throw new Error(`only ${count} of ${sent} events applied`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  const kpis = async (scope: string, period: string) => {
    const response = await service.get(`/api/v1/kpis?scope=${encodeURIComponent(scope)}&period=${period}`, national);
    expect(response.status).toBe(200);
    return response.body as { hubIds: string[]; kpis: { id: string; value: number | null }[] };
  };

  const hubRegistered = (hubId: string, icbCode: string, activeFrom: string): Source => ({
    type: 'uk.nhs.traininghubs.hubregistry.hub_registered.v1',
    key: hubId,
    time: startOfLondonDay(activeFrom),
    recordedTime: new Date(),
    init: { hubId, activeFrom: localDateFromIso(activeFrom), details: { name: `Hub ${icbCode}`, level: HubLevel.ICS, icb: { odsCode: icbCode, name: `NHS ${icbCode} ICB` }, regionOdsCode: 'Y56' } },
  });
  /** A session delivered at `startsAt`, entered today: ce_time the session's start. */
  const delivered = (hubId: string, startsAt: string, participants: number): Source => ({
    type: 'uk.nhs.traininghubs.trainingcatalogue.course_delivered.v1',
    key: newEventId(),
    time: new Date(startsAt),
    recordedTime: new Date(),
    init: {
      hubId,
      courseId: newEventId(),
      sessionId: newEventId(),
      kpiArea: KpiArea.EDUCATIONAL_DESIGN,
      deliveredAt: { seconds: BigInt(Date.parse(startsAt) / 1000), nanos: 0 },
      durationMinutes: 60,
      participants,
      cpdMinutesDelivered: BigInt(participants * 60),
    },
  });
  /** A GP recruited from `startDate`, as an older producer published it: ce_time the day it was typed. */
  const recruitedLegacy = (hubId: string, startDate: string): Source => ({
    type: 'uk.nhs.traininghubs.workforce.gp_recruited.v1',
    key: newEventId(),
    time: new Date(),
    init: { hubId, staffId: newEventId(), practiceOdsCode: 'F84001', pcnOdsCode: 'U12345', startDate: localDateFromIso(startDate) },
  });
  /** A GP retained with the outcome recorded on `outcomeOn`, entered today. */
  const retained = (hubId: string, outcomeOn: string): Source => ({
    type: 'uk.nhs.traininghubs.workforce.gp_retained.v1',
    key: newEventId(),
    time: startOfLondonDay(outcomeOn),
    recordedTime: new Date(),
    init: {
      hubId,
      staffId: newEventId(),
      practiceOdsCode: 'F84001',
      pcnOdsCode: 'U12345',
      intervention: RetentionIntervention.MENTORING,
      outcome: RetentionOutcome.REMAINED_IN_POST,
      outcomeRecordedOn: localDateFromIso(outcomeOn),
    },
  });

  beforeAll(async () => {
    service = await ServiceUnderTest.start({
      serviceName: 'kpi-reporting',
      environment: KpiReportingEnvironment,
      module: (config) => KpiReportingModule.register(config),
      readTopics: ['traininghubs.kpireporting.kpi-return.v1'],
    });
    await publish([hubRegistered(NEL, 'QMF', '2020-04-01'), hubRegistered(NCL, 'QMJ', '2022-07-01'), hubRegistered(NWL, 'QRV', '2022-07-01')]);
  }, 120_000);

  afterAll(async () => {
    await service?.close();
  });

  it('counts a hub’s 2020/21 year entered today in 2020-21-H1 and H2, for the hub, its ICB and the nation, whatever ce_time older producers set', async () => {
    await publish([
      delivered(NEL, '2020-05-12T09:00:00Z', 25),
      delivered(NEL, '2020-09-30T22:30:00Z', 15), // 23:30 on 30 September in London: H1
      delivered(NEL, '2020-11-03T10:00:00Z', 30),
      recruitedLegacy(NEL, '2020-06-01'),
      recruitedLegacy(NEL, '2021-01-04'),
      retained(NEL, '2020-08-20'),
    ]);
    const h1 = await kpis(`hub:${NEL}`, '2020-21-H1');
    const h2 = await kpis(`hub:${NEL}`, '2020-21-H2');
    expect([valueOf(h1.kpis, 'sessions_delivered'), valueOf(h1.kpis, 'participants'), valueOf(h1.kpis, 'gps_recruited'), valueOf(h1.kpis, 'gps_retained')]).toEqual([2, 40, 1, 1]);
    expect([valueOf(h2.kpis, 'sessions_delivered'), valueOf(h2.kpis, 'participants'), valueOf(h2.kpis, 'gps_recruited'), valueOf(h2.kpis, 'gps_retained')]).toEqual([1, 30, 1, 0]);
    // nothing of it lands in the period it was typed in
    expect(valueOf((await kpis(`hub:${NEL}`, '2026-27-H2')).kpis, 'participants')).toBe(0);
    for (const scope of ['icb:QMF', 'region:Y56', 'national']) {
      const rolled = await kpis(scope, '2020-21-H1');
      expect({ scope, hubs: rolled.hubIds.includes(NEL), participants: valueOf(rolled.kpis, 'participants') }).toEqual({ scope, hubs: true, participants: 40 });
    }
  });

  it('puts a session at 23:30 on 30 September (London) in H1 and one at 00:30 on 1 October in H2, both recorded today', async () => {
    await publish([delivered(NCL, '2025-09-30T22:30:00Z', 11), delivered(NCL, '2025-09-30T23:30:00Z', 13)]);
    expect(valueOf((await kpis(`hub:${NCL}`, '2025-26-H1')).kpis, 'participants')).toBe(11);
    expect(valueOf((await kpis(`hub:${NCL}`, '2025-26-H2')).kpis, 'participants')).toBe(13);
  });

  it('shows 2025-26-H1 activity of QMJ and QRV hubs, recorded after the merger, under Z9B2Z and under the old codes', async () => {
    await publish([
      {
        type: 'uk.nhs.traininghubs.hubregistry.organisation_succeeded.v1',
        key: 'Z9B2Z',
        time: startOfLondonDay('2026-04-01'),
        recordedTime: new Date(),
        init: {
          successor: { odsCode: 'Z9B2Z' },
          predecessors: [
            { organisation: { odsCode: 'QMJ' }, closes: true },
            { organisation: { odsCode: 'QRV' }, closes: true },
          ],
          effectiveDate: localDateFromIso('2026-04-01'),
          hubIds: [NCL, NWL],
        },
      },
      delivered(NWL, '2025-06-10T09:00:00Z', 9),
    ]);
    const merged = await kpis('icb:Z9B2Z', '2025-26-H1');
    expect(merged.hubIds).toEqual(expect.arrayContaining([NCL, NWL]));
    expect(valueOf(merged.kpis, 'participants')).toBe(11 + 9);
    expect(valueOf((await kpis('icb:QMJ', '2025-26-H1')).kpis, 'participants')).toBe(11);
    expect(valueOf((await kpis('icb:QRV', '2025-26-H1')).kpis, 'participants')).toBe(9);
  });

  it('restates a submitted and approved return when a record about its period is entered later, naming the record, and asks for re-approval', async () => {
    const drafted = await service.post('/api/v1/kpi-returns', { hubId: NEL, period: '2020-21-H1' }, nelAdmin);
    expect(drafted.status).toBe(201);
    const id: string = drafted.body.id;
    expect((await service.post(`/api/v1/kpi-returns/${id}/submit`, {}, nelAdmin)).status).toBe(200);
    expect((await service.post(`/api/v1/kpi-returns/${id}/approve`, {}, national)).status).toBe(200);
    // approving an approved return that nothing restated is refused
    expect((await service.post(`/api/v1/kpi-returns/${id}/approve`, {}, national)).status).toBe(409);

    const late = retained(NEL, '2020-07-15');
    await publish([late, delivered(NEL, '2020-12-01T10:00:00Z', 5)]);

    const view = (await service.get(`/api/v1/kpi-returns/${id}`, nelAdmin)).body;
    expect(view).toMatchObject({ state: 'approved', restated: true, reapprovalRequired: true });
    expect(valueOf(view.frozenValues, 'gps_retained')).toBe(1);
    expect(valueOf(view.currentValues, 'gps_retained')).toBe(2);
    expect(view.restatements).toEqual([expect.objectContaining({ kpiId: 'gps_retained', frozenValue: 1, currentValue: 2 })]);
    // only the record about H1 is a cause; the December session belongs to H2
    expect(view.restatedBy).toEqual([expect.objectContaining({ eventType: 'uk.nhs.traininghubs.workforce.gp_retained.v1', occurredOn: '2020-07-15' })]);

    const csv = await service.get(`/api/v1/kpi-returns/${id}/export.csv`, nelAdmin);
    expect(csv.text).toMatch(/gps_retained,GPs retained,careers and retention,count,2,1,2/);

    const restated = await restatedEventsOf(id, 1);
    expect(restated[0]).toMatchObject({ hubId: NEL, periodKey: '2020-21-H1', submissionNumber: 1, reapprovalRequired: true });
    expect(restated[0].differences).toEqual([expect.objectContaining({ kpiId: 'gps_retained', frozenValue: 1, currentValue: 2 })]);
    expect(restated[0].causes.map((c) => c.eventId)).toEqual([view.restatedBy[0].eventId]);

    const reapproved = await service.post(`/api/v1/kpi-returns/${id}/approve`, {}, national);
    expect(reapproved.status).toBe(200);
    expect(reapproved.body).toMatchObject({ state: 'approved', reapprovalRequired: false, restated: true });
  });

  it('rebuilds from offset zero to the same KPIs and returns, restatements included, publishing no restatement again', async () => {
    const scopes = [`hub:${NEL}`, `hub:${NCL}`, 'icb:Z9B2Z', 'icb:QMF', 'national'];
    const periods = ['2020-21-H1', '2020-21-H2', '2025-26-H1', '2025-26-H2'];
    const snapshot = async () => {
      const all: unknown[] = [];
      for (const scope of scopes) for (const period of periods) all.push(await kpis(scope, period));
      return all;
    };
    const returns = async () => (await service.get(`/api/v1/kpi-returns?hubId=${NEL}`, national)).body.items.map((r: Record<string, unknown>) => ({ ...r, currentValues: undefined }));
    const before = await snapshot();
    const returnsBefore = await returns();
    const restatedBefore = service.publishedOfType(RESTATED).length;

    const rebuild = await service.post('/api/v1/kpis/projections/rebuild', {}, national);
    expect(rebuild.status).toBe(202);
    for (const deadline = Date.now() + 60_000; ; ) {
      const progress = (await service.get(`/api/v1/kpis/projections/rebuilds/${rebuild.body.rebuildId}`, national)).body;
      if (progress.done) break;
      if (Date.now() > deadline) throw new Error(`rebuild stuck at ${progress.processed}/${progress.total}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await snapshot()).toEqual(before);
    expect(await returns()).toEqual(returnsBefore);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(service.publishedOfType(RESTATED)).toHaveLength(restatedBefore);
  });

  async function restatedEventsOf(returnId: string, count: number) {
    for (const deadline = Date.now() + 20_000; ; ) {
      const found = service
        .publishedOfType(RESTATED)
        .map((r) => decodeEvent(RESTATED, r.value))
        .filter((e) => e.returnId === returnId);
      if (found.length >= count) return found;
      if (Date.now() > deadline) throw new Error(`no KpiReturnRestated for ${returnId}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
});
