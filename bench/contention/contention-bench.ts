// Placement contention benchmark (issue 14): learners racing for the last places of one capacity.
//   npm run bench:contention
//   (node -r ./libs/messaging/test/swc-register.js bench/contention/contention-bench.ts)
// Starts the platform in this process (services/gateway/test/platform-under-test.ts: the five
// services and the gateway on fresh schemas in one Postgres and a fresh topic prefix on one Kafka
// broker: KAFKA_BROKERS and DATABASE_URL when set, otherwise as the integration tests provide them,
// e.g. a local broker started for the run and stopped after it), registers one hub and a practice assessor, then for each of BENCH_ROUNDS rounds
// (default 20): approves a new learning environment, declares capacity of the last 3 places for
// student nurses in 2026-27-H2, offers BENCH_CONCURRENCY placements from it (default 50) and sends
// all their fills (POST /api/v1/placements/{id}/fill) through the gateway at once.
// Expected each round: exactly 3 fills (2xx) and the rest clear 409s (no-place-left), no 5xx.
// Prints a table and writes reports/bench-contention.json (counts per round and overall, latency
// p50/p95/p99/max of every fill). Exits non-zero when a round has other than 3 fills or any 5xx.
// Bounded by BENCH_TIMEOUT_S (default 240 s); the platform is closed however the run ends.
import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { provideKafka, providePostgres, type ProvidedKafka, type ProvidedPostgres } from '@traininghubs/dev-infra';
import { PlatformUnderTest } from '../../services/gateway/test/platform-under-test';
import { approveNursingPractice, expectStatus, registerHub } from '../../services/gateway/test/seed';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const TIMEOUT_S = Number(process.env.BENCH_TIMEOUT_S ?? 240);
/** The places left on the capacity the fills race for. */
const PLACES = 3;
const PERIOD = '2026-27-H2';
const DATES = { startDate: '2026-10-05', endDate: '2026-12-13' };
const COMMAND = `BENCH_ROUNDS=${ROUNDS} BENCH_CONCURRENCY=${CONCURRENCY} npm run bench:contention`;

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const deadline = Date.now() + TIMEOUT_S * 1000;
function inTime(what: string): void {
  if (Date.now() > deadline) throw new Error(`the benchmark ran out of time (BENCH_TIMEOUT_S=${TIMEOUT_S}) while ${what}`);
}

interface RoundCounts {
  round: number;
  success2xx: number;
  conflict409: number;
  error5xx: number;
  other: number;
  /** Statuses outside 2xx, 409 and 5xx, and 409s that are not no-place-left, as "status code". */
  unexpected: string[];
  /** The places filled on the capacity afterwards, as the placements service reports it. */
  placesFilled: number;
  wallMs: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[index] * 10) / 10;
}

let kafka: ProvidedKafka | undefined;
let postgres: ProvidedPostgres | undefined;
let platform: PlatformUnderTest | undefined;
let closing: Promise<void> | undefined;
/** Closes the platform, then stops the broker and server this run started (none when given by the environment). */
function closePlatform(): Promise<void> {
  closing ??= (async () => {
    await platform?.close().catch((error: unknown) => log(`closing the platform failed: ${String(error)}`));
    await Promise.allSettled([kafka?.stop(), postgres?.stop()]);
  })();
  return closing;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: closing the platform`);
    void closePlatform().finally(() => process.exit(130));
  });
}

async function main(): Promise<boolean> {
  try {
    [kafka, postgres] = await Promise.all([provideKafka(), providePostgres()]);
    process.env.KAFKA_BROKERS = kafka.brokers.join(',');
    process.env.DATABASE_URL = postgres.adminUrl;
    log(`kafka: ${kafka.source} (${process.env.KAFKA_BROKERS}); postgres: ${postgres.source}`);
    inTime('providing Kafka and Postgres');
    log('starting the platform in-process (five services and the gateway)…');
    // the rate limit per caller is not what is measured here: every fill must reach placements
    const running = await PlatformUnderTest.start({ RATE_LIMIT_MAX: '1000000' });
    platform = running;
    const gateway = `http://127.0.0.1:${(platform.gateway.getHttpServer().address() as AddressInfo).port}`;
    inTime('starting the platform');

    const { hubId, admin } = await registerHub(platform, 'Bath and North East Somerset, Swindon and Wiltshire Training Hub', 'QOX');
    inTime('registering the hub');
    const assessor = await platform.send('post', '/api/v1/supervisors', { hubId, name: 'Practice Nurse B', approvals: [{ role: 'PRACTICE_ASSESSOR', approvedFrom: '2025-01-01' }] }, admin);
    expectStatus(assessor, 201, 'practice assessor');
    const supervisorId = assessor.body.id as string;
    const token = await platform.token(admin);
    log(`hub ${hubId} registered; ${ROUNDS} rounds of ${CONCURRENCY} fills for the last ${PLACES} places`);

    const rounds: RoundCounts[] = [];
    const latencies: number[] = [];
    for (let round = 1; round <= ROUNDS; round += 1) {
      inTime(`setting up round ${round}`);
      // each round its own learning environment: a capacity is declared once per learner type and period
      const learningEnvironmentId = await approveNursingPractice(platform, admin, hubId, {
        odsCode: `F8${String(3000 + round).padStart(4, '0')}`,
        name: `Barnsbury Medical Practice ${round}`,
        pcnOdsCode: 'U83547',
      });
      const capacity = await platform.send('post', '/api/v1/placement-capacity', { learningEnvironmentId, learnerType: 'STUDENT_NURSE', period: PERIOD, places: PLACES }, admin);
      expectStatus(capacity, 201, `capacity of round ${round}`);
      const capacityId = capacity.body.id as string;
      // the offers are set-up, straight to placements; offering takes no place, so all succeed
      const offers = await Promise.all(
        Array.from({ length: CONCURRENCY }, () =>
          running.direct('placements', 'post', '/api/v1/placements', admin, { placementCapacityId: capacityId, ...DATES, sessionsPerWeek: 6, educationProviderCode: '10007784' }),
        ),
      );
      offers.forEach((offer, i) => expectStatus(offer, 201, `offer ${i} of round ${round}`));
      inTime(`offering the placements of round ${round}`);

      // the race: every fill through the gateway at once, each for a different learner
      const started = performance.now();
      const results = await Promise.all(
        offers.map(async (offer, i) => {
          const sent = performance.now();
          try {
            const response = await fetch(`${gateway}/api/v1/placements/${offer.body.id as string}/fill`, {
              method: 'POST',
              headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
              body: JSON.stringify({ learnerId: `crowd-${round}-${i}`, ...DATES, sessionsPerWeek: 6, supervisorIds: [supervisorId] }),
              signal: AbortSignal.timeout(60_000),
            });
            const text = await response.text();
            let code = '';
            try {
              code = String((JSON.parse(text) as { code?: unknown }).code ?? '');
            } catch {
              // not JSON
            }
            return { status: response.status, code, ms: performance.now() - sent };
          } catch (error) {
            return { status: 0, code: error instanceof Error ? error.name : 'error', ms: performance.now() - sent };
          }
        }),
      );
      const wallMs = Math.round(performance.now() - started);
      const placesFilled = (await platform.direct('placements', 'get', `/api/v1/placement-capacity/${capacityId}`, admin)).body.placesFilled as number;
      const counts: RoundCounts = { round, success2xx: 0, conflict409: 0, error5xx: 0, other: 0, unexpected: [], placesFilled, wallMs };
      for (const result of results) {
        latencies.push(result.ms);
        if (result.status >= 200 && result.status < 300) counts.success2xx += 1;
        else if (result.status === 409) counts.conflict409 += 1;
        else if (result.status >= 500) counts.error5xx += 1;
        else counts.other += 1;
        if (!(result.status >= 200 && result.status < 300) && !(result.status === 409 && result.code === 'no-place-left')) counts.unexpected.push(`${result.status} ${result.code}`.trim());
      }
      rounds.push(counts);
      log(`round ${round}: ${counts.success2xx} filled, ${counts.conflict409} 409, ${counts.error5xx} 5xx, ${counts.other} other, places filled ${placesFilled}, ${wallMs} ms`);
    }

    const sorted = [...latencies].sort((a, b) => a - b);
    const latencyMs = { count: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: percentile(sorted, 100) };
    const overall = {
      success2xx: rounds.reduce((n, r) => n + r.success2xx, 0),
      conflict409: rounds.reduce((n, r) => n + r.conflict409, 0),
      error5xx: rounds.reduce((n, r) => n + r.error5xx, 0),
      other: rounds.reduce((n, r) => n + r.other, 0),
    };
    const failedRounds = rounds.filter((r) => r.success2xx !== PLACES || r.error5xx > 0 || r.placesFilled !== PLACES).map((r) => r.round);
    const passed = failedRounds.length === 0;
    const report = {
      command: COMMAND,
      finishedAt: new Date().toISOString(),
      infrastructure: { kafka: kafka.source, postgres: postgres.source },
      machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version, platform: `${process.platform} ${process.arch}` },
      params: { rounds: ROUNDS, concurrency: CONCURRENCY, placesLeft: PLACES, period: PERIOD, route: 'POST /api/v1/placements/{id}/fill (through the gateway)' },
      expectedPerRound: { success2xx: PLACES, conflict409: CONCURRENCY - PLACES, error5xx: 0, other: 0 },
      overall,
      latencyMs,
      passed,
      failedRounds,
      rounds,
    };

    const header = ['round', '2xx', '409', '5xx', 'other', 'filled', 'wall ms'];
    const table = [header, ...rounds.map((r) => [String(r.round), String(r.success2xx), String(r.conflict409), String(r.error5xx), String(r.other), String(r.placesFilled), String(r.wallMs)])];
    table.push(['all', String(overall.success2xx), String(overall.conflict409), String(overall.error5xx), String(overall.other), '', '']);
    const widths = header.map((_, c) => Math.max(...table.map((row) => row[c].length)));
    process.stdout.write(`\nPlacement contention benchmark (${ROUNDS} rounds × ${CONCURRENCY} fills for the last ${PLACES} places, ${cpus().length} CPUs, node ${process.version})\n`);
    for (const row of table) process.stdout.write(`${row.map((cell, c) => cell.padStart(widths[c])).join(' | ')}\n`);
    process.stdout.write(`latency of all ${latencyMs.count} fills (ms): p50 ${latencyMs.p50}  p95 ${latencyMs.p95}  p99 ${latencyMs.p99}  max ${latencyMs.max}\n`);
    process.stdout.write(passed ? `every round: exactly ${PLACES} fills, no 5xx\n` : `FAILED rounds: ${failedRounds.join(', ')} (expected exactly ${PLACES} fills and no 5xx)\n`);
    const unexpected = rounds.flatMap((r) => r.unexpected.map((u) => `round ${r.round}: ${u}`));
    if (unexpected.length) process.stdout.write(`answers other than a fill or no-place-left: ${unexpected.slice(0, 20).join('; ')}${unexpected.length > 20 ? ' …' : ''}\n`);
    mkdirSync('reports', { recursive: true });
    writeFileSync(join('reports', 'bench-contention.json'), `${JSON.stringify(report, null, 2)}\n`);
    return passed;
  } finally {
    await closePlatform();
  }
}

main().then(
  (passed) => process.exit(passed ? 0 : 1),
  (error: unknown) => {
    log(`failed: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  },
);
