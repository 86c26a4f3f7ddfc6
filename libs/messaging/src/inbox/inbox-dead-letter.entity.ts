import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A record a consumer group could not apply and sent to its dead-letter topic. Keyed by where the
 * record was read, so a redelivery of the same record is not dead-lettered twice; the event index
 * finds another copy of the same event.
 */
@Entity({ name: 'inbox_dead_letter' })
@Index('inbox_dead_letter_event', ['consumerGroup', 'source', 'eventId'], { where: '"event_id" IS NOT NULL' })
export class InboxDeadLetterEntity {
  @PrimaryColumn({ name: 'consumer_group', type: 'text', primaryKeyConstraintName: 'inbox_dead_letter_pkey' })
  consumerGroup!: string;

  @PrimaryColumn({ name: 'topic', type: 'text', primaryKeyConstraintName: 'inbox_dead_letter_pkey' })
  topic!: string;

  @PrimaryColumn({ name: 'partition', type: 'integer', primaryKeyConstraintName: 'inbox_dead_letter_pkey' })
  partition!: number;

  @PrimaryColumn({ name: 'offset', type: 'bigint', primaryKeyConstraintName: 'inbox_dead_letter_pkey' })
  offset!: string;

  /** The envelope's attributes, when the record had a readable envelope. */
  @Column({ name: 'source', type: 'text', nullable: true })
  source!: string | null;

  @Column({ name: 'event_id', type: 'text', nullable: true })
  eventId!: string | null;

  @Column({ name: 'event_type', type: 'text', nullable: true })
  eventType!: string | null;

  /** `unreadable-envelope`, `undecodable-payload`, `rejected` or `failed-repeatedly`. */
  @Column({ name: 'reason', type: 'text' })
  reason!: string;

  @Column({ name: 'error', type: 'text' })
  error!: string;

  @Column({ name: 'attempts', type: 'integer' })
  attempts!: number;

  @Column({ name: 'dead_letter_topic', type: 'text' })
  deadLetterTopic!: string;

  @Column({ name: 'dead_letter_partition', type: 'integer' })
  deadLetterPartition!: number;

  @Column({ name: 'dead_letter_offset', type: 'bigint' })
  deadLetterOffset!: string;

  @Column({ name: 'dead_lettered_at', type: 'timestamptz', default: () => 'now()' })
  deadLetteredAt!: Date;
}
