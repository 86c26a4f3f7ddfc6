// Shared set-up for the messaging library's integration tests: the real broker and Postgres
// (KAFKA_BROKERS, DATABASE_URL), unique schema, topic and group names per run, clean-up.
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { KafkaConnection, type KafkaRecord } from '../src/kafka/kafka-connection';
import { headersAsText } from '../src/kafka/record-headers';
import { messagingEntities, messagingMigrations } from '../src/messaging-schema';

export const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
export const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

/** A connection whose every topic and group name carries a prefix unique to this run. */
export function testConnection(label: string): KafkaConnection {
  return new KafkaConnection({ brokers, clientId: `messaging-test-${label}`, topicPrefix: `test-${label}-${uniqueSuffix()}` });
}

export async function withClient<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  schema: string;
  dataSource: DataSource;
  close(): Promise<void>;
}

/** A fresh schema with the messaging tables, migrated the way a service migrates. */
export async function testDatabase(label: string, options: { poolSize?: number; extraSql?: string[] } = {}): Promise<TestDatabase> {
  const schema = `msg_${label}_${uniqueSuffix()}`.toLowerCase();
  await withClient(async (client) => {
    await client.query(`CREATE SCHEMA "${schema}"`);
    for (const sql of options.extraSql ?? []) await client.query(sql.replaceAll('$schema', `"${schema}"`));
  });
  const dataSource = new DataSource({
    type: 'postgres',
    url: databaseUrl,
    schema,
    entities: messagingEntities,
    migrations: messagingMigrations,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    extra: { max: options.poolSize ?? 10 },
  });
  await dataSource.initialize();
  await dataSource.runMigrations();
  return {
    schema,
    dataSource,
    close: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      await withClient((client) => client.query(`DROP SCHEMA "${schema}" CASCADE`));
    },
  };
}

/** Creates physical topics (already prefixed) and waits for their leaders. */
export async function createTopics(connection: KafkaConnection, topics: Array<{ name: string; partitions?: number; config?: Record<string, string> }>): Promise<void> {
  await connection.createTopicsAndWait(
    topics.map((t) => ({
      topic: t.name,
      numPartitions: t.partitions ?? 3,
      replicationFactor: 1,
      configEntries: Object.entries(t.config ?? {}).map(([name, value]) => ({ name, value })),
    })),
  );
}

/** Deletes every topic of this run (those carrying the connection's prefix). */
export async function deleteRunTopics(connection: KafkaConnection): Promise<void> {
  const prefix = connection.options.topicPrefix;
  if (!prefix) throw new Error('refusing to delete topics without a run prefix');
  const admin = await connection.adminClient();
  const topics = (await admin.listTopics()).filter((t) => t.startsWith(`${prefix}.`));
  if (topics.length > 0) await admin.deleteTopics({ topics });
  const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.startsWith(`${prefix}.`));
  if (groups.length > 0) await admin.deleteGroups(groups).catch(() => undefined);
}

export interface ReadRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

/**
 * Every record on the given physical topics, read from the start without a consumer group
 * commit, once the topics hold at least `atLeast` records (or the timeout passes).
 */
export async function readTopics(connection: KafkaConnection, topics: string[], atLeast: number, timeoutMs = 30_000): Promise<ReadRecord[]> {
  const admin = await connection.adminClient();
  const deadline = Date.now() + timeoutMs;
  const total = async () => {
    let sum = 0;
    for (const topic of topics) for (const p of await admin.fetchTopicOffsets(topic)) sum += Number(p.high) - Number(p.low);
    return sum;
  };
  while ((await total()) < atLeast && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const expected = await total();
  const records: ReadRecord[] = [];
  if (expected === 0) return records;
  const consumer = connection.consumer({ groupId: connection.groupId(`reader-${uniqueSuffix()}`), maxWaitTimeMs: 100 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`read ${records.length} of ${expected} records`)), Math.max(deadline - Date.now(), 15_000));
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ topic, partition, message }) => {
            records.push(toRecord(topic, partition, message));
            if (records.length >= expected) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return records.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition || Number(a.offset) - Number(b.offset));
}

function toRecord(topic: string, partition: number, message: KafkaRecord): ReadRecord {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key ? message.key.toString('utf8') : null,
    value: message.value,
    headers: headersAsText(message.headers),
  };
}

export async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Publishes records exactly as given (for consumer tests that need hand-made, even broken, records). */
export async function publishRecords(
  connection: KafkaConnection,
  topic: string,
  records: Array<{ key: string; value: Buffer | string | null; headers?: Record<string, string> }>,
): Promise<void> {
  const producer = connection.producer({ idempotent: true }); // a retried send must not repeat the fixture
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages: records.map((r) => ({ key: r.key, value: r.value, headers: r.headers })) });
  } finally {
    await producer.disconnect();
  }
}

/** Waits until the group's committed offsets reach the end of every partition of the topics. */
export async function caughtUp(connection: KafkaConnection, groupId: string, topics: string[], timeoutMs = 60_000): Promise<void> {
  const admin = await connection.adminClient();
  const behind = async () => {
    let lag = 0n;
    for (const topic of topics) {
      const ends = await admin.fetchTopicOffsets(topic);
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
      for (const end of ends) {
        const offset = BigInt(committed?.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1');
        lag += BigInt(end.high) - (offset < 0n ? BigInt(end.low) : offset);
      }
    }
    return lag;
  };
  const lag = await eventually(behind, (l) => l === 0n, timeoutMs);
  if (lag !== 0n) throw new Error(`${groupId} is still ${lag} record(s) behind`);
}
