import { Registry } from 'prom-client';
import type { EntityManager } from 'typeorm';
import { createTopics, deleteRunTopics, eventually, readTopics, testConnection, testDatabase, type ReadRecord, type TestDatabase } from '../../test/support';
import { jsonCodec } from '../envelope/payload-codec';
import type { KafkaConnection } from '../kafka/kafka-connection';
import { OutboxDeadLetterEntity } from '../outbox/outbox-dead-letter.entity';
import { OutboxMessageEntity } from '../outbox/outbox-message.entity';
import { OutboxWriter } from '../outbox/outbox-writer';
import { requeueOutboxDeadLetters } from '../outbox/requeue-outbox-dead-letters';
import { OutboxRelay, type OutboxRelayOptions } from './outbox-relay';

const PLACEMENTS = 'traininghubs.placements.placement.v1';
const STRICT = 'traininghubs.test.strict.v1'; // small max.message.bytes
const NOT_YET_PROVISIONED = 'traininghubs.test.not-yet-provisioned.v1'; // created half-way through a test
const QUIET = 'traininghubs.test.quiet.v1';

describe('OutboxRelay (real Kafka and Postgres)', () => {
  let db: TestDatabase;
  let connection: KafkaConnection;
  const relays: OutboxRelay[] = [];
  const writer = new OutboxWriter({ source: '/traininghubs/placements', codec: jsonCodec });

  beforeAll(async () => {
    db = await testDatabase('relay', { poolSize: 20, extraSql: ['CREATE TABLE $schema.placement (id text PRIMARY KEY, version bigint NOT NULL)'] });
    connection = testConnection('relay');
    await createTopics(connection, [
      { name: connection.topic(PLACEMENTS), partitions: 3 },
      { name: connection.topic(STRICT), partitions: 2, config: { 'max.message.bytes': '1024' } },
      { name: connection.topic(QUIET), partitions: 1 },
    ]);
  });

  afterEach(async () => {
    await Promise.all(relays.splice(0).map((r) => r.stop()));
    await db.dataSource.query(`TRUNCATE "${db.schema}".outbox, "${db.schema}".outbox_dead_letter, "${db.schema}".placement`);
  });

  afterAll(async () => {
    await deleteRunTopics(connection);
    await connection.close();
    await db.close();
  });

  const relay = (options: Partial<OutboxRelayOptions> = {}) => {
    const instance = new OutboxRelay({ dataSource: db.dataSource, connection, pollIntervalMs: 200, ...options });
    relays.push(instance);
    return instance;
  };

  /** The service pattern: bump the aggregate's version and record the event in one transaction. */
  const recordChange = (topic: string, id: string, message: Record<string, unknown> = {}) =>
    db.dataSource.transaction(async (manager: EntityManager) => {
      const [row] = await manager.query(
        `INSERT INTO "${db.schema}".placement (id, version) VALUES ($1, 1)
         ON CONFLICT (id) DO UPDATE SET version = placement.version + 1 RETURNING version`,
        [id],
      );
      const version = Number(row.version);
      await writer.append(manager, {
        topic,
        key: id,
        aggregateType: 'placement',
        aggregateId: id,
        aggregateVersion: version,
        type: 'uk.nhs.traininghubs.placements.placement_filled.v1',
        message: { id, version, ...message },
        occurredAt: new Date(),
      });
      return version;
    });

  const backlog = () => db.dataSource.getRepository(OutboxMessageEntity).count();
  const versionsByKey = (records: ReadRecord[]) => {
    const byKey = new Map<string, number[]>();
    for (const r of records) {
      const { version } = JSON.parse(r.value!.toString('utf8')) as { version: number };
      byKey.set(r.key!, [...(byKey.get(r.key!) ?? []), version]);
    }
    return byKey;
  };
  const firstOccurrences = (records: ReadRecord[]) => records.filter((r, i) => records.findIndex((o) => o.headers.ce_id === r.headers.ce_id) === i);

  it('publishes every event exactly once and in per-key order with two relays draining one outbox', async () => {
    const published = new Map<string, number>();
    const count = (name: string) => ({ afterPublish: (events: readonly unknown[]) => void published.set(name, (published.get(name) ?? 0) + events.length) });
    relay({ owner: 'relay-a', batchSize: 20, maxEventsPerKey: 5, hooks: count('a') }).start();
    relay({ owner: 'relay-b', batchSize: 20, maxEventsPerKey: 5, hooks: count('b') }).start();

    const keys = Array.from({ length: 20 }, (_, i) => `placement-${i}`);
    const perKey = 25;
    const writes = keys.flatMap((key) => Array.from({ length: perKey }, () => key)).sort(() => Math.random() - 0.5);
    const writers = Array.from({ length: 8 }, async (_, w) => {
      for (let i = w; i < writes.length; i += 8) await recordChange(PLACEMENTS, writes[i]);
    });
    await Promise.all(writers);

    expect(await eventually(backlog, (n) => n === 0, 60_000)).toBe(0);
    const records = await readTopics(connection, [connection.topic(PLACEMENTS)], keys.length * perKey);
    expect(records).toHaveLength(keys.length * perKey);
    const expected = Array.from({ length: perKey }, (_, i) => i + 1);
    for (const [key, versions] of versionsByKey(records)) expect({ key, versions }).toEqual({ key, versions: expected });
    expect(published.get('a')).toBeGreaterThan(0);
    expect(published.get('b')).toBeGreaterThan(0);
  });

  it('never splits a key between relays: a key is claimed only through its oldest unsent event', async () => {
    for (let i = 0; i < 5; i++) await recordChange(PLACEMENTS, 'hot-key');
    await recordChange(PLACEMENTS, 'cold-key');
    const a = relay({ owner: 'a' }).store;
    const limits = { batchSize: 100, maxKeys: 100, maxRowsPerKey: 2, scanWindow: 1_000, leaseMs: 10_000 };

    const first = await a.claim('a', limits);
    expect(first.map((e) => e.partitionKey)).toEqual(['hot-key', 'hot-key', 'cold-key']);
    // The rest of hot-key is unleased, but its head is a's: b gets nothing.
    expect(await a.claim('b', limits)).toEqual([]);

    await a.markSent('a', first.map((e) => e.seq));
    const next = await a.claim('b', limits);
    expect(next.map((e) => e.partitionKey)).toEqual(['hot-key', 'hot-key']);
    expect(BigInt(next[0].seq)).toBeGreaterThan(BigInt(first[1].seq));
  });

  it('claims ahead of its own batch in flight only behind that batch, and nobody else can', async () => {
    for (let i = 0; i < 5; i++) await recordChange(PLACEMENTS, 'hot-key');
    const store = relay({ owner: 'a' }).store;
    const limits = { batchSize: 100, maxKeys: 100, maxRowsPerKey: 2, scanWindow: 1_000, leaseMs: 10_000 };

    const inFlight = await store.claim('a', limits);
    expect(inFlight.map((e) => e.partitionKey)).toEqual(['hot-key', 'hot-key']);
    const inFlightSeqs = inFlight.map((e) => e.seq);
    // Not ahead, or another owner's claim ahead: the key's head is leased, nothing to take.
    expect(await store.claim('a', limits)).toEqual([]);
    expect(await store.claim('b', { ...limits, behindBatch: inFlightSeqs })).toEqual([]);

    const ahead = await store.claim('a', { ...limits, behindBatch: inFlightSeqs });
    expect(ahead).toHaveLength(2);
    expect(BigInt(ahead[0].seq)).toBeGreaterThan(BigInt(inFlight[1].seq));

    // Once the batch in flight is gone, the key's last row is claimed behind the one ahead.
    await store.markSent('a', inFlightSeqs);
    expect(await store.claim('b', limits)).toEqual([]);
    const last = await store.claim('a', { ...limits, behindBatch: ahead.map((e) => e.seq) });
    expect(last).toHaveLength(1);
    expect(BigInt(last[0].seq)).toBeGreaterThan(BigInt(ahead[1].seq));
  });

  it('does not claim ahead of rows leased to it that are not in the batch in flight', async () => {
    // A claim whose reply was lost with its connection leaves rows leased to this relay that
    // nobody publishes; a claim ahead of some other batch must not continue their key.
    for (let i = 0; i < 4; i++) await recordChange(PLACEMENTS, 'orphaned-key');
    await recordChange(PLACEMENTS, 'other-key');
    const store = relay({ owner: 'a' }).store;
    const limits = { batchSize: 100, maxKeys: 100, maxRowsPerKey: 2, scanWindow: 1_000, leaseMs: 10_000 };

    const orphaned = await store.claim('a', { ...limits, maxKeys: 1 });
    expect(orphaned.map((e) => e.partitionKey)).toEqual(['orphaned-key', 'orphaned-key']);
    const inFlight = await store.claim('a', limits);
    expect(inFlight.map((e) => e.partitionKey)).toEqual(['other-key']);

    const ahead = await store.claim('a', { ...limits, behindBatch: inFlight.map((e) => e.seq) });
    expect(ahead).toEqual([]);
    // Behind the orphaned rows themselves (had they been in flight) the key would continue.
    expect((await store.claim('a', { ...limits, behindBatch: orphaned.map((e) => e.seq) })).map((e) => e.partitionKey)).toEqual([
      'orphaned-key',
      'orphaned-key',
    ]);
  });

  it('keeps per-key order when its loop claims ahead of the batch in flight', async () => {
    const single = relay({ owner: 'pipelined', batchSize: 10, maxEventsPerKey: 3 });
    const keys = Array.from({ length: 4 }, (_, i) => `ahead-${i}`);
    for (let round = 0; round < 15; round++) for (const key of keys) await recordChange(PLACEMENTS, key);
    single.start();
    expect(await eventually(backlog, (n) => n === 0, 60_000)).toBe(0);
    const records = await readTopics(connection, [connection.topic(PLACEMENTS)], keys.length * 15);
    const expected = Array.from({ length: 15 }, (_, i) => i + 1);
    const byKey = versionsByKey(firstOccurrences(records).filter((r) => r.key?.startsWith('ahead-')));
    expect([...byKey.keys()].sort()).toEqual(keys);
    for (const [key, versions] of byKey) expect({ key, versions }).toEqual({ key, versions: expected });
  });

  it('gives concurrent claims disjoint keys', async () => {
    for (let k = 0; k < 30; k++) for (let i = 0; i < 3; i++) await recordChange(PLACEMENTS, `key-${k}`);
    const store = relay().store;
    const limits = { batchSize: 10, maxKeys: 10, maxRowsPerKey: 2, scanWindow: 1_000, leaseMs: 10_000 };
    const claims = await Promise.all(Array.from({ length: 6 }, (_, i) => store.claim(`claimer-${i}`, limits)));
    const owners = new Map<string, number>();
    for (const [i, claim] of claims.entries()) {
      for (const event of claim) {
        expect(owners.get(event.partitionKey) ?? i).toBe(i);
        owners.set(event.partitionKey, i);
      }
    }
    expect(claims.flat().length).toBeGreaterThan(10);
  });

  it('wakes on NOTIFY without waiting for the poll, and falls back to polling without it', async () => {
    const listening = relay({ pollIntervalMs: 60_000 });
    listening.start();
    await new Promise((r) => setTimeout(r, 1_000)); // the first idle wait has begun
    const started = Date.now();
    await recordChange(QUIET, 'notified');
    expect(await eventually(backlog, (n) => n === 0, 10_000)).toBe(0);
    expect(Date.now() - started).toBeLessThan(5_000);
    await listening.stop();

    relay({ listen: false, pollIntervalMs: 300 }).start();
    await recordChange(QUIET, 'polled');
    expect(await eventually(backlog, (n) => n === 0, 10_000)).toBe(0);
    const records = await readTopics(connection, [connection.topic(QUIET)], 2);
    expect(records.map((r) => r.key)).toEqual(['notified', 'polled']);
  });

  it('does not let a relay whose lease expired mark anything; the relay that took over publishes in order', async () => {
    for (let i = 0; i < 3; i++) await recordChange(PLACEMENTS, 'lease-key');
    const late = relay({ owner: 'late', leaseMs: 1_000 });
    const late_store = late.store;
    const claimed = await late_store.claim('late', { batchSize: 10, maxKeys: 10, maxRowsPerKey: 10, scanWindow: 100, leaseMs: 500 });
    expect(claimed.map((e) => e.partitionKey)).toEqual(['lease-key', 'lease-key', 'lease-key']);

    // While the lease is live nobody else can claim the key.
    const rival = relay({ owner: 'rival' });
    expect((await rival.runOnce()).claimed).toBe(0);

    await new Promise((r) => setTimeout(r, 700));
    const takeover = await rival.runOnce();
    expect(takeover).toMatchObject({ claimed: 3, published: 3, leaseLost: 0 });

    expect(await late_store.markSent('late', claimed.map((e) => e.seq))).toEqual([]);
    expect(await late_store.backOff('late', [{ seq: claimed[0].seq, delayMs: 1_000, error: 'late' }])).toEqual([]);
    expect(await late_store.deadLetter('late', [{ seq: claimed[0].seq, reason: 'record-rejected', error: 'late' }])).toEqual([]);
    expect(await db.dataSource.getRepository(OutboxDeadLetterEntity).count()).toBe(0);

    const records = (await readTopics(connection, [connection.topic(PLACEMENTS)], 3)).filter((r) => r.key === 'lease-key');
    expect(versionsByKey(records).get('lease-key')).toEqual([1, 2, 3]);
  });

  it('a relay stalled after publishing past its lease changes nothing, and the key is not reordered', async () => {
    let stall = true;
    const stalled = relay({
      owner: 'stalled',
      leaseMs: 1_000,
      hooks: { afterPublish: () => (stall ? new Promise((r) => setTimeout(r, 1_500)) : undefined) },
    });
    for (let i = 0; i < 4; i++) await recordChange(QUIET, 'stalled-key');
    const stalledCycle = stalled.runOnce();
    await new Promise((r) => setTimeout(r, 1_100));
    const healthy = relay({ owner: 'healthy' });
    await recordChange(QUIET, 'stalled-key');
    expect(await healthy.runOnce()).toMatchObject({ claimed: 5, published: 5 });
    expect(await stalledCycle).toMatchObject({ claimed: 4, published: 0, leaseLost: 4 });
    stall = false;
    expect(await backlog()).toBe(0);

    const records = (await readTopics(connection, [connection.topic(QUIET)], 9)).filter((r) => r.key === 'stalled-key');
    expect(records.length).toBe(9); // four late duplicates
    expect(versionsByKey(firstOccurrences(records)).get('stalled-key')).toEqual([1, 2, 3, 4, 5]);
  });

  it('dead-letters a record Kafka rejects and lets the later events of its key through', async () => {
    const registry = new Registry();
    const strict = relay({ registry });
    await recordChange(STRICT, 'big-key');
    await recordChange(STRICT, 'big-key', { notes: 'x'.repeat(4_000) });
    await recordChange(STRICT, 'big-key');
    await recordChange(STRICT, 'small-key');

    const cycle = await strict.runOnce();
    expect(cycle).toMatchObject({ claimed: 4, published: 3, deadLettered: 1, failure: 'record-rejected' });
    expect(await backlog()).toBe(0);
    const [dead] = await db.dataSource.getRepository(OutboxDeadLetterEntity).find();
    expect(dead).toMatchObject({ partitionKey: 'big-key', aggregateVersion: '2', reason: 'record-rejected', attempts: 1 });
    expect(dead.lastError).toMatch(/\[(MESSAGE_TOO_LARGE|RECORD_LIST_TOO_LARGE)\]/);

    const records = firstOccurrences(await readTopics(connection, [connection.topic(STRICT)], 3));
    expect(versionsByKey(records).get('big-key')).toEqual([1, 3]);
    expect(versionsByKey(records).get('small-key')).toEqual([1]);
    const metrics = await registry.getSingleMetricAsString('traininghubs_outbox_dead_letters_total');
    expect(metrics).toMatch(/traininghubs_outbox_dead_letters_total\{[^}]*reason="record-rejected"[^}]*\} 1/);
  });

  it('backs a failing key off with its later events behind it, then dead-letters a head out of attempts', async () => {
    const failing = relay({ producerRetries: 0, maxAttempts: 2, backoff: { initialDelayMs: 600, maxDelayMs: 600, jitter: 0 } });
    await recordChange(NOT_YET_PROVISIONED, 'waiting-key');
    await recordChange(NOT_YET_PROVISIONED, 'waiting-key');
    const rows = () => db.dataSource.getRepository(OutboxMessageEntity).find({ order: { seq: 'ASC' } });

    const first = await failing.runOnce();
    expect(first).toMatchObject({ claimed: 2, published: 0, backedOff: 1, failure: 'retriable' });
    const [head, follower] = await rows();
    expect(head).toMatchObject({ attempts: 1, leaseOwner: null });
    expect(head.lastError).toMatch(/does not host this topic-partition/);
    expect(follower).toMatchObject({ attempts: 0, leaseOwner: null });
    expect(follower.availableAt.getTime()).toBeGreaterThanOrEqual(head.availableAt.getTime());
    expect((await failing.runOnce()).claimed).toBe(0); // the whole key waits out the backoff

    await new Promise((r) => setTimeout(r, 700));
    const second = await failing.runOnce();
    expect(second).toMatchObject({ claimed: 2, deadLettered: 1, failure: 'retriable' });
    const [dead] = await db.dataSource.getRepository(OutboxDeadLetterEntity).find();
    expect(dead).toMatchObject({ partitionKey: 'waiting-key', aggregateVersion: '1', reason: 'attempts-exhausted', attempts: 2 });

    // The topic is provisioned; the key's next event goes out.
    await createTopics(connection, [{ name: connection.topic(NOT_YET_PROVISIONED), partitions: 1 }]);
    const healthy = relay();
    expect((await healthy.runOnce()).published).toBe(1);

    // The dead letter is put back once the cause is fixed; it goes out after its key's later event.
    expect(await requeueOutboxDeadLetters(db.dataSource)).toHaveLength(1);
    expect(await db.dataSource.getRepository(OutboxDeadLetterEntity).count()).toBe(0);
    expect((await healthy.runOnce()).published).toBe(1);
    const records = await readTopics(connection, [connection.topic(NOT_YET_PROVISIONED)], 2);
    expect(versionsByKey(records).get('waiting-key')).toEqual([2, 1]);
  });

  it('finishes the batch in flight when stopped, and reports metrics', async () => {
    const registry = new Registry();
    let stopping: Promise<void> | undefined;
    const graceful = relay({
      registry,
      hooks: {
        afterClaim: () => {
          stopping ??= graceful.stop();
        },
        afterPublish: () => new Promise((r) => setTimeout(r, 300)),
      },
    });
    for (let i = 0; i < 5; i++) await recordChange(QUIET, 'graceful-key');
    graceful.start();
    await eventually(async () => stopping !== undefined, (started) => started, 10_000);
    await stopping;
    expect(graceful.isRunning).toBe(false);
    expect(await backlog()).toBe(0);

    const text = await registry.metrics();
    expect(text).toMatch(new RegExp(`traininghubs_outbox_published_total\\{schema="${db.schema}",topic="${QUIET}"\\} 5`));
    expect(text).toMatch(/traininghubs_outbox_publish_latency_seconds_count\{[^}]*\} 5/);
    expect(text).toMatch(/traininghubs_outbox_backlog_events\{[^}]*\} 0/);
    expect(text).toMatch(/traininghubs_outbox_oldest_unsent_age_seconds\{[^}]*\} 0/);
  });
});
