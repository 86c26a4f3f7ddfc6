/**
 * Whether a failed publish may succeed if tried again. Only errors that say the record itself can
 * never be accepted are final; broker outages, leader moves, missing replicas, timeouts and
 * anything unknown are worth retrying (a wrongly final answer would dead-letter good events).
 *
 * Works on the client's error shapes by name and fields, so it needs no import of the client.
 */
export type PublishFailureKind = 'retriable' | 'record-rejected';

/** Broker error types that reject the record itself, whatever the state of the cluster. */
const RECORD_REJECTED = new Set([
  'MESSAGE_TOO_LARGE',
  'RECORD_LIST_TOO_LARGE',
  'INVALID_RECORD',
  'INVALID_TIMESTAMP',
  'INVALID_TOPIC_EXCEPTION',
]);

interface ClientErrorShape {
  name?: unknown;
  type?: unknown;
  retriable?: unknown;
  cause?: unknown;
  originalError?: unknown;
}

export function classifyPublishError(error: unknown): PublishFailureKind {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const shape = current as ClientErrorShape;
    if (typeof shape.type === 'string' && RECORD_REJECTED.has(shape.type)) return 'record-rejected';
    current = shape.cause ?? shape.originalError;
  }
  return 'retriable';
}
