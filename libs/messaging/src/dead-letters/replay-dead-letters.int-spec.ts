import type { EntityManager } from 'typeorm';
import { caughtUp, createTopics, deleteRunTopics, publishRecords, readTopics, testConnection, testDatabase, type TestDatabase } from '../../test/support';
import { encodeEnvelope, newEventId } from '../envelope/cloud-event';
import { jsonCodec } from '../envelope/payload-codec';
import { InboxConsumer } from '../inbox/inbox-consumer';
import { PermanentEventError, type ReceivedEvent } from '../inbox/received-event';
import type { KafkaConnection } from '../kafka/kafka-connection';
import { deadLetterTopicName } from './dead-letter-topic';
import { replayDeadLetters } from './replay-dead-letters';

const TOPIC = 'traininghubs.placements.placement.v1';
const FILLED = 'uk.nhs.traininghubs.placements.placement_filled.v1';
const PROJECTIONS = 'kpi-reporting.projections';
const AUDIT = 'audit.trail';

describe('replaying dead letters (real Kafka and Postgres)', () => {
  let db: TestDatabase;
  let connection: KafkaConnection;
  const consumers: InboxConsumer[] = [];
  let referenceDataLoaded = false;

  beforeAll(async () => {
    db = await testDatabase('replay', { extraSql: ['CREATE TABLE $schema.effect (group_name text NOT NULL, placement_id text NOT NULL)'] });
    connection = testConnection('replay');
    await createTopics(connection, [
      { name: connection.topic(TOPIC), partitions: 2 },
      { name: connection.topic(deadLetterTopicName(TOPIC, PROJECTIONS)), partitions: 1 },
      { name: connection.topic(deadLetterTopicName(TOPIC, AUDIT)), partitions: 1 },
    ]);
  });

  afterAll(async () => {
    await Promise.all(consumers.map((c) => c.stop()));
    await deleteRunTopics(connection);
    await connection.close();
    await db.close();
  });

  const record = (placementId: string) => ({
    key: placementId,
    value: Buffer.from(JSON.stringify({ placementId })),
    headers: encodeEnvelope({ id: newEventId(), source: '/traininghubs/placements', type: FILLED, time: new Date() }),
  });

  const start = async (group: string, handler: (event: ReceivedEvent<{ placementId: string }>, manager: EntityManager) => Promise<void>) => {
    const consumer = new InboxConsumer({ connection, dataSource: db.dataSource, codec: jsonCodec, group, topics: [TOPIC], handlers: { [FILLED]: handler } });
    consumers.push(consumer);
    await consumer.start();
    await consumer.ready();
  };
  const applied = (group: string) => async (event: ReceivedEvent<{ placementId: string }>, manager: EntityManager) => {
    await manager.query(`INSERT INTO "${db.schema}".effect VALUES ($1, $2)`, [group, event.payload.placementId]);
  };
  const effects = async (group: string) =>
    (await db.dataSource.query(`SELECT placement_id FROM "${db.schema}".effect WHERE group_name = $1 ORDER BY 1`, [group])).map(
      (r: { placement_id: string }) => r.placement_id,
    );
  const bothCaughtUp = () =>
    Promise.all([PROJECTIONS, AUDIT].map((g) => caughtUp(connection, connection.groupId(g), [connection.topic(TOPIC)])));

  it('re-publishes dead letters once the cause is fixed; only the group that failed applies them', async () => {
    await start(PROJECTIONS, async (event, manager) => {
      if (!referenceDataLoaded && event.payload.placementId.startsWith('unknown-practice')) {
        throw new PermanentEventError('the practice is not in the reference data');
      }
      await applied(PROJECTIONS)(event, manager);
    });
    await start(AUDIT, applied(AUDIT));
    const published = [record('unknown-practice-1'), record('known-practice'), record('unknown-practice-2')];
    await publishRecords(connection, connection.topic(TOPIC), published);
    await bothCaughtUp();
    expect(await effects(PROJECTIONS)).toEqual(['known-practice']);
    expect(await effects(AUDIT)).toEqual(['known-practice', 'unknown-practice-1', 'unknown-practice-2']);

    referenceDataLoaded = true;
    const first = await replayDeadLetters(connection, { group: PROJECTIONS, topic: TOPIC, limit: 1 });
    expect(first.replayed).toHaveLength(1);
    expect(first.remaining).toBe(1);
    const second = await replayDeadLetters(connection, { group: PROJECTIONS, topic: TOPIC, limit: 10 });
    expect(second.replayed).toHaveLength(1);
    expect(second.remaining).toBe(0);
    const third = await replayDeadLetters(connection, { group: PROJECTIONS, topic: TOPIC });
    expect(third.replayed).toEqual([]);
    expect(new Set([...first.replayed, ...second.replayed].map((r) => r.eventId))).toEqual(
      new Set([published[0].headers.ce_id, published[2].headers.ce_id]),
    );

    await bothCaughtUp();
    expect(await effects(PROJECTIONS)).toEqual(['known-practice', 'unknown-practice-1', 'unknown-practice-2']);
    expect(await effects(AUDIT)).toEqual(['known-practice', 'unknown-practice-1', 'unknown-practice-2']);

    const onTopic = await readTopics(connection, [connection.topic(TOPIC)], 5);
    const replayed = onTopic.filter((r) => r.headers.replayed_from);
    expect(replayed).toHaveLength(2);
    for (const r of replayed) {
      expect(r.headers.replayed_from).toMatch(new RegExp(`^${connection.topic(deadLetterTopicName(TOPIC, PROJECTIONS)).replace(/\./g, '\\.')}/0/\\d+$`));
      expect(Object.keys(r.headers).filter((h) => h.startsWith('dlq_'))).toEqual([]);
      const original = published.find((p) => p.headers.ce_id === r.headers.ce_id)!;
      expect(r.key).toBe(original.key);
      expect(r.value).toEqual(original.value);
    }
  });
});
