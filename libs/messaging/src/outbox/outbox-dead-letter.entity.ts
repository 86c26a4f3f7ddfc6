import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * An outbox event the relay gave up on: Kafka rejected the record itself (too large, invalid), or
 * publishing kept failing past the attempt limit. Kept for inspection and requeueing.
 */
@Entity({ name: 'outbox_dead_letter' })
export class OutboxDeadLetterEntity {
  /** The `seq` the event had in the outbox. */
  @PrimaryColumn({ name: 'seq', type: 'bigint', primaryKeyConstraintName: 'outbox_dead_letter_pkey' })
  seq!: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId!: string;

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

  @Column({ name: 'event_type', type: 'text' })
  eventType!: string;

  @Column({ name: 'payload', type: 'bytea' })
  payload!: Buffer;

  @Column({ name: 'headers', type: 'jsonb' })
  headers!: Record<string, string>;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'attempts', type: 'integer' })
  attempts!: number;

  /** `record-rejected` (Kafka will never accept it) or `attempts-exhausted`. */
  @Column({ name: 'reason', type: 'text' })
  reason!: string;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'dead_lettered_at', type: 'timestamptz', default: () => 'now()' })
  deadLetteredAt!: Date;
}
