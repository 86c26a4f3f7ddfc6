import { randomBytes } from 'node:crypto';

/**
 * A KRaft cluster id as `kafka-storage random-uuid` makes one: 16 random bytes, base64url
 * (22 characters). Like Kafka's Uuid.randomUuid(), never one starting with '-', which command
 * lines would read as an option.
 */
export function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

export const CLUSTER_ID_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/;
