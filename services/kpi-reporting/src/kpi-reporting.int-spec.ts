import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { developmentSigningKey, mintDevelopmentToken, type Caller, type DevelopmentSigningKey } from '@traininghubs/auth';
import { loadConfig } from '@traininghubs/config';
import { HubLevel, KpiArea, localDateFromIso, type EventInit, type EventType } from '@traininghubs/contracts';
import { KafkaConnection, loadTopicManifest, newEventId, provisionTopics } from '@traininghubs/messaging';
import { createServiceApp } from '@traininghubs/runtime';
import { provisionTestSchema, sourceRecord, testKafkaBrokers, uniqueName, type TestServiceSchema } from '@traininghubs/testing';
import { KpiReportingEnvironment } from './kpi-reporting.environment';
import { KpiReportingModule } from './kpi-reporting.module';

const HUB_A = '0b9c8f52-4f6f-4c59-9f43-2a3f8d9a1e01';
const HUB_B = '5d6e7f80-1a2b-4c3d-8e9f-0a1b2c3d4e5f';
const PROBLEM_JSON = /^application\/problem\+json/;

const national: Caller = { subject: 'nhse-national', role: 'national', scope: { kind: 'national' } };
const hubAdminA: Caller = { subject: 'bsw-hub-lead', role: 'hub_admin', scope: { kind: 'hub', hubId: HUB_A } };
const otherIcb: Caller = { subject: 'sel-ics', role: 'icb', scope: { kind: 'icb', code: 'QKK' } };
const southWest: Caller = { subject: 'sw-region', role: 'region', scope: { kind: 'region', code: 'Y58' } };

interface Produced {
  key: string;
  type: EventType;
  time: string;
  init: object;
  id?: string;
}

describe('kpi-reporting: KPIs from real events through Kafka, read back through HTTP', () => {
  let schema: TestServiceSchema;
  let app: INestApplication;
  let dataSource: DataSource;
  let key: DevelopmentSigningKey;
  let connection: KafkaConnection;
  let producer: ReturnType<KafkaConnection['producer']>;
  let config: KpiReportingEnvironment;
  let uniqueEvents = 0;
  let records = 0;

  /** An instance of kpi-reporting on the test's schema and topics (several may run, as in production). */
  async function startInstance(): Promise<INestApplication> {
    const instance = await createServiceApp({ serviceName: 'kpi-reporting', environment: KpiReportingEnvironment, module: (c) => KpiReportingModule.register(c) }, config);
    await instance.init();
    return instance;
  }

  const token = (caller: Caller) => mintDevelopmentToken(caller, { key, issuer: 'https://traininghubs.nhs.uk', audience: 'traininghubs-platform' });
  const get = async (path: string, caller: Caller = national) => request(app.getHttpServer()).get(path).set('Authorization', `Bearer ${await token(caller)}`);
  const kpis = async (scope: string, period: string, caller: Caller = national) => get(`/api/v1/kpis?scope=${encodeURIComponent(scope)}&period=${period}`, caller);
  const valueOf = (body: { kpis: { id: string; value: number | null }[] }, id: string) => body.kpis.find((k) => k.id === id)?.value;

  async function publish(events: Produced[]): Promise<void> {
    for (const event of events) {
      const options = { id: event.id, source: '/traininghubs/kpi-reporting-test', time: new Date(event.time) };
      const { topic, message } = sourceRecord(event.type, event.key, event.init as EventInit<typeof event.type>, options);
      await producer.send({ topic: connection.topic(topic), messages: [message] });
      records += 1;
    }
  }

  async function applied(expected: number): Promise<void> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const [{ count }] = await dataSource.query(`SELECT count(*)::int AS count FROM inbox WHERE consumer_group = 'kpi-reporting.projections'`);
      if (count >= expected) return;
      if (Date.now() > deadline) throw new Error(`only ${count} of ${expected} events applied`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  const hub = (hubId: string, icbCode: string, name: string) => ({
    hubId,
    activeFrom: localDateFromIso('2022-07-01'),
    details: { name, level: HubLevel.ICS, icb: { odsCode: icbCode, name: `NHS ${icbCode} ICB` }, regionOdsCode: 'Y58' },
  });
  const delivered = (hubId: string, courseId: string, participants: number, kpiArea = KpiArea.EDUCATIONAL_DESIGN) => ({
    hubId,
    courseId,
    sessionId: newEventId(),
    kpiArea,
    durationMinutes: 150,
    participants,
    cpdMinutesDelivered: BigInt(participants * 150),
  });
  const placement = (hubId: string) => ({ hubId, placementId: newEventId(), learningEnvironmentId: newEventId(), learningEnvironmentOdsCode: 'F83004' });

  const duplicateId = newEventId();
  const events: Produced[] = [
    { key: HUB_A, type: 'uk.nhs.traininghubs.hubregistry.hub_registered.v1', time: '2022-07-01T09:00:00Z', init: hub(HUB_A, 'QOX', 'BSW Training Hub') },
    { key: HUB_B, type: 'uk.nhs.traininghubs.hubregistry.hub_registered.v1', time: '2022-07-01T09:00:00Z', init: hub(HUB_B, 'QSL', 'Somerset Training Hub') },
    // H1 2025/26 at hub A: two sessions of one course, one leadership session, placements, people
    { key: 'c1', type: 'uk.nhs.traininghubs.trainingcatalogue.course_delivered.v1', time: '2025-06-10T15:00:00Z', init: delivered(HUB_A, 'c1', 18), id: duplicateId },
    { key: 'c1', type: 'uk.nhs.traininghubs.trainingcatalogue.course_delivered.v1', time: '2025-07-10T15:00:00Z', init: delivered(HUB_A, 'c1', 12) },
    { key: 'c2', type: 'uk.nhs.traininghubs.trainingcatalogue.course_delivered.v1', time: '2025-09-30T22:30:00Z', init: delivered(HUB_A, 'c2', 10, KpiArea.LEADERSHIP_AND_MANAGEMENT) },
    // 23:30 UTC on 30 September is 00:30 on 1 October in London: H2
    { key: 'c3', type: 'uk.nhs.traininghubs.trainingcatalogue.course_delivered.v1', time: '2025-09-30T23:30:00Z', init: delivered(HUB_A, 'c3', 20) },
    { key: 'p1', type: 'uk.nhs.traininghubs.placements.placement_offered.v1', time: '2025-05-01T10:00:00Z', init: placement(HUB_A) },
    { key: 'p2', type: 'uk.nhs.traininghubs.placements.placement_offered.v1', time: '2025-05-01T10:00:00Z', init: placement(HUB_A) },
    { key: 'p1', type: 'uk.nhs.traininghubs.placements.placement_filled.v1', time: '2025-05-20T10:00:00Z', init: { ...placement(HUB_A), learnerId: 'learner-1' } },
    {
      key: 'p3',
      type: 'uk.nhs.traininghubs.placements.placement_completed.v1',
      time: '2025-09-01T10:00:00Z',
      init: { ...placement(HUB_B), learnerId: 'learner-2', actual: { startDate: localDateFromIso('2025-06-02'), endDate: localDateFromIso('2025-08-10'), wteHundredths: 60, sessionsPerWeek: 6 } },
    },
    { key: 'le1', type: 'uk.nhs.traininghubs.placements.learning_environment_approved.v1', time: '2025-04-15T10:00:00Z', init: { hubId: HUB_B, learningEnvironmentId: newEventId() } },
    { key: 's1', type: 'uk.nhs.traininghubs.workforce.gp_recruited.v1', time: '2025-05-05T10:00:00Z', init: { hubId: HUB_A, staffId: 's1' } },
    { key: 's2', type: 'uk.nhs.traininghubs.workforce.gp_retained.v1', time: '2025-05-05T10:00:00Z', init: { hubId: HUB_B, staffId: 's2' } },
    { key: 's3', type: 'uk.nhs.traininghubs.workforce.fellowship_enrolled.v1', time: '2025-05-05T10:00:00Z', init: { hubId: HUB_A, staffId: 's3' } },
    {
      key: 'plan-1',
      type: 'uk.nhs.traininghubs.workforce.arrs_plan_submitted.v1',
      time: '2025-04-20T10:00:00Z',
      init: { hubId: HUB_A, pcnOdsCode: 'U83547', planId: 'plan-1', financialYear: '2025-26', revision: 1, lines: [{ inPostFteHundredths: 500n, plannedFteHundredths: 800n }] },
    },
    {
      key: 'plan-1',
      type: 'uk.nhs.traininghubs.workforce.arrs_plan_submitted.v1',
      time: '2025-11-02T10:00:00Z',
      init: { hubId: HUB_A, pcnOdsCode: 'U83547', planId: 'plan-1', financialYear: '2025-26', revision: 2, lines: [{ inPostFteHundredths: 700n, plannedFteHundredths: 900n }] },
    },
    // Somerset ICB (QSL) merged into QOX on 1 April 2026; hub B moved with it
    {
      key: 'QOX',
      type: 'uk.nhs.traininghubs.hubregistry.organisation_succeeded.v1',
      time: '2026-04-01T00:00:00Z',
      init: { successor: { odsCode: 'QOX' }, predecessors: [{ organisation: { odsCode: 'QSL' }, closes: true }], effectiveDate: localDateFromIso('2026-04-01'), hubIds: [HUB_B] },
    },
    {
      key: HUB_B,
      type: 'uk.nhs.traininghubs.hubregistry.hub_updated.v1',
      time: '2026-04-01T00:05:00Z',
      init: { ...hub(HUB_B, 'QOX', 'Somerset Training Hub'), activeFrom: undefined, effectiveFrom: localDateFromIso('2026-04-01') },
    },
  ];

  beforeAll(async () => {
    schema = await provisionTestSchema('kpi-reporting');
    const prefix = uniqueName('kpi');
    const brokers = testKafkaBrokers();
    connection = new KafkaConnection({ brokers, clientId: 'kpi-reporting-test', topicPrefix: prefix });
    await provisionTopics(connection, loadTopicManifest());
    producer = connection.producer();
    await producer.connect();
    key = await developmentSigningKey(mkdtempSync(join(tmpdir(), 'kpi-key-')));
    config = loadConfig('kpi-reporting', KpiReportingEnvironment, {
      NODE_ENV: 'test',
      DATABASE_URL: schema.url,
      DATABASE_SCHEMA: schema.schema,
      KAFKA_BROKERS: brokers.join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      LOG_LEVEL: 'silent',
      AUTH_LOCAL_PUBLIC_JWK: JSON.stringify(key.publicJwk),
    });
    app = await startInstance();
    dataSource = app.get<DataSource>(getDataSourceToken());
    await publish(events);
    uniqueEvents = events.length;
    await applied(uniqueEvents);
  });

  afterAll(async () => {
    await producer?.disconnect();
    await app?.close();
    await connection?.close();
    await schema?.drop();
  });

  it("computes a hub's KPIs for the period each event happened in (Europe/London date)", async () => {
    const h1 = await kpis(`hub:${HUB_A}`, '2025-26-H1', hubAdminA);
    expect(h1.status).toBe(200);
    expect(h1.body.hubIds).toEqual([HUB_A]);
    expect(h1.body.counters).toMatchObject({ courses_delivered: 2, sessions_delivered: 3, participants: 40, leadership_sessions: 1, leadership_participants: 10 });
    expect(valueOf(h1.body, 'cpd_hours')).toBe(100);
    expect(valueOf(h1.body, 'placements_offered')).toBe(2);
    expect(valueOf(h1.body, 'placement_fill_rate')).toBe(50);
    expect(valueOf(h1.body, 'gps_recruited')).toBe(1);
    expect(valueOf(h1.body, 'fellowship_enrolments')).toBe(1);
    expect(valueOf(h1.body, 'arrs_fte_in_post_vs_plan')).toBe(62.5);

    const h2 = await kpis(`hub:${HUB_A}`, '2025-26-H2', hubAdminA);
    expect(h2.body.counters).toMatchObject({ sessions_delivered: 1, participants: 20, courses_delivered: 1 });
    expect(valueOf(h2.body, 'arrs_fte_in_post')).toBe(7);
    expect(valueOf(h2.body, 'arrs_fte_in_post_vs_plan')).toBe(77.78);
    expect(valueOf(h2.body, 'placement_fill_rate')).toBeNull();
  });

  it('changes nothing when an event is delivered again', async () => {
    const before = (await kpis(`hub:${HUB_A}`, '2025-26-H1')).body;
    await publish([events[2]]);
    // a later event behind the duplicate on the same partition shows the duplicate was read
    await publish([{ ...events[2], id: undefined, time: '2027-06-01T10:00:00Z' }]);
    uniqueEvents += 1;
    await applied(uniqueEvents);
    expect((await kpis(`hub:${HUB_A}`, '2025-26-H1')).body).toEqual(before);
  });

  it('rolls up to the ICB, re-rolled to the successor after a merger, and to region and nation', async () => {
    const qox = await kpis('icb:QOX', '2025-26-H1');
    expect(qox.body.hubIds).toEqual([HUB_A, HUB_B].sort());
    expect(valueOf(qox.body, 'placement_weeks')).toBe(6);
    expect(valueOf(qox.body, 'approved_learning_environments')).toBe(1);
    expect(valueOf(qox.body, 'gps_retained')).toBe(1);
    expect(valueOf(qox.body, 'participants')).toBe(40);
    // the predecessor's own roll-up for its time still stands
    expect((await kpis('icb:QSL', '2025-26-H1')).body.hubIds).toEqual([HUB_B]);
    const region = await kpis('region:Y58', '2025-26-H1', southWest);
    expect(region.status).toBe(200);
    expect(region.body.counters).toEqual(qox.body.counters);
    expect((await kpis('national', '2025-26-H1')).body.counters).toEqual(qox.body.counters);
  });

  it("keeps callers within their scope and explains bad queries", async () => {
    const otherHub = await kpis(`hub:${HUB_B}`, '2025-26-H1', hubAdminA);
    expect(otherHub.status).toBe(404);
    expect(otherHub.headers['content-type']).toMatch(PROBLEM_JSON);
    expect((await kpis('icb:QOX', '2025-26-H1', otherIcb)).status).toBe(403);
    expect((await kpis('national', '2025-26-H1', southWest)).status).toBe(403);
    const badPeriod = await kpis('national', '2025-27-H1');
    expect(badPeriod.status).toBe(400);
    expect(badPeriod.body.detail).toMatch(/2025-26-H1/);
    expect((await kpis('pcn:U83547', '2025-26-H1')).status).toBe(400);
    expect((await request(app.getHttpServer()).post('/api/v1/kpis/projections/rebuild').set('Authorization', `Bearer ${await token(hubAdminA)}`)).status).toBe(403);
  });

  it('refuses a rebuild while another instance consumes the projections or sets up a rebuild, and keeps projecting', async () => {
    const rebuild = async (instance: INestApplication) =>
      request(instance.getHttpServer()).post('/api/v1/kpis/projections/rebuild').set('Authorization', `Bearer ${await token(national)}`);
    const members = async () => {
      const admin = await connection.adminClient();
      const [group] = (await admin.describeGroups([connection.groupId('kpi-reporting.projections')])).groups;
      return group?.state === 'Stable' ? group.members.length : 0;
    };
    const second = await startInstance();
    try {
      for (const deadline = Date.now() + 30_000; (await members()) < 2; ) {
        if (Date.now() > deadline) throw new Error('the second instance did not join the projections group');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const refused = await rebuild(app);
      expect(refused.status).toBe(409);
      expect(refused.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(refused.body).toMatchObject({ code: 'projections-consumed-elsewhere' });
      expect(refused.body.detail).toMatch(/scale kpi-reporting to one instance/);
    } finally {
      await second.close();
    }

    // Another instance setting up a rebuild holds the schema's rebuild lock.
    const lock = `${schema.schema}.kpi-projections-rebuild`;
    const holder = dataSource.createQueryRunner();
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock(hashtext($1))', [lock]);
      const busy = await rebuild(app);
      expect(busy.status).toBe(409);
      expect(busy.body).toMatchObject({ code: 'rebuild-in-progress' });
    } finally {
      await holder.query('SELECT pg_advisory_unlock(hashtext($1))', [lock]);
      await holder.release();
    }

    // Nothing was cleared, and the instance that refused still applies new events.
    const [{ rebuilds }] = await dataSource.query('SELECT count(*)::int AS rebuilds FROM kpi_rebuild');
    expect(rebuilds).toBe(0);
    await publish([
      {
        key: 'le2',
        type: 'uk.nhs.traininghubs.placements.learning_environment_approved.v1',
        time: '2027-05-01T10:00:00Z',
        init: { hubId: HUB_B, learningEnvironmentId: newEventId() },
      },
    ]);
    uniqueEvents += 1;
    await applied(uniqueEvents);
  });

  it('rebuilds the projections from offset zero with identical results', async () => {
    const scopes = [`hub:${HUB_A}`, `hub:${HUB_B}`, 'icb:QOX', 'icb:QSL', 'national'];
    const periods = ['2025-26-H1', '2025-26-H2', '2027-28-H1'];
    const snapshot = async () => {
      const all: unknown[] = [];
      for (const scope of scopes) for (const period of periods) all.push((await kpis(scope, period)).body);
      return all;
    };
    const before = await snapshot();
    const rebuilt = await request(app.getHttpServer())
      .post('/api/v1/kpis/projections/rebuild')
      .set('Authorization', `Bearer ${await token(national)}`)
      .set('x-correlation-id', 'kpi-rebuild-test-1');
    expect(rebuilt.status).toBe(202);
    // every record on the source topics, the redelivered duplicate included
    expect(rebuilt.body.totalEvents).toBe(records);
    const progressOf = async () => (await get(`/api/v1/kpis/projections/rebuilds/${rebuilt.body.rebuildId}`)).body;
    const seen: number[] = [];
    for (const deadline = Date.now() + 30_000; ; ) {
      const progress = await progressOf();
      seen.push(progress.processed);
      if (progress.done) {
        // the answer that first sees the rebuild done says when it completed
        expect(progress.completedAt).toEqual(expect.any(String));
        break;
      }
      if (Date.now() > deadline) throw new Error(`rebuild stuck at ${progress.processed}/${progress.total}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const finished = await progressOf();
    expect(finished).toMatchObject({ processed: records, total: records, percent: 100, done: true, completedAt: expect.any(String) });
    expect(finished.partitions.reduce((sum: number, p: { processed: number }) => sum + p.processed, 0)).toBe(records);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect((await get(`/api/v1/kpis/projections/rebuilds/${rebuilt.body.rebuildId}`, hubAdminA)).status).toBe(403);
    expect((await get(`/api/v1/kpis/projections/rebuilds/${newEventId()}`)).status).toBe(404);
    await applied(uniqueEvents);
    expect(await snapshot()).toEqual(before);
    const [{ rows }] = await dataSource.query(`SELECT count(*)::int AS rows FROM inbox WHERE consumer_group = 'kpi-reporting.projections'`);
    expect(rows).toBe(uniqueEvents);
    expect(finished.requestedBy).toBe('nhse-national');
    const audit = await dataSource.query(`SELECT action, actor, correlation_id FROM audit_event WHERE entity_type = 'kpi_rebuild' AND entity_id = $1`, [
      rebuilt.body.rebuildId,
    ]);
    // The audit trail takes the request's correlation id without being handed it.
    expect(audit).toEqual([{ action: 'kpi_projections.rebuild_started', actor: 'nhse-national', correlation_id: 'kpi-rebuild-test-1' }]);

    // The rebuild is recorded, not remembered: a restarted instance (or any other) reports it.
    await app.close();
    app = await startInstance();
    dataSource = app.get<DataSource>(getDataSourceToken());
    expect(await progressOf()).toEqual(finished);
  });
});
