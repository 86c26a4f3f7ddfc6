import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { createTopics, databaseUrl, deleteRunTopics, eventually, readTopics, testConnection, testDatabase, type TestDatabase } from '../../test/support';
import { jsonCodec } from '../envelope/payload-codec';
import type { KafkaConnection } from '../kafka/kafka-connection';
import { OutboxMessageEntity } from '../outbox/outbox-message.entity';
import { OutboxWriter } from '../outbox/outbox-writer';

const TOPIC = 'traininghubs.placements.placement.v1';

describe('the outbox relay as a process of its own (real Kafka and Postgres)', () => {
  let db: TestDatabase;
  let connection: KafkaConnection;
  let child: ChildProcessWithoutNullStreams | undefined;

  beforeAll(async () => {
    db = await testDatabase('process');
    connection = testConnection('process');
    await createTopics(connection, [{ name: connection.topic(TOPIC) }]);
  });

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await deleteRunTopics(connection);
    await connection.close();
    await db.close();
  });

  it('publishes the outbox, reports ready and stopped on stdout, and exits 0 on SIGTERM', async () => {
    const lines: Array<Record<string, unknown>> = [];
    child = spawn(process.execPath, ['-r', join(__dirname, '../../test/swc-register.js'), join(__dirname, 'outbox-relay.main.ts')], {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        DATABASE_SCHEMA: db.schema,
        KAFKA_BROKERS: connection.options.brokers.join(','),
        KAFKA_TOPIC_PREFIX: connection.options.topicPrefix,
        RELAY_OWNER: 'relay-process-test',
      },
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line));
    });
    const exited = new Promise<number | null>((resolve) => child!.on('exit', (code) => resolve(code)));
    await eventually(async () => lines, (l) => l.some((e) => e.event === 'ready') || child!.exitCode !== null, 30_000);
    expect({ lines, stderr }).toMatchObject({ lines: [{ event: 'ready', role: 'outbox-relay', owner: 'relay-process-test', schema: db.schema }] });

    const writer = new OutboxWriter({ source: '/traininghubs/placements', codec: jsonCodec });
    for (let version = 1; version <= 3; version++) {
      await db.dataSource.transaction((manager) =>
        writer.append(manager, {
          topic: TOPIC,
          key: 'placement-1',
          aggregateType: 'placement',
          aggregateId: 'placement-1',
          aggregateVersion: version,
          type: 'uk.nhs.traininghubs.placements.placement_filled.v1',
          message: { version },
          occurredAt: new Date(),
        }),
      );
    }
    expect(await eventually(() => db.dataSource.getRepository(OutboxMessageEntity).count(), (n) => n === 0, 20_000)).toBe(0);
    const records = await readTopics(connection, [connection.topic(TOPIC)], 3);
    expect(records.map((r) => JSON.parse(r.value!.toString()).version)).toEqual([1, 2, 3]);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(lines.at(-1)).toMatchObject({ event: 'stopped', role: 'outbox-relay', signal: 'SIGTERM' });
  });

  it('refuses to start with a bad environment, naming the variable', async () => {
    const bad = spawn(process.execPath, ['-r', join(__dirname, '../../test/swc-register.js'), join(__dirname, 'outbox-relay.main.ts')], {
      env: { PATH: process.env.PATH, DATABASE_URL: 'mysql://nope', KAFKA_BROKERS: '127.0.0.1:9092', DATABASE_SCHEMA: 'x' },
    });
    let stderr = '';
    bad.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => bad.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('outbox-relay: invalid configuration');
    expect(stderr).toContain('DATABASE_URL');
  });
});
