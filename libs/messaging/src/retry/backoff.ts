/**
 * Exponential backoff with jitter: the ceiling starts at `initialDelayMs` and doubles with every
 * attempt up to `maxDelayMs`; the delay is drawn from the top `jitter` share of the ceiling, so
 * many failing keys or consumers do not retry in lock step.
 */
export interface BackoffPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
  /** 0 = no jitter, 0.5 (default) = anywhere between half the ceiling and the ceiling. */
  jitter?: number;
}

/** The outbox relay's policy for the broker: 1 s doubling to 5 minutes. */
export const RELAY_BACKOFF: BackoffPolicy = { initialDelayMs: 1_000, maxDelayMs: 300_000, jitter: 0.5 };

/** A consumer's in-process retries of transient database errors: 200 ms doubling to 30 s. */
export const CONSUMER_BACKOFF: BackoffPolicy = { initialDelayMs: 200, maxDelayMs: 30_000, jitter: 0.5 };

/** The ceiling for the given attempt (1 = the first retry). */
export function backoffCeiling(attempt: number, policy: BackoffPolicy): number {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be a positive integer, got ${attempt}`);
  const exponent = Math.min(attempt - 1, 52);
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** exponent);
}

/** The delay before the given attempt, in whole milliseconds. */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const ceiling = backoffCeiling(attempt, policy);
  const jitter = Math.min(Math.max(policy.jitter ?? 0.5, 0), 1);
  return Math.round(ceiling * (1 - jitter * random()));
}
