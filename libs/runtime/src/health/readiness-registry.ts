import { Injectable } from '@nestjs/common';

export type ReadinessCheck = () => Promise<Record<string, unknown> | void>;

/**
 * Extra readiness checks a service adds beside its database and Kafka (the gateway adds every
 * downstream service). A check resolves when ready and rejects with the reason when not.
 */
@Injectable()
export class ReadinessRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();

  register(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  entries(): Array<[string, ReadinessCheck]> {
    return [...this.checks.entries()];
  }
}
