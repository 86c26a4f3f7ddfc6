import type { EventEnvelope } from '../envelope/cloud-event';
import type { KafkaConnection, KafkaRecord } from '../kafka/kafka-connection';
import type { InboxStore } from '../inbox/inbox-store';
import { describeError } from '../support/describe-error';
import type { MessagingLogger } from '../support/messaging-logger';
import { RecordPublisher } from './dead-letter-publisher';
import { deadLetterHeaders, REPLAYED_FROM_HEADER, type DeadLetterReason } from './dead-letter-headers';
import { deadLetterTopicName } from './dead-letter-topic';

/** A consumed record that cannot be applied, and where it was read. */
export interface PoisonRecord {
  /** Physical topic it was read from. */
  topic: string;
  partition: number;
  message: KafkaRecord;
  reason: DeadLetterReason;
  error: unknown;
  attempts: number;
  /** The envelope, when it could be read. */
  envelope?: EventEnvelope;
}

/**
 * A consumer group's dead letters: publishes a poison record to `<topic>.<group>.dlq` with the
 * reason and its original coordinates in headers (original headers kept), then records it in
 * `inbox_dead_letter`, keyed by those coordinates — so a record redelivered after a crash or a
 * rebalance is passed over, not dead-lettered twice. Another copy of an event already
 * dead-lettered (same `ce_source` and `ce_id`, as a producer's retry can leave) is passed over too,
 * unless it is a replay of the dead letter (`replayed_from`), which gets a fresh chance.
 */
export class ConsumerDeadLetters {
  private readonly publisher: RecordPublisher;

  constructor(
    private readonly connection: KafkaConnection,
    private readonly store: InboxStore,
    private readonly group: string,
    private readonly logger: MessagingLogger,
  ) {
    this.publisher = new RecordPublisher(connection);
  }

  /** Whether the record at these coordinates, or another copy of its event, was dead-lettered before. */
  async alreadySent(topic: string, partition: number, message: KafkaRecord, envelope?: EventEnvelope): Promise<boolean> {
    const replayed = message.headers?.[REPLAYED_FROM_HEADER] !== undefined;
    const event = envelope && !replayed ? { source: envelope.source, eventId: envelope.id } : undefined;
    return this.store.isDeadLettered({ group: this.group, topic, partition, offset: message.offset }, event);
  }

  /**
   * Sends and records the record; false if it had been dead-lettered before. Throws when Kafka or
   * Postgres fails: the caller waits and calls again (a published copy is not published twice).
   */
  async send(poison: PoisonRecord, progress: { published?: { partition: number; offset: string } } = {}): Promise<boolean> {
    const { topic, partition, message, reason, attempts, envelope } = poison;
    const error = describeError(poison.error);
    if (!progress.published && (await this.alreadySent(topic, partition, message, envelope))) return false;
    const deadLetterTopic = this.connection.topic(deadLetterTopicName(this.logicalTopic(topic), this.group));
    progress.published ??= await this.publisher.publish(deadLetterTopic, {
      key: message.key,
      value: message.value,
      headers: deadLetterHeaders(message.headers, {
        reason,
        error,
        originalTopic: topic,
        originalPartition: partition,
        originalOffset: message.offset,
        consumerGroup: this.group,
        attempts,
        deadLetteredAt: new Date(),
      }),
    });
    await this.store.recordDeadLetter({
      group: this.group,
      topic,
      partition,
      offset: message.offset,
      source: envelope?.source,
      eventId: envelope?.id,
      eventType: envelope?.type,
      reason,
      error,
      attempts,
      deadLetterTopic,
      deadLetterPartition: progress.published.partition,
      deadLetterOffset: progress.published.offset,
    });
    this.logger.error('record dead-lettered', { group: this.group, topic, partition, offset: message.offset, reason, error, eventId: envelope?.id });
    return true;
  }

  /** The logical topic of a physical one (without the deployment's prefix). */
  logicalTopic(physical: string): string {
    const prefix = this.connection.options.topicPrefix;
    return prefix && physical.startsWith(`${prefix}.`) ? physical.slice(prefix.length + 1) : physical;
  }

  close(): Promise<void> {
    return this.publisher.close();
  }
}
