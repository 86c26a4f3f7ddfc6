import { backoffDelay, type BackoffPolicy } from '../retry/backoff';
import { orderingKey, type ClaimedEvent } from './claimed-event';
import type { BackoffEntry, DeadLetterEntry } from './outbox-store';

/** One Kafka record per event, grouped by topic, each topic's records in `seq` order. */
export function topicRecords(
  events: readonly ClaimedEvent[],
  physicalTopic: (logical: string) => string,
): Array<{ topic: string; messages: Array<{ key: string; value: Buffer; headers: Record<string, string> }> }> {
  const byTopic = new Map<string, Array<{ key: string; value: Buffer; headers: Record<string, string> }>>();
  for (const event of events) {
    const topic = physicalTopic(event.topic);
    let messages = byTopic.get(topic);
    if (!messages) byTopic.set(topic, (messages = []));
    messages.push({ key: event.partitionKey, value: event.payload, headers: event.headers });
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}

/** Each key's claimed events, oldest first; the first one is the key's head. */
export function keyRuns(events: readonly ClaimedEvent[]): ClaimedEvent[][] {
  const runs = new Map<string, ClaimedEvent[]>();
  for (const event of [...events].sort((a, b) => compareSeq(a.seq, b.seq))) {
    const key = orderingKey(event);
    let run = runs.get(key);
    if (!run) runs.set(key, (run = []));
    run.push(event);
  }
  return [...runs.values()];
}

export interface RetryPlan {
  backOff: BackoffEntry[];
  deadLetter: DeadLetterEntry[];
  release: string[];
}

/**
 * After a retriable failure of a whole claim: each key's head counts an attempt and the key
 * waits out the backoff; a head that has used up its attempts is dead-lettered instead, and the
 * key's later events are released to be published.
 */
export function planRetry(
  events: readonly ClaimedEvent[],
  error: string,
  maxAttempts: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): RetryPlan {
  const plan: RetryPlan = { backOff: [], deadLetter: [], release: [] };
  for (const [head, ...rest] of keyRuns(events)) {
    const attempt = head.attempts + 1;
    if (attempt >= maxAttempts) plan.deadLetter.push({ seq: head.seq, reason: 'attempts-exhausted', error });
    else plan.backOff.push({ seq: head.seq, delayMs: backoffDelay(attempt, policy, random), error });
    plan.release.push(...rest.map((e) => e.seq));
  }
  return plan;
}

function compareSeq(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
