import { decodeEvent, isEventType } from '@traininghubs/contracts';
import { KafkaConnection, loadTopicManifest, parseEnvelope, provisionTopics, type KafkaConsumer } from '@traininghubs/messaging';
import { testKafkaBrokers, uniqueName } from '@traininghubs/testing';
import { generateNationalDataset, readIcbs } from './national-dataset';
import { publishDataset, type PublishProgress } from './publish-dataset';

interface ReadBack {
  topic: string;
  key: string;
  id: string;
  type: string;
  time: Date;
  hubId: string;
}

describe('demo: publishing the national dataset to the real broker', () => {
  let connection: KafkaConnection;
  let consumer: KafkaConsumer;
  const received: ReadBack[] = [];
  const prefix = uniqueName('demo');
  // three ICBs, one year, light activity: a few hundred events
  const dataset = generateNationalDataset({ seed: 11, years: 1, eventsPerHubMonth: 4, icbs: readIcbs().slice(0, 3) });

  beforeAll(async () => {
    connection = new KafkaConnection({ brokers: testKafkaBrokers(), clientId: 'demo-test', topicPrefix: prefix });
    await provisionTopics(connection, loadTopicManifest());
  });

  afterAll(async () => {
    await consumer?.disconnect();
    await connection?.close();
  });

  it('puts every event on its topic under the prefix, decodable by the services, keys and order kept', async () => {
    const progress: PublishProgress[] = [];
    expect(dataset.events.length).toBeGreaterThan(200);
    await publishDataset(connection, dataset.events, { batchSize: 100, onProgress: (p) => progress.push(p) });
    expect(progress.at(-1)).toEqual({ published: dataset.events.length, total: dataset.events.length });
    expect(progress.map((p) => p.published)).toEqual([...progress.map((p) => p.published)].sort((a, b) => a - b));

    consumer = connection.consumer({ groupId: uniqueName('demo_read') });
    await consumer.connect();
    const topics = [...new Set(dataset.events.map((e) => e.topic))];
    await consumer.subscribe({ topics: topics.map((t) => connection.topic(t)), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
        const envelope = parseEnvelope(headers);
        if (!isEventType(envelope.type)) throw new Error(`unknown type ${envelope.type}`);
        const payload = decodeEvent(envelope.type, message.value ?? Buffer.alloc(0)) as { hubId: string };
        received.push({ topic, key: String(message.key), id: envelope.id, type: envelope.type, time: envelope.time, hubId: payload.hubId });
      },
    });
    const deadline = Date.now() + 60_000;
    while (received.length < dataset.events.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));

    expect(received).toHaveLength(dataset.events.length);
    const byId = new Map(received.map((r) => [r.id, r]));
    for (const event of dataset.events) {
      const got = byId.get(event.id);
      expect(got).toMatchObject({ topic: `${prefix}.${event.topic}`, key: event.key, type: event.type, hubId: (event.init as { hubId: string }).hubId });
      expect(got?.time.getTime()).toBe(event.time.getTime());
    }
    // per key, the order of the dataset is the order on the topic
    const orderOf = (list: { key: string; id: string }[]) => {
      const byKey = new Map<string, string[]>();
      for (const item of list) byKey.set(item.key, [...(byKey.get(item.key) ?? []), item.id]);
      return byKey;
    };
    expect(orderOf(received)).toEqual(orderOf(dataset.events));
  });
});
