import type { KafkaHeaders } from '../kafka/kafka-connection';

/** Why a consumer group gave up on a record. */
export type DeadLetterReason =
  | 'unreadable-envelope'
  | 'unknown-event-type'
  | 'undecodable-payload'
  | 'rejected'
  | 'failed-repeatedly';

export const DEAD_LETTER_HEADERS = {
  reason: 'dlq_reason',
  error: 'dlq_error',
  originalTopic: 'dlq_original_topic',
  originalPartition: 'dlq_original_partition',
  originalOffset: 'dlq_original_offset',
  consumerGroup: 'dlq_consumer_group',
  attempts: 'dlq_attempts',
  deadLetteredAt: 'dlq_dead_lettered_at',
} as const;

/** Set on a record re-published from a dead-letter topic: `<dead-letter topic>/<partition>/<offset>`. */
export const REPLAYED_FROM_HEADER = 'replayed_from';

export interface DeadLetterInfo {
  reason: DeadLetterReason;
  error: string;
  /** Physical topic, partition and offset the record was read from. */
  originalTopic: string;
  originalPartition: number;
  originalOffset: string;
  /** Logical consumer group that gave up. */
  consumerGroup: string;
  attempts: number;
  deadLetteredAt: Date;
}

const PREFIX = 'dlq_';

/** The original record's headers, untouched, plus the dead-letter headers (earlier ones replaced). */
export function deadLetterHeaders(original: KafkaHeaders | undefined, info: DeadLetterInfo): KafkaHeaders {
  return {
    ...withoutDeadLetterHeaders(original),
    [DEAD_LETTER_HEADERS.reason]: info.reason,
    [DEAD_LETTER_HEADERS.error]: info.error,
    [DEAD_LETTER_HEADERS.originalTopic]: info.originalTopic,
    [DEAD_LETTER_HEADERS.originalPartition]: String(info.originalPartition),
    [DEAD_LETTER_HEADERS.originalOffset]: info.originalOffset,
    [DEAD_LETTER_HEADERS.consumerGroup]: info.consumerGroup,
    [DEAD_LETTER_HEADERS.attempts]: String(info.attempts),
    [DEAD_LETTER_HEADERS.deadLetteredAt]: info.deadLetteredAt.toISOString(),
  };
}

/** The headers of a dead-lettered record put back on its original topic. */
export function replayHeaders(deadLettered: KafkaHeaders | undefined, from: { topic: string; partition: number; offset: string }): KafkaHeaders {
  return { ...withoutDeadLetterHeaders(deadLettered), [REPLAYED_FROM_HEADER]: `${from.topic}/${from.partition}/${from.offset}` };
}

/** Reads the dead-letter headers back; throws if the record is not a dead letter. */
export function parseDeadLetterHeaders(headers: Readonly<Record<string, string | undefined>>): DeadLetterInfo {
  const missing = Object.values(DEAD_LETTER_HEADERS).filter((name) => headers[name] === undefined);
  if (missing.length > 0) throw new Error(`not a dead letter: missing ${missing.join(', ')}`);
  const read = (name: string) => headers[name] as string;
  return {
    reason: read(DEAD_LETTER_HEADERS.reason) as DeadLetterReason,
    error: read(DEAD_LETTER_HEADERS.error),
    originalTopic: read(DEAD_LETTER_HEADERS.originalTopic),
    originalPartition: Number(read(DEAD_LETTER_HEADERS.originalPartition)),
    originalOffset: read(DEAD_LETTER_HEADERS.originalOffset),
    consumerGroup: read(DEAD_LETTER_HEADERS.consumerGroup),
    attempts: Number(read(DEAD_LETTER_HEADERS.attempts)),
    deadLetteredAt: new Date(read(DEAD_LETTER_HEADERS.deadLetteredAt)),
  };
}

function withoutDeadLetterHeaders(headers: KafkaHeaders | undefined): KafkaHeaders {
  return Object.fromEntries(Object.entries(headers ?? {}).filter(([name]) => !name.startsWith(PREFIX) && name !== REPLAYED_FROM_HEADER));
}
