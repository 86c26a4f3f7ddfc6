import type { DataSource } from 'typeorm';
import { outboxTables, type OutboxTables } from '../outbox/outbox-tables';
import type { ClaimedEvent } from './claimed-event';

export interface ClaimLimits {
  /** Most rows in one claim. */
  batchSize: number;
  /** Most keys in one claim. */
  maxKeys: number;
  /** Most rows of one key in one claim (a key's run is always claimed from its oldest row). */
  maxRowsPerKey: number;
  /** How many of the oldest due, unleased rows are searched for keys' first rows. */
  scanWindow: number;
  leaseMs: number;
  /**
   * Claim ahead of the batch this relay is publishing (its rows' seqs): a key whose earlier rows
   * are all in that batch, still leased to this owner, may be claimed from its next row. The
   * caller must publish such a claim only after that batch was acknowledged and marked sent, and
   * give it back otherwise, or the key's order breaks.
   *
   * The batch is named row by row because a lease of this owner's is not proof that its rows are
   * in flight: a claim whose reply was lost with its connection, or a release that failed, leaves
   * rows leased to this owner that nobody is publishing, and continuing their keys would send
   * later events before them.
   */
  behindBatch?: readonly string[];
}

export interface DeadLetterEntry {
  seq: string;
  reason: 'record-rejected' | 'attempts-exhausted';
  error: string;
}

export interface BackoffEntry {
  /** The key's first row, which failed; the key's later rows wait with it. */
  seq: string;
  delayMs: number;
  error: string;
}

interface ClaimedRow {
  seq: string;
  event_id: string;
  topic: string;
  partition_key: string;
  event_type: string;
  payload: Buffer;
  headers: Record<string, string>;
  attempts: number;
  created_at: Date;
}

/**
 * The relay's SQL against one service's outbox. Every statement that changes claimed rows is
 * fenced: it only touches rows whose lease the caller still holds (same owner, not expired), so a
 * relay that stalled past its lease changes nothing once another relay may have taken over.
 */
export class OutboxStore {
  readonly tables: OutboxTables;

  constructor(
    private readonly dataSource: DataSource,
    schema: string,
  ) {
    this.tables = outboxTables(schema);
  }

  /**
   * Claims due events in `seq` order without splitting a key's run: a key is claimed only through
   * its oldest unsent row (its head), which must be due and not leased to a live relay; the head is
   * locked `FOR UPDATE SKIP LOCKED` so concurrent relays take different keys, and the claim takes
   * the head and the rows after it. Rows of a key whose head another relay holds are never taken.
   *
   * The rows come from the scan window alone (the oldest due, unleased rows): for a key whose head
   * is in the window, the key's rows in the window are the start of its run, since the key's
   * later rows are neither leased nor held back apart from its head. Reading runs from the window
   * instead of walking each key's index keeps a claim's cost proportional to the window, not to
   * keys × rows per key.
   */
  async claim(owner: string, limits: ClaimLimits): Promise<ClaimedEvent[]> {
    const t = this.tables.outbox;
    const rows: ClaimedRow[] = await this.dataSource.query(
      `WITH due AS (
         SELECT seq, topic, partition_key FROM ${t}
         WHERE available_at <= now() AND (lease_until IS NULL OR lease_until <= now())
         ORDER BY seq
         LIMIT $1
       ), first_of_key AS (
         SELECT DISTINCT ON (topic, partition_key) seq FROM due ORDER BY topic, partition_key, seq
       ), heads AS (
         SELECT o.seq, o.topic, o.partition_key FROM ${t} o
         WHERE o.seq IN (SELECT seq FROM first_of_key)
           AND o.available_at <= now() AND (o.lease_until IS NULL OR o.lease_until <= now())
           AND NOT EXISTS (
             SELECT 1 FROM ${t} earlier
             WHERE earlier.topic = o.topic AND earlier.partition_key = o.partition_key AND earlier.seq < o.seq
               AND NOT COALESCE(earlier.seq = ANY($7::bigint[]) AND earlier.lease_owner = $5 AND earlier.lease_until > now(), false))
         ORDER BY o.seq
         LIMIT $2
         FOR UPDATE OF o SKIP LOCKED
       ), runs AS (
         SELECT d.seq FROM (
           SELECT d.seq, row_number() OVER (PARTITION BY d.topic, d.partition_key ORDER BY d.seq) AS nth
           FROM due d JOIN heads h ON h.topic = d.topic AND h.partition_key = d.partition_key
         ) d
         WHERE d.nth <= $3
         ORDER BY d.seq
         LIMIT $4
       ), claimed AS (
         UPDATE ${t} o SET lease_owner = $5, lease_until = now() + $6 * interval '1 millisecond'
         FROM runs WHERE o.seq = runs.seq
         RETURNING o.seq, o.event_id, o.topic, o.partition_key, o.event_type, o.payload, o.headers, o.attempts, o.created_at
       )
       SELECT * FROM claimed ORDER BY seq`,
      [limits.scanWindow, limits.maxKeys, limits.maxRowsPerKey, limits.batchSize, owner, limits.leaseMs, limits.behindBatch ?? []],
    );
    return rows.map((r) => ({
      seq: String(r.seq),
      eventId: r.event_id,
      topic: r.topic,
      partitionKey: r.partition_key,
      eventType: r.event_type,
      payload: r.payload,
      headers: r.headers,
      attempts: r.attempts,
      createdAt: r.created_at,
    }));
  }

  /** Deletes published events; returns the seqs actually deleted (fewer if the lease was lost). */
  async markSent(owner: string, seqs: readonly string[]): Promise<string[]> {
    if (seqs.length === 0) return [];
    return this.seqs(
      `WITH sent AS (
         DELETE FROM ${this.tables.outbox}
         WHERE seq = ANY($1::bigint[]) AND lease_owner = $2 AND lease_until > now()
         RETURNING seq)
       SELECT seq FROM sent`,
      [seqs, owner],
    );
  }

  /** Moves events to the dead-letter table; later events of their keys become publishable. */
  async deadLetter(owner: string, entries: readonly DeadLetterEntry[]): Promise<string[]> {
    if (entries.length === 0) return [];
    return this.seqs(
      `WITH failed AS (
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[]) AS f(seq, reason, error)
       ), moved AS (
         DELETE FROM ${this.tables.outbox} o USING failed
         WHERE o.seq = failed.seq AND o.lease_owner = $4 AND o.lease_until > now()
         RETURNING o.*, failed.reason AS dead_letter_reason, failed.error AS dead_letter_error)
       INSERT INTO ${this.tables.deadLetter}
         (seq, event_id, topic, partition_key, aggregate_type, aggregate_id, aggregate_version, event_type, payload, headers,
          occurred_at, created_at, attempts, reason, last_error)
       SELECT seq, event_id, topic, partition_key, aggregate_type, aggregate_id, aggregate_version, event_type, payload, headers,
              occurred_at, created_at, attempts + 1, dead_letter_reason, dead_letter_error
       FROM moved
       RETURNING seq`,
      [entries.map((e) => e.seq), entries.map((e) => e.reason), entries.map((e) => e.error), owner],
    );
  }

  /**
   * Counts a failed attempt on each key's head and holds the whole key back until the delay has
   * passed (releasing the lease), so the key's later events wait behind it.
   */
  async backOff(owner: string, entries: readonly BackoffEntry[]): Promise<string[]> {
    if (entries.length === 0) return [];
    const t = this.tables.outbox;
    return this.seqs(
      `WITH failed AS (
         SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[]) AS f(seq, delay_ms, error)
       ), heads AS (
         UPDATE ${t} o SET attempts = o.attempts + 1, last_error = failed.error, lease_owner = NULL, lease_until = NULL,
                available_at = now() + failed.delay_ms * interval '1 millisecond'
         FROM failed
         WHERE o.seq = failed.seq AND o.lease_owner = $4 AND o.lease_until > now()
         RETURNING o.seq, o.topic, o.partition_key, o.available_at
       ), followers AS (
         UPDATE ${t} o SET available_at = GREATEST(o.available_at, h.available_at),
                lease_owner = CASE WHEN o.lease_owner = $4 THEN NULL ELSE o.lease_owner END,
                lease_until = CASE WHEN o.lease_owner = $4 THEN NULL ELSE o.lease_until END
         FROM heads h
         WHERE o.topic = h.topic AND o.partition_key = h.partition_key AND o.seq > h.seq
         RETURNING o.seq
       )
       SELECT seq FROM heads`,
      [entries.map((e) => e.seq), entries.map((e) => e.delayMs), entries.map((e) => e.error), owner],
    );
  }

  /** Gives claimed events back without an attempt counted (e.g. behind a failed head). */
  async release(owner: string, seqs: readonly string[]): Promise<string[]> {
    if (seqs.length === 0) return [];
    return this.seqs(
      `WITH released AS (
         UPDATE ${this.tables.outbox} SET lease_owner = NULL, lease_until = NULL
         WHERE seq = ANY($1::bigint[]) AND lease_owner = $2
         RETURNING seq)
       SELECT seq FROM released`,
      [seqs, owner],
    );
  }

  /** Unsent events and the age of the oldest, for metrics and reconciliation. */
  async backlog(): Promise<{ events: number; oldestAgeSeconds: number }> {
    const t = this.tables.outbox;
    const [row] = await this.dataSource.query(
      `SELECT (SELECT count(*) FROM ${t})::bigint AS events,
              COALESCE((SELECT EXTRACT(EPOCH FROM clock_timestamp() - created_at) FROM ${t} ORDER BY seq LIMIT 1), 0)::float8 AS age`,
    );
    return { events: Number(row.events), oldestAgeSeconds: Math.max(0, Number(row.age)) };
  }

  private async seqs(sql: string, parameters: unknown[]): Promise<string[]> {
    const rows: Array<{ seq: string }> = await this.dataSource.query(sql, parameters);
    return rows.map((r) => String(r.seq));
  }
}
