import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * An event a consumer group has applied, written in the same transaction as its effect: a
 * redelivered event finds its row and changes nothing. Keep rows at least as long as the topics
 * keep events plus the replay window (the platform's streams keep events for ever).
 */
@Entity({ name: 'inbox' })
export class InboxRecordEntity {
  @PrimaryColumn({ name: 'consumer_group', type: 'text', primaryKeyConstraintName: 'inbox_pkey' })
  consumerGroup!: string;

  /** `ce_source`: event ids are unique per source. */
  @PrimaryColumn({ name: 'source', type: 'text', primaryKeyConstraintName: 'inbox_pkey' })
  source!: string;

  /** `ce_id`. */
  @PrimaryColumn({ name: 'event_id', type: 'uuid', primaryKeyConstraintName: 'inbox_pkey' })
  eventId!: string;

  @Column({ name: 'event_type', type: 'text' })
  eventType!: string;

  /** Where the applied copy was read (a redelivered copy may sit elsewhere). */
  @Column({ name: 'topic', type: 'text' })
  topic!: string;

  @Column({ name: 'partition', type: 'integer' })
  partition!: number;

  @Column({ name: 'offset', type: 'bigint' })
  offset!: string;

  @Column({ name: 'processed_at', type: 'timestamptz', default: () => 'now()' })
  processedAt!: Date;
}
