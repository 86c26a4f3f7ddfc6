/**
 * When the runner restarts a service that exited by itself: at once the first time, then after
 * doubling delays (1 s, 2 s, 4 s … at most `maxDelayMs`), so a service that fails at start does
 * not spin. A service that stayed up for `stableAfterMs` starts again from no delay.
 */
export interface RestartPolicyOptions {
  initialDelayMs?: number;
  maxDelayMs?: number;
  stableAfterMs?: number;
}

export class RestartPolicy {
  private failures = 0;
  private readonly initialDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly stableAfterMs: number;

  constructor(options: RestartPolicyOptions = {}) {
    this.initialDelayMs = options.initialDelayMs ?? 1_000;
    this.maxDelayMs = options.maxDelayMs ?? 30_000;
    this.stableAfterMs = options.stableAfterMs ?? 60_000;
  }

  /** The delay before restarting a service that ran for `upMs` and then exited. */
  delayAfterExit(upMs: number): number {
    if (upMs >= this.stableAfterMs) this.failures = 0;
    const delay = this.failures === 0 ? 0 : Math.min(this.maxDelayMs, this.initialDelayMs * 2 ** (this.failures - 1));
    this.failures += 1;
    return delay;
  }

  /** Restarts so far without a stable run in between. */
  get consecutiveFailures(): number {
    return this.failures;
  }
}
