import type { DataSource, EntityManager } from 'typeorm';
import { inboxTables, type InboxTables } from './inbox-tables';

export interface Delivery {
  group: string;
  source: string;
  eventId: string;
  eventType: string;
  topic: string;
  partition: number;
  offset: string;
}

export interface RecordCoordinates {
  group: string;
  topic: string;
  partition: number;
  offset: string;
}

export interface DeadLetterRecord extends RecordCoordinates {
  source?: string;
  eventId?: string;
  eventType?: string;
  reason: string;
  error: string;
  attempts: number;
  deadLetterTopic: string;
  deadLetterPartition: number;
  deadLetterOffset: string;
}

/** The consumer's SQL against the service's inbox tables. */
export class InboxStore {
  readonly tables: InboxTables;

  constructor(
    private readonly dataSource: DataSource,
    schema: string,
  ) {
    this.tables = inboxTables(schema);
  }

  /** Records the event as applied by the group; false if it already was (a duplicate). */
  async recordDelivery(manager: EntityManager, delivery: Delivery): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO ${this.tables.inbox} (consumer_group, source, event_id, event_type, topic, "partition", "offset")
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT DO NOTHING
       RETURNING 1`,
      [delivery.group, delivery.source, delivery.eventId, delivery.eventType, delivery.topic, delivery.partition, delivery.offset],
    );
    return rows.length === 1;
  }

  /**
   * Records a run of events as applied by the group in one statement; returns the positions (in
   * `deliveries`) of those not seen before, a repeated event counting at its first position.
   */
  async recordDeliveries(manager: EntityManager, group: string, deliveries: readonly Omit<Delivery, 'group'>[]): Promise<number[]> {
    if (deliveries.length === 0) return [];
    const rows: Array<{ n: string }> = await manager.query(
      `WITH run AS (
         SELECT * FROM unnest($2::text[], $3::uuid[], $4::text[], $5::text[], $6::int[], $7::bigint[])
           WITH ORDINALITY AS r(source, event_id, event_type, topic, "partition", "offset", n)
       ), inserted AS (
         INSERT INTO ${this.tables.inbox} (consumer_group, source, event_id, event_type, topic, "partition", "offset")
         SELECT $1, source, event_id, event_type, topic, "partition", "offset" FROM run
         ON CONFLICT DO NOTHING
         RETURNING source, event_id)
       SELECT min(run.n) AS n FROM run JOIN inserted USING (source, event_id) GROUP BY run.source, run.event_id ORDER BY 1`,
      [
        group,
        deliveries.map((d) => d.source),
        deliveries.map((d) => d.eventId),
        deliveries.map((d) => d.eventType),
        deliveries.map((d) => d.topic),
        deliveries.map((d) => d.partition),
        deliveries.map((d) => d.offset),
      ],
    );
    return rows.map((r) => Number(r.n) - 1);
  }

  /**
   * Whether the group already sent this record to its dead-letter topic: the record at these
   * coordinates, or (given the event's identity) another copy of the same event — delivery is
   * at least once, so a producer's retry can put an event on the topic twice.
   */
  async isDeadLettered(coordinates: RecordCoordinates, event?: { source: string; eventId: string }): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM ${this.tables.deadLetter}
        WHERE consumer_group = $1
          AND ((topic = $2 AND "partition" = $3 AND "offset" = $4) OR (source = $5 AND event_id = $6))
        LIMIT 1`,
      [coordinates.group, coordinates.topic, coordinates.partition, coordinates.offset, event?.source ?? null, event?.eventId ?? null],
    );
    return rows.length > 0;
  }

  async recordDeadLetter(record: DeadLetterRecord): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO ${this.tables.deadLetter}
         (consumer_group, topic, "partition", "offset", source, event_id, event_type, reason, error, attempts,
          dead_letter_topic, dead_letter_partition, dead_letter_offset)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT DO NOTHING`,
      [
        record.group,
        record.topic,
        record.partition,
        record.offset,
        record.source ?? null,
        record.eventId ?? null,
        record.eventType ?? null,
        record.reason,
        record.error,
        record.attempts,
        record.deadLetterTopic,
        record.deadLetterPartition,
        record.deadLetterOffset,
      ],
    );
  }
}
