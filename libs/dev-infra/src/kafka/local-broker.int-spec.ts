import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { KafkaConnection } from '@traininghubs/messaging';
import { freePort, isPortOpen } from '../support/ports';
import { CompiledLibs } from '../test-support/compiled-libs';
import { startLocalKafkaBroker, type LocalKafkaBroker } from './local-broker';

const processRuns = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function eventually(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return condition();
}

describe('local Kafka broker (Maven Central jars)', () => {
  let broker: LocalKafkaBroker | undefined;

  afterAll(async () => {
    await broker?.stop();
  });

  it('starts a second broker on free ports, carries a message through a consumer group, and stops without a trace', async () => {
    const port = await freePort();
    const controllerPort = await freePort();
    broker = await startLocalKafkaBroker({ port, controllerPort });
    expect(broker.brokers).toEqual([`127.0.0.1:${port}`]);
    expect(broker.brokers.join(',')).not.toBe(process.env.KAFKA_BROKERS);

    const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    const topic = `dev_infra_local_broker_${suffix}`;
    const groupId = `dev_infra_local_broker_group_${suffix}`;
    const connection = new KafkaConnection({ brokers: broker.brokers, clientId: 'dev-infra-local-broker-test' });
    const admin = await connection.adminClient();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });

    const producer = connection.kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ key: 'hub-42', value: 'placement-confirmed' }] });
    await producer.disconnect();

    const consumer = connection.kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received = new Promise<{ key?: string; value?: string }>((resolve) => {
      consumer.run({ eachMessage: async ({ message }) => resolve({ key: message.key?.toString(), value: message.value?.toString() }) });
    });
    await expect(received).resolves.toEqual({ key: 'hub-42', value: 'placement-confirmed' });
    await consumer.disconnect();

    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    expect(committed.partitions).toEqual([expect.objectContaining({ partition: 0, offset: '1' })]);
    await connection.close();

    const { pid, dataDir } = broker;
    await broker.stop();
    broker = undefined;
    expect(processRuns(pid)).toBe(false);
    expect(await isPortOpen(port)).toBe(false);
    expect(await isPortOpen(controllerPort)).toBe(false);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('starts again from a kept data directory, on other ports, with its topics', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'kafka-kept-')), 'data');
    const topic = `dev_infra_kept_${Date.now().toString(36)}`;
    try {
      broker = await startLocalKafkaBroker({ dataDir });
      const first = new KafkaConnection({ brokers: broker.brokers, clientId: 'dev-infra-kept-data-test' });
      await (await first.adminClient()).createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
      await first.close();
      const firstPort = broker.port;
      await broker.stop();
      expect(existsSync(join(dataDir, 'kraft', 'meta.properties'))).toBe(true);

      broker = await startLocalKafkaBroker({ dataDir });
      expect(broker.port).not.toBe(firstPort);
      const second = new KafkaConnection({ brokers: broker.brokers, clientId: 'dev-infra-kept-data-test' });
      const metadata = await (await second.adminClient()).fetchTopicMetadata({ topics: [topic] });
      expect(metadata.topics[0].partitions).toHaveLength(2);
      await second.close();
      await broker.stop();
      broker = undefined;
      expect(existsSync(dataDir)).toBe(true);
    } finally {
      rmSync(dirname(dataDir), { recursive: true, force: true });
    }
  });

  it('fails fast with the tail of the broker log when the JVM exits during start-up', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kafka-broken-'));
    try {
      // A data directory that belongs to another node: the broker refuses it and exits.
      mkdirSync(join(dataDir, 'kraft'));
      writeFileSync(
        join(dataDir, 'kraft', 'meta.properties'),
        'version=1\nnode.id=7\ncluster.id=q1Z3mD6nTHqQJ5VbR6dB7w\ndirectory.id=AAAAAAAAAAAAAAAAAAAAAA\n',
      );
      const started = Date.now();
      const failure = startLocalKafkaBroker({ dataDir, startTimeoutMs: 60_000 });
      await expect(failure).rejects.toThrow(/exited early \(exit code 1\)[\s\S]*broker log[\s\S]*Stored node id 7 doesn't match/);
      expect(Date.now() - started).toBeLessThan(30_000);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  describe('when the Node process that started it dies', () => {
    let libs: CompiledLibs;
    beforeAll(() => (libs = new CompiledLibs()));
    afterAll(() => libs.remove());

    it('leaves no java process, no open port and no data behind (process guard)', async () => {
      const parent = libs.run(`
        const { startLocalKafkaBroker } = require(${JSON.stringify(libs.module('dev-infra/src/kafka/local-broker'))});
        startLocalKafkaBroker().then((b) => console.log(JSON.stringify({ pid: b.pid, port: b.port, dataDir: b.dataDir })),
          (e) => { console.error(e); process.exit(1); });
      `);
      const started = await parent.next<{ pid: number; port: number; dataDir: string }>(90_000);
      expect(processRuns(started.pid)).toBe(true);
      expect(await isPortOpen(started.port)).toBe(true);

      parent.child.kill('SIGKILL');
      await parent.exited;

      expect(await eventually(() => !processRuns(started.pid), 30_000)).toBe(true);
      expect(await isPortOpen(started.port)).toBe(false);
      expect(await eventually(() => !existsSync(started.dataDir), 5_000)).toBe(true);
    });
  });
});
