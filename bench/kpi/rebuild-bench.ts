// KPI rebuild benchmark: one run, one broker, one database (KAFKA_BROKERS, DATABASE_URL).
//   node -r ./libs/messaging/test/swc-register.js bench/kpi/rebuild-bench.ts
// 1. generates the national dataset (tools/demo) with about BENCH_EVENTS events (default 200000), seed BENCH_SEED (2026)
// 2. produces it to fresh topics on the real broker (own prefix, topics from infra/kafka/topics.yaml)
// 3. starts kpi-reporting in this process on a fresh schema: its projections group builds from offset
//    zero (the first build); then POST-equivalent rebuild (KpiProjections.rebuild) replays every topic
//    from offset zero again, with progress lines, until the group has committed every partition's end
// Prints events/s of both (target >= 20,000 events/s for the rebuild) and writes reports/bench-kpi-rebuild.json.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { developmentSigningKey } from '@traininghubs/auth';
import { loadConfig } from '@traininghubs/config';
import { KafkaConnection, loadTopicManifest, provisionTopics } from '@traininghubs/messaging';
import { dropSchemaAndRole, provisionDatabase, serviceConnectionUrl } from '@traininghubs/persistence';
import { createServiceApp } from '@traininghubs/runtime';
import { KpiReportingEnvironment } from '../../services/kpi-reporting/src/kpi-reporting.environment';
import { KpiReportingModule } from '../../services/kpi-reporting/src/kpi-reporting.module';
import { progressLine } from '../../services/kpi-reporting/src/domain/rebuild/rebuild-progress';
import { KpiProjections } from '../../services/kpi-reporting/src/projections/kpi-projections.service';
import { PROJECTIONS_GROUP } from '../../services/kpi-reporting/src/projections/kpi-projection-handlers';
import { countByType, encodeDemoEvent, generateNationalDataset } from '../../tools/demo/src/national-dataset';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const TARGET_EVENTS = Number(process.env.BENCH_EVENTS ?? 200_000);
const SEED = Number(process.env.BENCH_SEED ?? 2026);
const TARGET_RATE = 20_000;
/** Events per ICS-level hub per month that give about 84,500 events over four years (measured). */
const EVENTS_AT_30_PER_HUB_MONTH = 84_500;
const DATABASE = 'traininghubs_bench';

const suffix = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
const name = `bench_kpi_${suffix}`;
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function appliedCount(dataSource: DataSource): Promise<number> {
  const [{ count }] = await dataSource.query('SELECT count(*)::int AS count FROM inbox WHERE consumer_group = $1', [PROJECTIONS_GROUP]);
  return count;
}

/**
 * Mean time per stage of one event's transaction as the projections run it (inbox row, distinct
 * item, counter upsert, the return's lock and lookup, commit), over raw pg, no Kafka, no Nest.
 */
async function profileEventTransaction(url: string, schema: string, events = 2_000): Promise<Record<string, number>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  await client.query(`SET search_path TO "${schema}"`);
  const stages: Record<string, number> = {};
  const time = async (stage: string, text: string, values: unknown[] = []) => {
    const t = performance.now();
    await client.query(text, values);
    stages[stage] = (stages[stage] ?? 0) + performance.now() - t;
  };
  const hubId = '0b9c8f52-4f6f-4c59-9f43-2a3f8d9a1e01';
  for (let i = 0; i < events; i++) {
    const id = randomUUID();
    await time('BEGIN', 'BEGIN');
    await time('inbox insert', `INSERT INTO inbox (consumer_group, source, event_id, event_type, topic, "partition", "offset") VALUES ('profile', '/p', $1, 't', 't', 0, $2) ON CONFLICT DO NOTHING RETURNING 1`, [id, i]);
    await time('distinct course (kpi_counted_item)', `INSERT INTO kpi_counted_item (hub_id, period_key, counter, item_key) VALUES ($1, '2024-25-H1', 'courses_delivered', $2) ON CONFLICT DO NOTHING RETURNING 1`, [hubId, `c${i % 50}`]);
    await time('counter upsert (kpi_counter)', `INSERT INTO kpi_counter (hub_id, period_key, counter, value) VALUES ($1, '2024-25-H1', 'participants', 12), ($1, '2024-25-H1', 'sessions_delivered', 1) ON CONFLICT (hub_id, period_key, counter) DO UPDATE SET value = kpi_counter.value + EXCLUDED.value`, [hubId]);
    await time('return lock (advisory)', 'SELECT pg_advisory_xact_lock(hashtext($1))', [`kpi_return:${hubId}:2024-25-H1`]);
    await time('return lookup (kpi_return)', `SELECT id FROM kpi_return WHERE hub_id = $1 AND period_key = '2024-25-H1' AND state IN ('submitted', 'approved')`, [hubId]);
    await time('COMMIT (WAL flush)', 'COMMIT');
  }
  await client.query(`DELETE FROM inbox WHERE consumer_group = 'profile'`);
  await client.query(`DELETE FROM kpi_counter WHERE hub_id = $1`, [hubId]);
  await client.query(`DELETE FROM kpi_counted_item WHERE hub_id = $1`, [hubId]);
  await client.end();
  const perEvent = Object.fromEntries(Object.entries(stages).map(([stage, ms]) => [stage, ms / events]));
  perEvent['total (raw SQL only)'] = Object.values(stages).reduce((a, b) => a + b, 0) / events;
  return perEvent;
}

async function main(): Promise<void> {
  // 1. the dataset
  let started = performance.now();
  const dataset = generateNationalDataset({ seed: SEED, eventsPerHubMonth: (30 * TARGET_EVENTS) / EVENTS_AT_30_PER_HUB_MONTH });
  const records = dataset.events.map(encodeDemoEvent);
  log(`generated ${records.length} events for ${dataset.hubs.length} hubs in ${((performance.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(countByType(dataset.events))}`);

  // 2. onto the broker
  const connection = new KafkaConnection({ brokers, clientId: 'kpi-rebuild-bench', topicPrefix: name });
  await provisionTopics(connection, loadTopicManifest());
  // idempotent: a retried batch is not written twice (the inbox would drop the copies, but they would count as replayed)
  const producer = connection.producer({ idempotent: true });
  await producer.connect();
  started = performance.now();
  for (let i = 0; i < records.length; i += 2_000) {
    const byTopic = new Map<string, { key: string; value: Buffer; headers: Record<string, string> }[]>();
    for (const r of records.slice(i, i + 2_000)) {
      const list = byTopic.get(r.topic) ?? [];
      list.push({ key: r.key, value: r.value, headers: r.headers });
      byTopic.set(r.topic, list);
    }
    await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic: connection.topic(topic), messages })) });
  }
  const produceSeconds = (performance.now() - started) / 1000;
  await producer.disconnect();
  log(`produced ${records.length} records in ${produceSeconds.toFixed(1)} s (${Math.round(records.length / produceSeconds)}/s)`);

  // 3. the service, its first build from offset zero, then a rebuild
  const grant = { schema: name, role: name, password: name };
  await provisionDatabase(adminUrl, DATABASE, [grant]);
  let app: INestApplication | undefined;
  try {
    const config = loadConfig('kpi-reporting', KpiReportingEnvironment, {
      NODE_ENV: 'test',
      DATABASE_URL: serviceConnectionUrl(adminUrl, name, name, DATABASE),
      DATABASE_SCHEMA: name,
      KAFKA_BROKERS: brokers.join(','),
      KAFKA_TOPIC_PREFIX: name,
      LOG_LEVEL: 'warn',
      AUTH_LOCAL_PUBLIC_JWK: JSON.stringify((await developmentSigningKey(mkdtempSync(join(tmpdir(), 'kpi-bench-key-')))).publicJwk),
    });
    started = performance.now();
    app = await createServiceApp({ serviceName: 'kpi-reporting', environment: KpiReportingEnvironment, module: (c) => KpiReportingModule.register(c) }, config);
    await app.init();
    const dataSource = app.get<DataSource>(getDataSourceToken());
    for (let last = -1; ; ) {
      const applied = await appliedCount(dataSource);
      if (applied >= records.length) break;
      if (applied !== last) log(`first build: ${applied}/${records.length} events applied`);
      last = applied;
      await sleep(2_000);
    }
    const firstSeconds = (performance.now() - started) / 1000;
    log(`first build: ${records.length} events in ${firstSeconds.toFixed(1)} s (${Math.round(records.length / firstSeconds)}/s, service start-up included)`);

    const projections = app.get(KpiProjections);
    started = performance.now();
    const rebuild = await projections.rebuild({ subject: 'bench-kpi', role: 'national', scope: { kind: 'national' } });
    let progress = await projections.progress(rebuild.rebuildId);
    while (!progress.done) {
      log(progressLine(rebuild.rebuildId, progress));
      await sleep(2_000);
      progress = await projections.progress(rebuild.rebuildId);
    }
    const rebuildSeconds = (performance.now() - started) / 1000;
    const applied = await appliedCount(dataSource);
    if (applied !== records.length) throw new Error(`the rebuild applied ${applied} of ${records.length} events`);
    const rate = Math.round(records.length / rebuildSeconds);
    log(progressLine(rebuild.rebuildId, progress));

    const report = {
      events: records.length,
      hubs: dataset.hubs.length,
      seed: SEED,
      produce: { seconds: produceSeconds, eventsPerSecond: Math.round(records.length / produceSeconds) },
      firstBuild: { seconds: firstSeconds, eventsPerSecond: Math.round(records.length / firstSeconds) },
      rebuild: { seconds: rebuildSeconds, eventsPerSecond: rate, target: TARGET_RATE, met: rate >= TARGET_RATE },
    };
    console.log('\nKPI rebuild benchmark');
    console.log(`  events                 ${records.length} (${dataset.hubs.length} hubs, seed ${SEED})`);
    console.log(`  produce to broker      ${report.produce.eventsPerSecond} events/s`);
    console.log(`  first build (offset 0) ${report.firstBuild.eventsPerSecond} events/s (${firstSeconds.toFixed(1)} s)`);
    console.log(`  rebuild (offset 0)     ${rate} events/s (${rebuildSeconds.toFixed(1)} s)   target >= ${TARGET_RATE}: ${report.rebuild.met ? 'met' : 'NOT met'}`);
    const profile = await profileEventTransaction(serviceConnectionUrl(adminUrl, name, name, DATABASE), name);
    console.log('  where one event\'s time goes (the same statements as the inbox consumer, raw pg, 2,000 course sessions):');
    for (const [stage, ms] of Object.entries(profile)) console.log(`    ${stage.padEnd(34)} ${ms.toFixed(3)} ms`);
    Object.assign(report, { profileMsPerEvent: profile });
    mkdirSync('reports', { recursive: true });
    writeFileSync(join('reports', 'bench-kpi-rebuild.json'), `${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await app?.close();
    const admin = await connection.adminClient();
    await admin.deleteTopics({ topics: (await admin.listTopics()).filter((t) => t.startsWith(`${name}.`) || t.startsWith(name)) }).catch(() => undefined);
    await connection.close();
    await dropSchemaAndRole(adminUrl, DATABASE, grant);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
