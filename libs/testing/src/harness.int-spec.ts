import { KafkaConnection } from '@traininghubs/messaging';
import { Client } from 'pg';
import { testDatabaseUrl, testKafkaBrokers, uniqueName } from './infrastructure';

describe('integration test harness (jest global set-up)', () => {
  it('provides a Kafka cluster that carries a message to a consumer group, on a topic unique to this run', async () => {
    const topic = uniqueName('harness_topic');
    const groupId = uniqueName('harness_group');
    const connection = new KafkaConnection({ brokers: testKafkaBrokers(), clientId: 'testing-harness' });
    const admin = await connection.adminClient();
    expect(await admin.listTopics()).not.toContain(topic);
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });

    const producer = connection.kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ key: 'hub-7', value: JSON.stringify({ course: 'ARRS induction' }) }] });
    await producer.disconnect();

    const consumer = connection.kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
    try {
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      const received = new Promise<{ key?: string; value?: string }>((resolve) => {
        consumer.run({ eachMessage: async ({ message }) => resolve({ key: message.key?.toString(), value: message.value?.toString() }) });
      });
      await expect(received).resolves.toEqual({ key: 'hub-7', value: '{"course":"ARRS induction"}' });
    } finally {
      await consumer.disconnect();
    }
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    expect(committed.partitions).toEqual([expect.objectContaining({ partition: 0, offset: '1' })]);

    await admin.deleteTopics({ topics: [topic] });
    await connection.close();
  });

  it('provides a Postgres superuser URL', async () => {
    const client = new Client({ connectionString: testDatabaseUrl() });
    await client.connect();
    try {
      const { rows } = await client.query<{ superuser: boolean }>(
        'SELECT rolsuper AS superuser FROM pg_roles WHERE rolname = current_user',
      );
      expect(rows).toEqual([{ superuser: true }]);
    } finally {
      await client.end();
    }
  });
});
