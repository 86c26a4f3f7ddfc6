import type { KafkaConnection } from '@traininghubs/messaging';
import { encodeDemoEvent, type DemoEvent } from './national-dataset';

export interface PublishProgress {
  published: number;
  total: number;
}

export interface PublishOptions {
  /** Records per produce request (default 1,000). */
  batchSize?: number;
  onProgress?(progress: PublishProgress): void;
}

/**
 * Publishes dataset events to the platform's topics (the connection's prefix applied), in
 * order, encoded as the services publish them. Keys keep each aggregate's events in order on one
 * partition. Event ids come from the dataset's seed, so publishing it again is harmless: every
 * consumer's inbox drops the repeats.
 */
export async function publishDataset(connection: KafkaConnection, events: readonly DemoEvent[], options: PublishOptions = {}): Promise<number> {
  const batchSize = options.batchSize ?? 1_000;
  const producer = connection.producer({ idempotent: true });
  await producer.connect();
  try {
    for (let i = 0; i < events.length; i += batchSize) {
      const byTopic = new Map<string, { key: string; value: Buffer; headers: Record<string, string> }[]>();
      for (const event of events.slice(i, i + batchSize)) {
        const record = encodeDemoEvent(event);
        const messages = byTopic.get(record.topic) ?? [];
        messages.push({ key: record.key, value: record.value, headers: record.headers });
        byTopic.set(record.topic, messages);
      }
      await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic: connection.topic(topic), messages })) });
      options.onProgress?.({ published: Math.min(events.length, i + batchSize), total: events.length });
    }
  } finally {
    await producer.disconnect();
  }
  return events.length;
}
