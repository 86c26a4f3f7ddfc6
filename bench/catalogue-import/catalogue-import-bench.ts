// Training-catalogue import benchmark: one run, one broker, one database (KAFKA_BROKERS, DATABASE_URL).
//   npm run bench:catalogue-import
//   (node -r ./libs/messaging/test/swc-register.js bench/catalogue-import/catalogue-import-bench.ts)
// 1. starts training-catalogue in this process on a fresh schema and topic prefix, listening on a local port;
//    one hub (active from 2020-04-01) and BENCH_COURSES courses (default 10) of it
// 2. generates a CSV of past sessions: BENCH_SESSIONS sessions (default 4000) × BENCH_ATTENDANCE rows (default 25)
//    = 100,000 attendance rows over 2020-04..2025-06, learners drawn from a pool of BENCH_LEARNERS (default 5000)
// 3. POSTs it as text/csv over HTTP (202, background, chunks of IMPORT_CHUNK_ROWS) and follows the progress resource
//    until the import is completed; then waits for the relay to publish every event (BookingConfirmed per row,
//    CourseDelivered per session); then imports the same file again (every session already imported, nothing added)
// Prints rows/s and seconds (goal: the import under 60 s on a 2-core machine) and writes reports/bench-catalogue-import.json.
// Bounded by BENCH_TIMEOUT_S (default 600 s); the schema, role and topics are removed at the end.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { developmentSigningKey, mintDevelopmentToken, type Caller } from '@traininghubs/auth';
import { DEFAULT_AUTH_AUDIENCE, DEFAULT_AUTH_ISSUER, loadConfig } from '@traininghubs/config';
import { KafkaConnection, loadTopicManifest, provisionTopics } from '@traininghubs/messaging';
import { dropSchemaAndRole, provisionDatabase, serviceConnectionUrl } from '@traininghubs/persistence';
import { createServiceApp } from '@traininghubs/runtime';
import { TrainingCatalogueEnvironment } from '../../services/training-catalogue/src/training-catalogue.environment';
import { TrainingCatalogueModule } from '../../services/training-catalogue/src/training-catalogue.module';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 4_000);
const ATTENDANCE = Number(process.env.BENCH_ATTENDANCE ?? 25);
const LEARNERS = Number(process.env.BENCH_LEARNERS ?? 5_000);
const COURSES = Number(process.env.BENCH_COURSES ?? 10);
const TIMEOUT_S = Number(process.env.BENCH_TIMEOUT_S ?? 600);
const GOAL_SECONDS = 60;
const DATABASE = 'traininghubs_bench';
const HUB = randomUUID();
const HEADER = 'session_ref,course_id,starts_at,ends_at,venue,online_link,capacity,learner_email,learner_name,profession,employer_ods_code,attended';
const PROFESSIONS = ['NURSE', 'GP', 'PHARMACIST', 'PARAMEDIC', 'PHYSIOTHERAPIST', 'HEALTHCARE_ASSISTANT'];

const suffix = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
const name = `bench_catimp_${suffix}`;
const deadline = Date.now() + TIMEOUT_S * 1000;
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const seconds = (since: number) => (performance.now() - since) / 1000;

function checkDeadline(what: string): void {
  if (Date.now() > deadline) throw new Error(`the benchmark ran out of time (BENCH_TIMEOUT_S=${TIMEOUT_S}) while ${what}`);
}

/** A deterministic pseudo-random sequence (xorshift32), so every run imports the same file. */
function randomSequence(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x1_0000_0000;
  };
}

/** The file: SESSIONS sessions of ATTENDANCE learners each, spread over the days from 2020-04-01, 09:30–12:30 London time. */
function generateFile(courseIds: string[]): { csv: string; rows: number } {
  const random = randomSequence(2026);
  const lines = [HEADER];
  const first = Date.UTC(2020, 3, 1);
  for (let s = 0; s < SESSIONS; s++) {
    const day = new Date(first + Math.floor((s * 1_900) / SESSIONS) * 86_400_000).toISOString().slice(0, 10);
    const course = courseIds[s % courseIds.length];
    const ref = `BENCH-${String(s + 1).padStart(5, '0')}`;
    const online = s % 3 === 0;
    const picked = new Set<number>();
    while (picked.size < ATTENDANCE) picked.add(Math.floor(random() * LEARNERS));
    for (const n of picked) {
      lines.push(
        [
          ref,
          course,
          `${day}T09:30`,
          `${day}T12:30`,
          online ? '' : 'Lakeside Centre',
          online ? `https://teams.microsoft.com/l/meetup-join/${ref.toLowerCase()}` : '',
          ATTENDANCE + 5,
          `learner${n}@nhs.net`,
          `Learner ${n}`,
          PROFESSIONS[n % PROFESSIONS.length],
          `F${String(83000 + (n % 400)).padStart(5, '0')}`,
          random() < 0.9 ? 'true' : 'false',
        ].join(','),
      );
    }
  }
  return { csv: `${lines.join('\r\n')}\r\n`, rows: SESSIONS * ATTENDANCE };
}

interface Progress {
  importId: string;
  status: string;
  totalRows: number;
  processedRows: number;
  totalSessions: number;
  processedSessions: number;
  sessionsImported: number;
  sessionsAlreadyImported: number;
  sessionsRejected: number;
  attendanceImported: number;
  learnersRegistered: number;
  rejectedRows: number;
  failure: string | null;
}

async function main(): Promise<void> {
  const connection = new KafkaConnection({ brokers, clientId: 'catalogue-import-bench', topicPrefix: name });
  const grant = { schema: name, role: name, password: name };
  let app: INestApplication | undefined;
  try {
    // 1. the service, a hub and its courses
    await provisionTopics(connection, loadTopicManifest());
    await provisionDatabase(adminUrl, DATABASE, [grant]);
    const key = await developmentSigningKey(mkdtempSync(join(tmpdir(), 'catalogue-import-bench-key-')));
    const config = loadConfig('training-catalogue', TrainingCatalogueEnvironment, {
      NODE_ENV: 'test',
      DATABASE_URL: serviceConnectionUrl(adminUrl, name, name, DATABASE),
      DATABASE_SCHEMA: name,
      KAFKA_BROKERS: brokers.join(','),
      KAFKA_TOPIC_PREFIX: name,
      LOG_LEVEL: 'warn',
      AUTH_LOCAL_PUBLIC_JWK: JSON.stringify(key.publicJwk),
    });
    app = await createServiceApp({ serviceName: 'training-catalogue', environment: TrainingCatalogueEnvironment, module: (c) => TrainingCatalogueModule.register(c) }, config);
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const dataSource = app.get<DataSource>(getDataSourceToken());
    // The hub as hub-registry announced it (active from 1 April 2020), straight into the service's directory.
    await dataSource.query(
      `INSERT INTO hub_directory (hub_id, name, level, icb_code, region_code, active, active_from, updated_at) VALUES ($1, 'North East London Training Hub', 'ics', 'QMF', 'Y56', true, '2020-04-01', now())`,
      [HUB],
    );
    await dataSource.query(`INSERT INTO hub_directory_footprint (hub_id, effective_from, icb_code, region_code) VALUES ($1, '2020-04-01', 'QMF', 'Y56')`, [HUB]);
    const caller: Caller = { subject: 'bench-hub-lead', role: 'hub_admin', scope: { kind: 'hub', hubId: HUB } };
    const token = await mintDevelopmentToken(caller, { key, issuer: DEFAULT_AUTH_ISSUER, audience: DEFAULT_AUTH_AUDIENCE });
    const call = async (path: string, init: RequestInit = {}) => {
      const response = await fetch(`${base}${path}`, { ...init, headers: { Authorization: `Bearer ${token}`, ...(init.headers ?? {}) } });
      return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
    };
    const courseIds: string[] = [];
    for (let c = 0; c < COURSES; c++) {
      const created = await call('/api/v1/courses', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          hubId: HUB,
          title: `Benchmark course ${c + 1}`,
          description: 'Past activity of a hub coming on board.',
          format: 'SINGLE_SESSION',
          kpiArea: 'EDUCATIONAL_DESIGN',
          targetProfessions: [],
          providerName: 'North East London Training Hub',
          providerType: 'TRAINING_HUB',
          deliveryMode: 'BLENDED',
          fundingSource: 'Training hub education budget',
          pricePerPlacePence: 2500,
        }),
      });
      if (created.status !== 201) throw new Error(`could not create a course: ${created.status} ${JSON.stringify(created.body)}`);
      courseIds.push(created.body.courseId as string);
    }

    // 2. the file
    let started = performance.now();
    const { csv, rows } = generateFile(courseIds);
    const bytes = Buffer.byteLength(csv);
    log(`generated ${rows} attendance rows of ${SESSIONS} sessions (${(bytes / 1_048_576).toFixed(1)} MiB) in ${seconds(started).toFixed(1)} s`);

    // 3. the import, to completion
    const importOnce = async (label: string) => {
      const began = performance.now();
      const accepted = await call(`/api/v1/courses/delivered-session-imports?hubId=${HUB}`, { method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: csv });
      const acceptedSeconds = seconds(began);
      if (accepted.status !== 202 && accepted.status !== 200) throw new Error(`${label}: ${accepted.status} ${JSON.stringify(accepted.body)}`);
      const location = accepted.headers.get('location') as string;
      log(`${label}: ${accepted.status} after ${acceptedSeconds.toFixed(1)} s (file read, checked and staged); following ${location}`);
      let progress = accepted.body as unknown as Progress;
      while (progress.status === 'running') {
        checkDeadline(`${label} ran`);
        await sleep(1_000);
        progress = (await call(location)).body as unknown as Progress;
        log(`${label}: ${progress.processedRows}/${progress.totalRows} rows, ${progress.processedSessions}/${progress.totalSessions} sessions (${progress.sessionsImported} imported, ${progress.sessionsAlreadyImported} already imported, ${progress.sessionsRejected} rejected) at ${seconds(began).toFixed(1)} s`);
      }
      if (progress.status !== 'completed') throw new Error(`${label} ${progress.status}: ${progress.failure}`);
      return { began, seconds: seconds(began), acceptedSeconds, progress };
    };
    const first = await importOnce('import');
    if (first.progress.sessionsImported !== SESSIONS || first.progress.attendanceImported !== rows || first.progress.rejectedRows !== 0) {
      throw new Error(`the import did not bring in the whole file: ${JSON.stringify(first.progress)}`);
    }
    const [saved] = (await dataSource.query(`SELECT (SELECT count(*)::int FROM course_session) AS sessions, (SELECT count(*)::int FROM booking) AS bookings`)) as Array<{ sessions: number; bookings: number }>;
    if (saved.sessions !== SESSIONS || saved.bookings !== rows) throw new Error(`saved ${JSON.stringify(saved)}, not ${SESSIONS} sessions and ${rows} bookings`);

    // ... and every event on the broker (the relay runs in this process, from the first chunk on)
    for (;;) {
      const [{ n }] = (await dataSource.query('SELECT count(*)::int AS n FROM outbox')) as Array<{ n: number }>;
      if (n === 0) break;
      checkDeadline('the relay published');
      log(`relay: ${n} events still to publish at ${seconds(first.began).toFixed(1)} s`);
      await sleep(1_000);
    }
    const publishedSeconds = seconds(first.began);

    // The same file again: nothing added.
    started = performance.now();
    const again = await importOnce('re-import');
    const [after] = (await dataSource.query(`SELECT (SELECT count(*)::int FROM course_session) AS sessions, (SELECT count(*)::int FROM booking) AS bookings, (SELECT count(*)::int FROM outbox) AS outbox`)) as Array<{
      sessions: number;
      bookings: number;
      outbox: number;
    }>;
    if (again.progress.sessionsAlreadyImported !== SESSIONS || after.sessions !== SESSIONS || after.bookings !== rows || after.outbox !== 0) {
      throw new Error(`the re-import added something: ${JSON.stringify({ progress: again.progress, after })}`);
    }

    const rate = Math.round(rows / first.seconds);
    const report = {
      rows,
      sessions: SESSIONS,
      attendancePerSession: ATTENDANCE,
      learnerPool: LEARNERS,
      fileBytes: bytes,
      chunkRows: config.IMPORT_CHUNK_ROWS,
      machine: { cpus: cpus().length, model: cpus()[0]?.model },
      import: {
        seconds: first.seconds,
        rowsPerSecond: rate,
        acceptedAfterSeconds: first.acceptedSeconds,
        goalSeconds: GOAL_SECONDS,
        met: first.seconds < GOAL_SECONDS,
        learnersRegistered: first.progress.learnersRegistered,
      },
      eventsPublished: { events: rows + SESSIONS, secondsFromStart: publishedSeconds },
      reimport: { seconds: again.seconds, rowsPerSecond: Math.round(rows / again.seconds), sessionsAlreadyImported: again.progress.sessionsAlreadyImported },
    };
    console.log('\nTraining-catalogue import benchmark');
    console.log(`  file                        ${rows} attendance rows, ${SESSIONS} sessions × ${ATTENDANCE}, ${(bytes / 1_048_576).toFixed(1)} MiB, ${first.progress.learnersRegistered} learners registered`);
    console.log(`  import (POST to completed)  ${first.seconds.toFixed(1)} s, ${rate} rows/s   goal < ${GOAL_SECONDS} s: ${report.import.met ? 'met' : 'NOT met'}`);
    console.log(`    of which 202 Accepted at  ${first.acceptedSeconds.toFixed(1)} s (read, checked, staged)`);
    console.log(`  every event on the broker   ${publishedSeconds.toFixed(1)} s from the POST (${rows + SESSIONS} events: BookingConfirmed per row, CourseDelivered per session)`);
    console.log(`  same file again             ${again.seconds.toFixed(1)} s, ${report.reimport.rowsPerSecond} rows/s, ${again.progress.sessionsAlreadyImported} sessions already imported, nothing added`);
    mkdirSync('reports', { recursive: true });
    writeFileSync(join('reports', 'bench-catalogue-import.json'), `${JSON.stringify(report, null, 2)}\n`);
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
