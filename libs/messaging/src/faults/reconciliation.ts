// The reconciliation every fault scenario ends with (shared/notes/messaging.md): every committed
// change has exactly one effect in the consumer, every event id is in the inbox once, per key the
// versions were applied in order, the outbox backlog is zero, and the dead letters are exactly the
// poison set. Everything is read from Postgres and Kafka as they are; nothing is taken on trust.
import type { Client } from 'pg';
import { caughtUp, eventually, readTopics, withClient } from '../../test/support';
import { deadLetterTopicName } from '../dead-letters/dead-letter-topic';
import type { KafkaConnection } from '../kafka/kafka-connection';
import { FAULT_GROUP, FAULT_TOPIC } from './fault-model';

/** A record that must end up dead-lettered (and nothing else may): identified by its unique key. */
export interface PoisonRecord {
  key: string;
  /** `ce_id`, when the record carries a readable envelope. */
  eventId?: string;
}

export interface Reconciliation {
  committed: number;
  effects: number;
  /** Committed changes without an effect. */
  lost: string[];
  /** Event ids with more than one effect. */
  duplicateEffects: string[];
  /** Effects of events that were never committed (and are not poison). */
  invented: string[];
  /** Committed event ids missing from the inbox. */
  missingFromInbox: string[];
  /** Keys whose effects are not versions 1..n in order. */
  outOfOrder: string[];
  backlog: number;
  outboxDeadLetters: number;
  deadLetters: {
    /** Poison keys not on the dead-letter topic, or there more than once. */
    topicMismatch: string[];
    /** Dead-letter records that are not poison. */
    unexpected: string[];
    /** inbox_dead_letter rows vs the poison set. */
    recorded: number;
    recordedEventIdsMismatch: string[];
  };
  /** Keys whose first occurrences on the topic are not in version order. */
  topicOutOfOrder: string[];
  /** Copies of records on the topic beyond the first (at-least-once duplicates the faults caused). */
  topicDuplicates: number;
}

/** Waits for the backlog to drain and the group to catch up. */
export async function settle(connection: KafkaConnection, schema: string, options: { timeoutMs?: number; group?: string } = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 90_000;
  const backlog = await eventually(() => outboxBacklog(schema), (n) => n === 0, timeoutMs);
  if (backlog !== 0) throw new Error(`the outbox still holds ${backlog} event(s) after ${timeoutMs} ms`);
  await caughtUp(connection, connection.groupId(options.group ?? FAULT_GROUP), [connection.topic(FAULT_TOPIC)], timeoutMs);
}

export async function outboxBacklog(schema: string): Promise<number> {
  return withClient(async (c) => Number((await c.query(`SELECT count(*) AS n FROM "${schema}".outbox`)).rows[0].n));
}

export async function reconcile(
  connection: KafkaConnection,
  schema: string,
  options: { group?: string; poison?: PoisonRecord[] } = {},
): Promise<Reconciliation> {
  const group = options.group ?? FAULT_GROUP;
  const poison = options.poison ?? [];
  const sql = (client: Client, text: string, values: unknown[] = []) => client.query(text, values).then((r) => r.rows);
  const db = await withClient(async (c) => ({
    written: (await sql(c, `SELECT event_id, key, version FROM "${schema}".written`)) as Array<{ event_id: string; key: string; version: number }>,
    effects: (await sql(c, `SELECT event_id, key, version FROM "${schema}".effect WHERE consumer_group = $1 ORDER BY id`, [group])) as Array<{
      event_id: string;
      key: string;
      version: number;
    }>,
    inbox: new Set(((await sql(c, `SELECT event_id FROM "${schema}".inbox WHERE consumer_group = $1`, [group])) as Array<{ event_id: string }>).map((r) => r.event_id)),
    backlog: Number((await sql(c, `SELECT count(*) AS n FROM "${schema}".outbox`))[0].n),
    outboxDeadLetters: Number((await sql(c, `SELECT count(*) AS n FROM "${schema}".outbox_dead_letter`))[0].n),
    recordedDeadLetters: (await sql(c, `SELECT event_id FROM "${schema}".inbox_dead_letter WHERE consumer_group = $1`, [group])) as Array<{ event_id: string | null }>,
  }));

  const writtenIds = new Set(db.written.map((w) => w.event_id));
  const poisonIds = new Set(poison.flatMap((p) => (p.eventId ? [p.eventId] : [])));
  const effectCount = new Map<string, number>();
  for (const e of db.effects) effectCount.set(e.event_id, (effectCount.get(e.event_id) ?? 0) + 1);

  const versionsByKey = new Map<string, number[]>();
  for (const e of db.effects) versionsByKey.set(e.key, [...(versionsByKey.get(e.key) ?? []), e.version]);
  const committedPerKey = new Map<string, number>();
  for (const w of db.written) committedPerKey.set(w.key, Math.max(committedPerKey.get(w.key) ?? 0, w.version));
  const outOfOrder = [...new Set([...committedPerKey.keys(), ...versionsByKey.keys()])].filter((key) => {
    const applied = versionsByKey.get(key) ?? [];
    const n = committedPerKey.get(key) ?? 0;
    return applied.length !== n || applied.some((v, i) => v !== i + 1);
  });

  const topic = connection.topic(FAULT_TOPIC);
  const admin = await connection.adminClient();
  const sizeOf = async (t: string) => (await admin.fetchTopicOffsets(t)).reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  const topicRecords = await readTopics(connection, [topic], await sizeOf(topic));
  const ids = topicRecords.map((r) => r.headers.ce_id ?? `no-envelope:${r.key}`);
  const firstSeen = new Set<string>();
  const lastFirstVersion = new Map<string, number>();
  const topicOutOfOrder = new Set<string>();
  for (const r of topicRecords) {
    const id = r.headers.ce_id;
    if (!id || firstSeen.has(id) || !writtenIds.has(id) || !r.key) continue;
    firstSeen.add(id);
    const { version } = JSON.parse(r.value?.toString('utf8') ?? '{}') as { version?: number };
    if (typeof version !== 'number') continue;
    if ((lastFirstVersion.get(r.key) ?? 0) !== version - 1) topicOutOfOrder.add(r.key);
    lastFirstVersion.set(r.key, version);
  }
  const deadLetterTopic = connection.topic(deadLetterTopicName(FAULT_TOPIC, group));
  const deadLetterRecords = await readTopics(connection, [deadLetterTopic], await sizeOf(deadLetterTopic));
  const dlqKeys = deadLetterRecords.map((r) => r.key ?? '(no key)');
  const poisonKeys = new Set(poison.map((p) => p.key));
  const recordedIds = new Set(db.recordedDeadLetters.flatMap((r) => (r.event_id ? [r.event_id] : [])));

  return {
    committed: db.written.length,
    effects: db.effects.length,
    lost: db.written.filter((w) => !effectCount.has(w.event_id)).map((w) => `${w.key} v${w.version} ${w.event_id}`),
    duplicateEffects: [...effectCount].filter(([, n]) => n > 1).map(([id, n]) => `${id} ×${n}`),
    invented: [...effectCount.keys()].filter((id) => !writtenIds.has(id) && !poisonIds.has(id)),
    missingFromInbox: db.written.filter((w) => !db.inbox.has(w.event_id)).map((w) => w.event_id),
    outOfOrder: outOfOrder.map((key) => `${key}: applied [${(versionsByKey.get(key) ?? []).join(',')}] of ${committedPerKey.get(key) ?? 0}`),
    backlog: db.backlog,
    outboxDeadLetters: db.outboxDeadLetters,
    deadLetters: {
      topicMismatch: [...poisonKeys].filter((k) => dlqKeys.filter((d) => d === k).length !== 1),
      unexpected: dlqKeys.filter((k) => !poisonKeys.has(k)),
      recorded: db.recordedDeadLetters.length,
      recordedEventIdsMismatch: [...new Set([...poisonIds, ...recordedIds])].filter((id) => poisonIds.has(id) !== recordedIds.has(id)),
    },
    topicOutOfOrder: [...topicOutOfOrder],
    topicDuplicates: ids.length - new Set(ids).size,
  };
}

/** The reconciliation every scenario must reach; lists (not counts) so a failure shows what went wrong. */
export function expectReconciled(result: Reconciliation, poisonCount = 0): void {
  expect({ ...result, topicDuplicates: undefined }).toEqual({
    committed: result.committed,
    effects: result.committed,
    lost: [],
    duplicateEffects: [],
    invented: [],
    missingFromInbox: [],
    outOfOrder: [],
    backlog: 0,
    outboxDeadLetters: 0,
    deadLetters: { topicMismatch: [], unexpected: [], recorded: poisonCount, recordedEventIdsMismatch: [] },
    topicOutOfOrder: [],
    topicDuplicates: undefined,
  });
  expect(result.committed).toBeGreaterThan(0);
}
