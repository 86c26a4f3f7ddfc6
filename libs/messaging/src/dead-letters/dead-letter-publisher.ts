import type { KafkaConnection, KafkaHeaders, KafkaProducer } from '../kafka/kafka-connection';

export interface PublishedRecord {
  topic: string;
  partition: number;
  offset: string;
}

/** Publishes raw records (dead letters, replays) with `acks: -1`, keeping key, value and headers. */
export class RecordPublisher {
  private producer?: KafkaProducer;
  private connected?: Promise<void>;

  constructor(private readonly connection: KafkaConnection) {}

  async publish(topic: string, record: { key: Buffer | string | null; value: Buffer | null; headers: KafkaHeaders }): Promise<PublishedRecord> {
    const producer = await this.connect();
    const [metadata] = await producer.send({ topic, acks: -1, messages: [{ key: record.key, value: record.value, headers: record.headers }] });
    return { topic, partition: metadata.partition, offset: metadata.baseOffset ?? metadata.offset ?? '-1' };
  }

  async close(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    this.connected = undefined;
    await producer?.disconnect().catch(() => undefined);
  }

  private async connect(): Promise<KafkaProducer> {
    this.producer ??= this.connection.producer();
    const producer = this.producer;
    this.connected ??= producer.connect().catch((error: unknown) => {
      this.connected = undefined;
      throw error;
    });
    await this.connected;
    return producer;
  }
}
