import { Kafka, logLevel, type Admin, type Consumer, type ITopicConfig, type KafkaConfig, type Producer } from 'kafkajs';

// The Kafka client's types, re-exported so the rest of the platform never imports the client
// library itself (it can then be swapped here, e.g. for @confluentinc/kafka-javascript).
export { ConfigResourceTypes, ConfigSource } from 'kafkajs';
export type {
  Admin as KafkaAdmin,
  Consumer as KafkaConsumer,
  EachBatchPayload as KafkaBatchPayload,
  EachMessagePayload as KafkaMessagePayload,
  IHeaders as KafkaHeaders,
  KafkaMessage as KafkaRecord,
  Message as KafkaOutgoingRecord,
  Producer as KafkaProducer,
  RecordMetadata as KafkaRecordMetadata,
  TopicMessages as KafkaTopicRecords,
} from 'kafkajs';

export interface KafkaConnectionOptions {
  /** host:port list; prefer 127.0.0.1 to localhost (kafkajs cannot parse IPv6 addresses). */
  brokers: string[];
  clientId: string;
  /** Prefixed to every topic name and consumer group id (test suites, shared clusters). */
  topicPrefix?: string;
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
}

export interface ProducerSettings {
  /** Retries inside the client before a send fails back to the caller (default 5). */
  retries?: number;
  /**
   * Kafka's idempotent producer: the broker drops a batch the client sends again after a lost
   * acknowledgement. Off by default (kafkajs marks it experimental; the platform is at-least-once
   * with idempotent consumers); a test fixture turns it on so its input is on the topic once.
   */
  idempotent?: boolean;
}

export interface ConsumerSettings {
  /** The physical group id (already prefixed; see `groupId`). */
  groupId: string;
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  rebalanceTimeoutMs?: number;
  maxWaitTimeMs?: number;
  maxBytesPerPartition?: number;
}

/**
 * The platform's one handle on the Kafka client library. Everything that talks to Kafka gets its
 * producers, consumers and admin clients here, so the client library can be swapped in one place.
 */
export class KafkaConnection {
  readonly kafka: Kafka;
  private admin?: Admin;
  private adminConnecting?: Promise<Admin>;

  constructor(readonly options: KafkaConnectionOptions) {
    process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';
    const config: KafkaConfig = {
      clientId: options.clientId,
      brokers: options.brokers,
      connectionTimeout: options.connectionTimeoutMs ?? 3_000,
      requestTimeout: options.requestTimeoutMs ?? 30_000,
      logLevel: logLevel.NOTHING,
      retry: { retries: 5, initialRetryTime: 200, maxRetryTime: 5_000 },
    };
    this.kafka = new Kafka(config);
  }

  /** The physical topic name for a logical one (adds the configured prefix). */
  topic(logical: string): string {
    return withPrefix(this.options.topicPrefix, logical);
  }

  /** The physical consumer group id for a logical one (adds the configured prefix). */
  groupId(logical: string): string {
    return withPrefix(this.options.topicPrefix, logical);
  }

  /**
   * A new, unconnected producer. Topics are never auto-created (provisioning owns them); records
   * with the same key go to the same partition by the Java client's murmur2 hash.
   */
  producer(settings: ProducerSettings = {}): Producer {
    return this.kafka.producer({
      allowAutoTopicCreation: false,
      idempotent: settings.idempotent ?? false,
      maxInFlightRequests: 1,
      retry: { retries: settings.retries ?? 5, initialRetryTime: 200, maxRetryTime: 5_000 },
    });
  }

  /** A new, unconnected consumer of one consumer group. */
  consumer(settings: ConsumerSettings): Consumer {
    return this.kafka.consumer({
      groupId: settings.groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: settings.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: settings.heartbeatIntervalMs ?? 3_000,
      rebalanceTimeout: settings.rebalanceTimeoutMs ?? 60_000,
      maxWaitTimeInMs: settings.maxWaitTimeMs ?? 1_000,
      maxBytesPerPartition: settings.maxBytesPerPartition,
      retry: { retries: 10, initialRetryTime: 300, maxRetryTime: 10_000 },
    });
  }

  /** A shared, lazily connected admin client. */
  async adminClient(): Promise<Admin> {
    if (this.admin) return this.admin;
    this.adminConnecting ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      this.admin = admin;
      return admin;
    })().finally(() => (this.adminConnecting = undefined));
    return this.adminConnecting;
  }

  /** Readiness: the cluster answers a metadata request within the timeout. */
  async ping(timeoutMs = 3_000): Promise<{ brokers: number; controller: number | null }> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Kafka did not answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      const admin = await Promise.race([this.adminClient(), timeout]);
      const cluster = await Promise.race([admin.describeCluster(), timeout]);
      return { brokers: cluster.brokers.length, controller: cluster.controller };
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Creates topics (physical names) and waits until every partition has a leader. kafkajs's own
   * `waitForLeaders` gives up when a KRaft broker briefly answers "This server does not host
   * this topic-partition" for a topic it has just created (kafkajs #1563); this waits through it.
   */
  async createTopicsAndWait(topics: ITopicConfig[], timeoutMs = 30_000): Promise<void> {
    const admin = await this.adminClient();
    await admin.createTopics({ waitForLeaders: false, timeout: timeoutMs, topics });
    await this.waitForPartitionLeaders(topics.map((t) => ({ topic: t.topic, partitions: t.numPartitions ?? 1 })), timeoutMs);
  }

  /** Waits until each topic has at least the given partitions, each with a leader. */
  async waitForPartitionLeaders(topics: Array<{ topic: string; partitions: number }>, timeoutMs = 30_000): Promise<void> {
    if (topics.length === 0) return;
    const admin = await this.adminClient();
    const deadline = Date.now() + timeoutMs;
    let lastProblem = 'no answer yet';
    for (;;) {
      try {
        const metadata = await admin.fetchTopicMetadata({ topics: topics.map((t) => t.topic) });
        const missing = topics.filter((wanted) => {
          const found = metadata.topics.find((t) => t.name === wanted.topic);
          return !found || found.partitions.length < wanted.partitions || found.partitions.some((p) => p.leader < 0);
        });
        if (missing.length === 0) return;
        lastProblem = `no leader yet for ${missing.map((m) => m.topic).join(', ')}`;
      } catch (error) {
        const type = (error as { type?: string }).type;
        if (type !== 'UNKNOWN_TOPIC_OR_PARTITION' && type !== 'LEADER_NOT_AVAILABLE') throw error;
        lastProblem = (error as Error).message;
      }
      if (Date.now() > deadline) throw new Error(`topics not ready within ${timeoutMs} ms: ${lastProblem}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async close(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    if (admin) await admin.disconnect();
  }
}

export function withPrefix(prefix: string | undefined, name: string): string {
  return prefix ? `${prefix}.${name}` : name;
}
