import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An event waiting to be published: written in the same transaction as the state change it
 * reports, deleted by the relay once Kafka has acknowledged it. The table therefore holds only
 * unsent events (the backlog); the topic itself is the record of what was sent.
 */
@Entity({ name: 'outbox' })
@Index('outbox_key_seq_idx', ['topic', 'partitionKey', 'seq'])
export class OutboxMessageEntity {
  /** Commit order per key (writers of one key are serialised), publication order. */
  @PrimaryGeneratedColumn('identity', { name: 'seq', type: 'bigint', generatedIdentity: 'ALWAYS', primaryKeyConstraintName: 'outbox_pkey' })
  seq!: string;

  /** Becomes `ce_id`. */
  @Index('outbox_event_id_key', { unique: true })
  @Column({ name: 'event_id', type: 'uuid' })
  eventId!: string;

  /** Logical topic name from the manifest; the relay adds any deployment prefix. */
  @Column({ name: 'topic', type: 'text' })
  topic!: string;

  @Column({ name: 'partition_key', type: 'text' })
  partitionKey!: string;

  @Column({ name: 'aggregate_type', type: 'text' })
  aggregateType!: string;

  @Column({ name: 'aggregate_id', type: 'text' })
  aggregateId!: string;

  @Column({ name: 'aggregate_version', type: 'bigint', nullable: true })
  aggregateVersion!: string | null;

  /** Becomes `ce_type`. */
  @Column({ name: 'event_type', type: 'text' })
  eventType!: string;

  @Column({ name: 'payload', type: 'bytea' })
  payload!: Buffer;

  /** The record's headers: the CloudEvents attributes, trace context, correlation and causation. */
  @Column({ name: 'headers', type: 'jsonb', default: () => "'{}'" })
  headers!: Record<string, string>;

  /** When the thing happened (`ce_time`). */
  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  /** When the row was written; the backlog's age is measured from here. */
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  createdAt!: Date;

  /** Not published before this time (backoff after a failed attempt). */
  @Column({ name: 'available_at', type: 'timestamptz', default: () => 'now()' })
  availableAt!: Date;

  @Column({ name: 'attempts', type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  /** The relay instance that has claimed the row, until `lease_until`. */
  @Column({ name: 'lease_owner', type: 'text', nullable: true })
  leaseOwner!: string | null;

  @Column({ name: 'lease_until', type: 'timestamptz', nullable: true })
  leaseUntil!: Date | null;
}
