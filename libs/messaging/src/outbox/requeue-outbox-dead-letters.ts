import type { DataSource } from 'typeorm';
import { schemaOf } from '../postgres/sql-names';
import { outboxTables } from './outbox-tables';

export interface RequeueOptions {
  /** The dead letters to requeue (their former `seq`); all of them if left out. */
  seqs?: string[];
  /** Most to requeue in one call (default 1000). */
  limit?: number;
  schema?: string;
}

/**
 * Puts dead-lettered outbox events back in the outbox (with a new `seq` and no attempts), once
 * the cause is fixed — a topic provisioned, a broker limit raised. A requeued event is published
 * after any later events of its key that already went out. Returns the new `seq`s.
 */
export async function requeueOutboxDeadLetters(dataSource: DataSource, options: RequeueOptions = {}): Promise<string[]> {
  const { outbox, deadLetter, channel } = outboxTables(options.schema ?? schemaOf(dataSource));
  const rows: Array<{ seq: string }> = await dataSource.transaction(async (manager) => {
    const moved = await manager.query(
      `WITH chosen AS (
         SELECT seq FROM ${deadLetter}
         WHERE $1::bigint[] IS NULL OR seq = ANY($1::bigint[])
         ORDER BY seq
         LIMIT $2
         FOR UPDATE
       ), moved AS (
         DELETE FROM ${deadLetter} d USING chosen WHERE d.seq = chosen.seq RETURNING d.*
       )
       INSERT INTO ${outbox}
         (event_id, topic, partition_key, aggregate_type, aggregate_id, aggregate_version, event_type, payload, headers, occurred_at)
       SELECT event_id, topic, partition_key, aggregate_type, aggregate_id, aggregate_version, event_type, payload, headers, occurred_at
       FROM moved ORDER BY seq
       RETURNING seq`,
      [options.seqs ?? null, options.limit ?? 1_000],
    );
    await manager.query('SELECT pg_notify($1, $2)', [channel, '']);
    return moved;
  });
  return rows.map((r) => String(r.seq));
}
