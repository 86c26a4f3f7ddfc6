import type { KafkaConnection } from '../kafka/kafka-connection';
import { headersAsText } from '../kafka/record-headers';
import { RecordPublisher, type PublishedRecord } from './dead-letter-publisher';
import { parseDeadLetterHeaders, replayHeaders } from './dead-letter-headers';
import { deadLetterTopicName } from './dead-letter-topic';

export interface ReplayDeadLettersOptions {
  /** Logical consumer group whose dead letters are replayed. */
  group: string;
  /** Logical topic the records were read from. */
  topic: string;
  /** Most records to replay in this run (default 1000). */
  limit?: number;
  timeoutMs?: number;
}

export interface ReplayReport {
  deadLetterTopic: string;
  replayed: Array<{ from: { partition: number; offset: string }; to: PublishedRecord; eventId?: string }>;
  /** Records on the dead-letter topic without dead-letter headers, passed over. */
  skipped: Array<{ partition: number; offset: string }>;
  /** Dead letters still waiting to be replayed after this run. */
  remaining: number;
}

/**
 * Re-publishes a consumer group's dead letters for one topic to that topic (the original
 * physical topic recorded in `dlq_original_topic`), with the original key, payload and headers —
 * the same `ce_id` — plus `replayed_from`. Use it once the cause is fixed (a handler bug, missing
 * reference data).
 *
 * Semantics:
 * - Every group reading the topic sees the replayed record; those that applied the event before
 *   find it in their inbox and skip it, so only the group that dead-lettered it applies it now.
 * - The replayed record lands after later events of its key: handlers that check aggregate
 *   versions see an old version arriving late.
 * - Progress is kept by the consumer group `<dead-letter topic>.replay`: each dead letter is
 *   replayed once, and a later run replays only dead letters that arrived since. A record that
 *   fails again is dead-lettered again, as a new dead letter.
 */
export async function replayDeadLetters(connection: KafkaConnection, options: ReplayDeadLettersOptions): Promise<ReplayReport> {
  const logicalDeadLetterTopic = deadLetterTopicName(options.topic, options.group);
  const deadLetterTopic = connection.topic(logicalDeadLetterTopic);
  const groupId = connection.groupId(`${logicalDeadLetterTopic}.replay`);
  const limit = options.limit ?? 1_000;
  const admin = await connection.adminClient();

  const ends = new Map((await admin.fetchTopicOffsets(deadLetterTopic)).map((p) => [p.partition, { low: BigInt(p.low), high: BigInt(p.high) }]));
  const [committed] = await admin.fetchOffsets({ groupId, topics: [deadLetterTopic] });
  const next = new Map<number, bigint>();
  for (const [partition, end] of ends) {
    const offset = BigInt(committed?.partitions.find((p) => p.partition === partition)?.offset ?? '-1');
    next.set(partition, offset < end.low ? end.low : offset);
  }
  const waiting = () => [...ends].reduce((sum, [partition, end]) => sum + Number(end.high - (next.get(partition) ?? end.high)), 0);
  const report: ReplayReport = { deadLetterTopic, replayed: [], skipped: [], remaining: waiting() };
  if (report.remaining === 0 || limit <= 0) return report;

  const publisher = new RecordPublisher(connection);
  const consumer = connection.consumer({ groupId, maxWaitTimeMs: 200 });
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [deadLetterTopic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`replay of ${deadLetterTopic} timed out after ${report.replayed.length} record(s)`)),
        options.timeoutMs ?? 60_000,
      );
      const finish = () => {
        clearTimeout(timer);
        resolve();
      };
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message, pause }) => {
            const end = ends.get(partition)?.high ?? 0n;
            if (report.replayed.length >= limit || BigInt(message.offset) >= end) {
              pause();
              return;
            }
            const text = headersAsText(message.headers);
            const originalTopic = deadLetterOrigin(text);
            if (originalTopic === undefined) {
              report.skipped.push({ partition, offset: message.offset });
            } else {
              const to = await publisher.publish(originalTopic, {
                key: message.key,
                value: message.value,
                headers: replayHeaders(message.headers, { topic: deadLetterTopic, partition, offset: message.offset }),
              });
              report.replayed.push({ from: { partition, offset: message.offset }, to, eventId: text.ce_id });
            }
            const following = BigInt(message.offset) + 1n;
            await consumer.commitOffsets([{ topic: deadLetterTopic, partition, offset: following.toString() }]);
            next.set(partition, following);
            if (report.replayed.length >= limit || waiting() === 0) finish();
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await publisher.close();
  }
  report.remaining = waiting();
  return report;
}

function deadLetterOrigin(headers: Record<string, string>): string | undefined {
  try {
    return parseDeadLetterHeaders(headers).originalTopic;
  } catch {
    return undefined;
  }
}
