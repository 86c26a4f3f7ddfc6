// Set-up shared by the fault scenarios: a schema with the fault model's tables, the run's topics,
// a load generator, in-process relays and consumers, and relays and consumers as real child
// processes (started with the swc register hook, so they run the same TypeScript).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { createTopics, databaseUrl, deleteRunTopics, eventually, testConnection, testDatabase, type TestDatabase } from '../../test/support';
import { deadLetterTopicName } from '../dead-letters/dead-letter-topic';
import { jsonCodec } from '../envelope/payload-codec';
import { InboxConsumer, type InboxConsumerOptions } from '../inbox/inbox-consumer';
import type { KafkaConnection } from '../kafka/kafka-connection';
import type { OutboxWriter } from '../outbox/outbox-writer';
import { OutboxRelay, type OutboxRelayOptions } from '../relay/outbox-relay';
import { effectHandler, FAULT_EVENT_TYPE, FAULT_GROUP, FAULT_PARTITIONS, FAULT_TABLES_SQL, FAULT_TOPIC, faultWriter, writeChange } from './fault-model';

export const REGISTER = join(__dirname, '../../test/swc-register.js');

/** Settings that keep the scenarios quick: short leases, quick polling, quick retries. */
export const QUICK_RELAY = { batchSize: 50, leaseMs: 3_000, pollIntervalMs: 100, backoff: { initialDelayMs: 200, maxDelayMs: 2_000 }, maxAttempts: 1_000 };
export const QUICK_CONSUMER = { sessionTimeoutMs: 6_000, heartbeatIntervalMs: 500, maxAttempts: 3, backoff: { initialDelayMs: 50, maxDelayMs: 200 } };

export interface Scenario {
  db: TestDatabase;
  connection: KafkaConnection;
  writer: OutboxWriter;
  close(): Promise<void>;
}

/** A schema and the run's topics (main topic and the group's dead-letter topic). */
export async function openScenario(label: string, options: { connection?: KafkaConnection; poolSize?: number } = {}): Promise<Scenario> {
  const db = await testDatabase(label, { extraSql: FAULT_TABLES_SQL, poolSize: options.poolSize });
  const connection = options.connection ?? testConnection(label);
  await createTopics(connection, [
    { name: connection.topic(FAULT_TOPIC), partitions: FAULT_PARTITIONS },
    { name: connection.topic(deadLetterTopicName(FAULT_TOPIC, FAULT_GROUP)), partitions: 1 },
  ]);
  return {
    db,
    connection,
    writer: faultWriter(),
    close: async () => {
      await deleteRunTopics(connection).catch(() => undefined);
      await connection.close().catch(() => undefined);
      await db.close();
    },
  };
}

export const keyOf = (i: number) => `acct-${String(i).padStart(3, '0')}`;

/** Writes `count` changes over `keys` keys, round robin, `concurrency` at a time. */
export async function writeChanges(scenario: Scenario, count: number, keys = 20, concurrency = 4): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        await writeChange(scenario.db.dataSource, scenario.writer, scenario.db.schema, keyOf(i % keys));
      }
    }),
  );
}

export interface Load {
  /** Committed changes so far. */
  readonly committed: number;
  /** Failed write transactions (their changes did not commit, or not knowingly). */
  readonly failures: number;
  stop(): Promise<void>;
}

/** Steady load: about `perSecond` changes a second over `keys` keys until stopped; failures are counted and retried. */
export function startLoad(scenario: Scenario, options: { perSecond: number; keys?: number; dataSource?: Scenario['db']['dataSource'] }): Load {
  const keys = options.keys ?? 30;
  const dataSource = options.dataSource ?? scenario.db.dataSource;
  let running = true;
  let committed = 0;
  let failures = 0;
  const started = Date.now();
  const workers = Array.from({ length: 3 }, async (_, w) => {
    let i = w;
    while (running) {
      const due = started + ((committed + failures) * 1_000) / options.perSecond;
      if (Date.now() < due) {
        await new Promise((r) => setTimeout(r, Math.min(due - Date.now(), 50)));
        continue;
      }
      try {
        await writeChange(dataSource, scenario.writer, scenario.db.schema, keyOf(i % keys));
        committed++;
      } catch {
        failures++;
        await new Promise((r) => setTimeout(r, 50));
      }
      i += 3;
    }
  });
  return {
    get committed() {
      return committed;
    },
    get failures() {
      return failures;
    },
    stop: async () => {
      running = false;
      await Promise.all(workers);
    },
  };
}

export function inProcessRelay(scenario: Scenario, options: Partial<OutboxRelayOptions> = {}): OutboxRelay {
  return new OutboxRelay({ dataSource: scenario.db.dataSource, connection: scenario.connection, ...QUICK_RELAY, ...options });
}

export function inProcessConsumer(scenario: Scenario, options: Partial<InboxConsumerOptions> = {}): InboxConsumer {
  return new InboxConsumer({
    connection: scenario.connection,
    dataSource: scenario.db.dataSource,
    group: FAULT_GROUP,
    topics: [FAULT_TOPIC],
    codec: jsonCodec,
    handlers: { [FAULT_EVENT_TYPE]: effectHandler(scenario.db.schema) },
    ...QUICK_CONSUMER,
    ...options,
  });
}

export function consumerOutcomes(registry: Registry): Promise<Record<string, number>> {
  return registry.getMetricsAsJSON().then((metrics) => {
    const events = metrics.find((m) => m.name === 'traininghubs_consumer_events_total');
    const out: Record<string, number> = {};
    for (const v of (events?.values ?? []) as Array<{ labels: Record<string, string | number>; value: number }>) {
      const outcome = String(v.labels.outcome);
      out[outcome] = (out[outcome] ?? 0) + v.value;
    }
    return out;
  });
}

export { Registry };

/** A relay or consumer running as a real child process; its stdout JSON lines are collected. */
export interface Child {
  process: ChildProcessWithoutNullStreams;
  lines: Array<Record<string, unknown>>;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Waits for a stdout line matching the predicate; fails with the child's output otherwise. */
  waitFor(predicate: (line: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Kills for real (SIGKILL by default) and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startChild(script: 'relay-child.ts' | 'consumer-child.ts', scenario: Scenario, env: Record<string, string> = {}, url = databaseUrl): Child {
  const child = spawn(process.execPath, ['-r', REGISTER, join(__dirname, script)], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      DATABASE_SCHEMA: scenario.db.schema,
      KAFKA_BROKERS: scenario.connection.options.brokers.join(','),
      KAFKA_TOPIC_PREFIX: scenario.connection.options.topicPrefix ?? '',
      ...env,
    },
  });
  const lines: Array<Record<string, unknown>> = [];
  let stderr = '';
  let partial = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-20_000)));
  child.stdout.on('data', (chunk: Buffer) => {
    const text = partial + chunk.toString('utf8');
    const parts = text.split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts.filter(Boolean)) {
      try {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        lines.push({ event: 'text', text: line });
      }
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('close', (code: number | null, signal: NodeJS.Signals | null) => resolve({ code, signal })));
  const handle: Child = {
    process: child,
    lines,
    stderr: () => stderr,
    exited,
    waitFor: async (predicate, timeoutMs = 60_000) => {
      const found = await eventually(async () => lines.find(predicate) ?? (child.exitCode !== null || child.signalCode !== null ? 'exited' : undefined), (v) => v !== undefined, timeoutMs);
      if (!found || found === 'exited') {
        throw new Error(`${script} (pid ${child.pid}) ${found ? 'exited' : 'timed out'} before the expected line.\nstdout: ${JSON.stringify(lines.slice(-20))}\nstderr: ${stderr.slice(-3_000)}`);
      }
      return found;
    },
    kill: async (signal = 'SIGKILL') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  return handle;
}

/** Waits until `probe` reaches `accept`, or fails naming what it saw. */
export async function until<T>(what: string, probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const value = await eventually(probe, accept, timeoutMs);
  if (!accept(value)) throw new Error(`${what}: still ${JSON.stringify(value)} after ${timeoutMs} ms`);
  return value;
}
