import { Registry } from 'prom-client';
import type { EntityManager } from 'typeorm';
import { caughtUp, createTopics, deleteRunTopics, eventually, publishRecords, readTopics, testConnection, testDatabase, withClient, type TestDatabase } from '../../test/support';
import { deadLetterTopicName } from '../dead-letters/dead-letter-topic';
import { encodeEnvelope, newEventId } from '../envelope/cloud-event';
import { jsonCodec } from '../envelope/payload-codec';
import type { KafkaConnection } from '../kafka/kafka-connection';
import { InboxDeadLetterEntity } from './inbox-dead-letter.entity';
import { InboxConsumer, type InboxConsumerOptions } from './inbox-consumer';
import { InboxRecordEntity } from './inbox-record.entity';
import { PermanentEventError, type ReceivedEvent } from './received-event';
import { ConsumerGroupActiveError, resetConsumerGroup } from './reset-consumer-group';

const TOPIC = 'traininghubs.placements.placement.v1';
const FILLED = 'uk.nhs.traininghubs.placements.placement_filled.v1';
const CANCELLED = 'uk.nhs.traininghubs.placements.placement_cancelled.v1';

interface PlacementFilled {
  placementId: string;
  version: number;
  reject?: boolean;
  explode?: boolean;
}

describe('InboxConsumer (real Kafka and Postgres)', () => {
  let db: TestDatabase;
  let connection: KafkaConnection;
  const consumers: InboxConsumer[] = [];

  beforeAll(async () => {
    db = await testDatabase('inbox', {
      extraSql: [
        'CREATE TABLE $schema.placement_effect (event_id uuid NOT NULL, group_name text NOT NULL, placement_id text NOT NULL, version int NOT NULL)',
        'CREATE TABLE $schema.busy_row (id int PRIMARY KEY)',
        'INSERT INTO $schema.busy_row VALUES (1)',
      ],
    });
    connection = testConnection('inbox');
  });

  afterEach(async () => {
    await Promise.all(consumers.splice(0).map((c) => c.stop()));
  });

  afterAll(async () => {
    await deleteRunTopics(connection);
    await connection.close();
    await db.close();
  });

  /** A fresh topic (and its dead-letter topic) per test, so tests do not see each other's records. */
  const freshTopic = async (group: string, name = `${TOPIC}.${Math.random().toString(36).slice(2, 8)}`) => {
    await createTopics(connection, [
      { name: connection.topic(name), partitions: 3 },
      { name: connection.topic(deadLetterTopicName(name, group)), partitions: 1 },
    ]);
    return name;
  };

  const record = (placementId: string, version: number, extra: Partial<PlacementFilled> = {}, id = newEventId(), type = FILLED) => ({
    key: placementId,
    value: Buffer.from(JSON.stringify({ placementId, version, ...extra })),
    headers: encodeEnvelope({ id, source: '/traininghubs/placements', type, time: new Date('2025-10-01T09:30:00Z'), subject: placementId }),
  });

  const recordEffect = (group: string) => async (event: ReceivedEvent<PlacementFilled>, manager: EntityManager) => {
    if (event.payload.reject) throw new PermanentEventError('a placement cannot be filled twice');
    if (event.payload.explode) throw new Error('the handler has a bug');
    await manager.query(`INSERT INTO "${db.schema}".placement_effect (event_id, group_name, placement_id, version) VALUES ($1, $2, $3, $4)`, [
      event.envelope.id,
      group,
      event.payload.placementId,
      event.payload.version,
    ]);
  };

  const consumer = async (options: Partial<InboxConsumerOptions> & Pick<InboxConsumerOptions, 'group' | 'topics'>) => {
    const instance = new InboxConsumer({
      connection,
      dataSource: db.dataSource,
      codec: jsonCodec,
      backoff: { initialDelayMs: 50, maxDelayMs: 200 },
      handlers: { [FILLED]: recordEffect(options.group) },
      ...options,
    });
    consumers.push(instance);
    await instance.start();
    await instance.ready();
    return instance;
  };

  const effects = async (group: string) =>
    (
      await db.dataSource.query(`SELECT placement_id, version FROM "${db.schema}".placement_effect WHERE group_name = $1 ORDER BY placement_id, version`, [
        group,
      ])
    ).map((r: { placement_id: string; version: number }) => `${r.placement_id}@${r.version}`);

  it('applies a redelivered event once, and a full replay from the start changes nothing', async () => {
    const group = 'projections-dedup';
    const topic = await freshTopic(group);
    const registry = new Registry();
    const filled = record('p-1', 1);
    await publishRecords(connection, connection.topic(topic), [filled, record('p-2', 1), filled, record('p-1', 2, {}, undefined, CANCELLED)]);

    const first = await consumer({ group, topics: [topic], registry });
    await caughtUp(connection, connection.groupId(group), [connection.topic(topic)]);
    expect(await effects(group)).toEqual(['p-1@1', 'p-2@1']);
    expect(await db.dataSource.getRepository(InboxRecordEntity).countBy({ consumerGroup: group })).toBe(2);
    const metrics = await registry.getSingleMetricAsString('traininghubs_consumer_events_total');
    expect(metrics).toMatch(/outcome="applied"[^\n]*\} 2/);
    expect(metrics).toMatch(/outcome="duplicate"[^\n]*\} 1/);
    expect(metrics).toMatch(/outcome="skipped"[^\n]*\} 1/);

    await expect(resetConsumerGroup(connection, { group, topics: [topic], to: 'earliest' })).rejects.toThrow(ConsumerGroupActiveError);
    await first.stop();
    consumers.splice(consumers.indexOf(first), 1);
    await resetConsumerGroup(connection, { group, topics: [topic], to: 'earliest' });
    const [reset] = await (await connection.adminClient()).fetchOffsets({ groupId: connection.groupId(group), topics: [connection.topic(topic)] });
    expect(reset.partitions.every((p) => p.offset === '0')).toBe(true);

    const replaying = new Registry();
    await consumer({ group, topics: [topic], registry: replaying });
    await caughtUp(connection, connection.groupId(group), [connection.topic(topic)]);
    expect(await effects(group)).toEqual(['p-1@1', 'p-2@1']);
    expect(await replaying.getSingleMetricAsString('traininghubs_consumer_events_total')).toMatch(/outcome="duplicate"[^\n]*\} 3/);
  });

  it('sends each poison record to the dead-letter topic once, and later events of the key keep flowing', async () => {
    const group = 'projections-poison';
    const topic = await freshTopic(group);
    const valid = record('p-9', 1);
    const poison = [
      { key: 'p-9', value: Buffer.from('{}'), headers: { 'content-type': 'application/json' } }, // no envelope
      { ...record('p-9', 2), value: Buffer.from([0xff, 0xfe, 0x00]) }, // not decodable
      record('p-9', 3, { reject: true }), // the handler rejects it
      record('p-9', 4, { explode: true }), // the handler always throws
    ];
    await publishRecords(connection, connection.topic(topic), [valid, ...poison, record('p-9', 5), record('p-10', 1)]);

    await consumer({ group, topics: [topic], maxAttempts: 3 });
    await caughtUp(connection, connection.groupId(group), [connection.topic(topic)]);
    expect(await effects(group)).toEqual(['p-10@1', 'p-9@1', 'p-9@5']);

    const deadLetterTopic = connection.topic(deadLetterTopicName(topic, group));
    const deadLetters = await readTopics(connection, [deadLetterTopic], 4);
    expect(deadLetters.map((d) => d.headers.dlq_reason)).toEqual(['unreadable-envelope', 'undecodable-payload', 'rejected', 'failed-repeatedly']);
    expect(deadLetters.map((d) => d.headers.dlq_attempts)).toEqual(['1', '1', '1', '3']);
    for (const [i, d] of deadLetters.entries()) {
      expect(d.key).toBe('p-9');
      expect(d.value).toEqual(poison[i].value);
      expect(d.headers).toMatchObject({ ...poison[i].headers, dlq_original_topic: connection.topic(topic), dlq_consumer_group: group });
    }
    expect(deadLetters[3].headers.dlq_error).toMatch(/the handler has a bug/);
    const partition = deadLetters[0].headers.dlq_original_partition;
    expect(deadLetters.map((d) => d.headers.dlq_original_partition)).toEqual([partition, partition, partition, partition]);

    const recorded = await db.dataSource.getRepository(InboxDeadLetterEntity).find({ where: { consumerGroup: group }, order: { offset: 'ASC' } });
    expect(recorded.map((r) => [r.reason, r.deadLetterOffset])).toEqual(deadLetters.map((d) => [d.headers.dlq_reason, d.offset]));
    expect(recorded[2]).toMatchObject({ eventId: poison[2].headers.ce_id, eventType: FILLED, source: '/traininghubs/placements' });

    // Read again from the start (as after a crash before the offset commit): nothing is dead-lettered twice.
    await Promise.all(consumers.splice(0).map((c) => c.stop()));
    await resetConsumerGroup(connection, { group, topics: [topic], to: 'earliest' });
    await consumer({ group, topics: [topic], maxAttempts: 3 });
    await caughtUp(connection, connection.groupId(group), [connection.topic(topic)]);
    expect((await readTopics(connection, [deadLetterTopic], 4, 2_000)).length).toBe(4);
    expect(await effects(group)).toEqual(['p-10@1', 'p-9@1', 'p-9@5']);
  });

  it('dead-letters another copy of a poison event once, but gives a replayed copy a fresh chance', async () => {
    const group = 'projections-poison-copies';
    const topic = await freshTopic(group);
    const rejected = record('p-11', 1, { reject: true });
    const replayed = { ...rejected, headers: { ...rejected.headers, replayed_from: 'dlq/0/0' } };
    await publishRecords(connection, connection.topic(topic), [rejected, record('p-11', 2), rejected]);
    await consumer({ group, topics: [topic] });
    await caughtUp(connection, connection.groupId(group), [connection.topic(topic)]);
    const deadLetterTopic = connection.topic(deadLetterTopicName(topic, group));
    expect((await readTopics(connection, [deadLetterTopic], 1, 2_000)).map((d) => d.offset)).toEqual(['0']);

    await publishRecords(connection, connection.topic(topic), [replayed]);
    await caughtUp(connection, connection.groupId(group), [connection.topic(topic)]);
    const deadLetters = await readTopics(connection, [deadLetterTopic], 2, 2_000);
    // The first copy (offset 0 of the key's partition) and the replayed one (offset 3); never the copy at 2.
    expect(deadLetters.map((d) => [d.headers.ce_id, d.headers.dlq_original_offset])).toEqual([
      [rejected.headers.ce_id, '0'],
      [rejected.headers.ce_id, '3'],
    ]);
    expect(await effects(group)).toEqual(['p-11@2']);
  });

  it('applies runs of events in one transaction with a batch handler, with the same effects as one by one', async () => {
    const group = 'projections-batched';
    const topic = await freshTopic(group);
    const first = record('p-30', 1);
    const rejected = record('p-30', 2, { reject: true });
    await publishRecords(connection, connection.topic(topic), [
      first,
      record('p-31', 1),
      first, // a repeat within the run
      rejected, // fails the run: it is applied again one by one, and this one is dead-lettered
      record('p-30', 3),
      { key: 'p-30', value: Buffer.from('{}'), headers: { 'content-type': 'application/json' } }, // no envelope: ends the run
      record('p-30', 4),
      record('p-31', 2),
    ]);
    const runs: number[] = [];
    const registry = new Registry();
    await consumer({
      group,
      topics: [topic],
      registry,
      batchHandler: async (events, manager) => {
        runs.push(events.length);
        for (const event of events) await recordEffect(group)(event as ReceivedEvent<PlacementFilled>, manager);
      },
    });
    await caughtUp(connection, connection.groupId(group), [connection.topic(topic)]);
    expect(await effects(group)).toEqual(['p-30@1', 'p-30@3', 'p-30@4', 'p-31@1', 'p-31@2']);
    expect(runs.some((n) => n > 1)).toBe(true);
    const deadLetters = await readTopics(connection, [connection.topic(deadLetterTopicName(topic, group))], 2, 2_000);
    expect(deadLetters.map((d) => d.headers.dlq_reason).sort()).toEqual(['rejected', 'unreadable-envelope']);
    expect(await db.dataSource.getRepository(InboxRecordEntity).countBy({ consumerGroup: group })).toBe(5);
    expect(await registry.getSingleMetricAsString('traininghubs_consumer_events_total')).toMatch(/outcome="duplicate"[^\n]*\} 1/);

    // A replay from the start changes nothing: applied events are in the inbox; the rejected one
    // (not in the inbox) fails its run again, and one by one it is known as dead-lettered already.
    await Promise.all(consumers.splice(0).map((c) => c.stop()));
    await resetConsumerGroup(connection, { group, topics: [topic], to: 'earliest' });
    const replayed: string[] = [];
    await consumer({
      group,
      topics: [topic],
      batchHandler: async (events, manager) => {
        replayed.push(...events.map((e) => e.envelope.id));
        for (const event of events) await recordEffect(group)(event as ReceivedEvent<PlacementFilled>, manager);
      },
    });
    await caughtUp(connection, connection.groupId(group), [connection.topic(topic)]);
    expect(replayed.every((id) => id === rejected.headers.ce_id)).toBe(true);
    expect(await effects(group)).toEqual(['p-30@1', 'p-30@3', 'p-30@4', 'p-31@1', 'p-31@2']);
    expect(await readTopics(connection, [connection.topic(deadLetterTopicName(topic, group))], 2, 2_000)).toHaveLength(2);
  });

  it('retries a transient database error in process and applies the event once', async () => {
    const group = 'projections-transient';
    const topic = await freshTopic(group);
    let tries = 0;
    const busy = db.dataSource.createQueryRunner();
    await busy.startTransaction();
    await busy.query(`SELECT * FROM "${db.schema}".busy_row WHERE id = 1 FOR UPDATE`);
    const registry = new Registry();
    await consumer({
      group,
      topics: [topic],
      registry,
      maxAttempts: 2, // fewer than the lock-timeouts below: only transient errors may go on retrying
      handlers: {
        [FILLED]: async (event, manager) => {
          tries += 1;
          await manager.query(`SET LOCAL lock_timeout = '100ms'`);
          await manager.query(`SELECT * FROM "${db.schema}".busy_row WHERE id = 1 FOR UPDATE`); // 55P03 while the row is held
          await recordEffect(group)(event as ReceivedEvent<PlacementFilled>, manager);
        },
      },
    });
    await publishRecords(connection, connection.topic(topic), [record('p-20', 1)]);
    await eventually(async () => tries, (n) => n >= 4, 20_000);
    await busy.rollbackTransaction();
    await busy.release();
    await caughtUp(connection, connection.groupId(group), [connection.topic(topic)]);
    expect(await effects(group)).toEqual(['p-20@1']);
    expect(await registry.getSingleMetricAsString('traininghubs_consumer_retries_total')).toMatch(/kind="transient"[^\n]*\} ([3-9]|\d\d)\b/);
    expect(await db.dataSource.getRepository(InboxDeadLetterEntity).countBy({ consumerGroup: group })).toBe(0);
  });

  it('rolls back the inbox row with the handler, so a failed try leaves no trace', async () => {
    const group = 'projections-rollback';
    const topic = await freshTopic(group);
    let tries = 0;
    await consumer({
      group,
      topics: [topic],
      handlers: {
        [FILLED]: async (event, manager) => {
          await recordEffect(group)(event as ReceivedEvent<PlacementFilled>, manager);
          if (++tries === 1) throw new Error('failed after writing');
        },
      },
    });
    await publishRecords(connection, connection.topic(topic), [record('p-30', 1)]);
    await caughtUp(connection, connection.groupId(group), [connection.topic(topic)]);
    expect(tries).toBe(2);
    expect(await effects(group)).toEqual(['p-30@1']);
    expect(await db.dataSource.getRepository(InboxRecordEntity).countBy({ consumerGroup: group })).toBe(1);
  });

  it('keeps the inbox per consumer group', async () => {
    const topic = await freshTopic('group-a');
    await createTopics(connection, [{ name: connection.topic(deadLetterTopicName(topic, 'group-b')), partitions: 1 }]);
    await publishRecords(connection, connection.topic(topic), [record('p-40', 1)]);
    await consumer({ group: 'group-a', topics: [topic] });
    await consumer({ group: 'group-b', topics: [topic] });
    await caughtUp(connection, connection.groupId('group-a'), [connection.topic(topic)]);
    await caughtUp(connection, connection.groupId('group-b'), [connection.topic(topic)]);
    expect(await effects('group-a')).toEqual(['p-40@1']);
    expect(await effects('group-b')).toEqual(['p-40@1']);
    await withClient(async (client) => {
      const { rows } = await client.query(`SELECT consumer_group FROM "${db.schema}".inbox WHERE consumer_group LIKE 'group-%' ORDER BY 1`);
      expect(rows.map((r: { consumer_group: string }) => r.consumer_group)).toEqual(['group-a', 'group-b']);
    });
  });
});
