import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '../envelope/cloud-event';

/** An event as a consumer's handler sees it. */
export interface ReceivedEvent<TPayload = unknown> {
  envelope: EventEnvelope;
  /** The decoded message. */
  payload: TPayload;
  key: string | null;
  /** Where this copy was read (physical topic name). */
  topic: string;
  partition: number;
  offset: string;
}

/**
 * Applies one event inside the consumer's transaction: every change must go through `manager`,
 * so the effect and the inbox row commit (or roll back) together. Throw `PermanentEventError`
 * for an event that can never be applied (it is dead-lettered at once); any other error is
 * retried a few times first.
 */
export type EventHandler<TPayload = unknown> = (event: ReceivedEvent<TPayload>, manager: EntityManager) => Promise<void>;

/**
 * Applies a run of events of one partition, in order, inside one transaction (see the consumer's
 * `batchHandler`). Its effect must equal the per-event handlers applied one after the other: a run
 * that fails for any reason is rolled back and applied again one event at a time.
 */
export type BatchEventHandler = (events: readonly ReceivedEvent<never>[], manager: EntityManager) => Promise<void>;

/** The event is invalid or contradicts the consumer's state for good; retrying cannot help. */
export class PermanentEventError extends Error {
  readonly permanent = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentEventError';
  }
}

export function isPermanentEventError(error: unknown): boolean {
  return error instanceof PermanentEventError || (typeof error === 'object' && error !== null && (error as { permanent?: unknown }).permanent === true);
}
