import type { EntityManager } from 'typeorm';
import { encodeEnvelope, isValidCorrelationToken, isValidTraceparent, newEventId } from '../envelope/cloud-event';
import type { PayloadCodec } from '../envelope/payload-codec';
import { schemaOf } from '../postgres/sql-names';
import type { AppendedEvent, OutboxEvent } from './outbox-event';
import { outboxTables } from './outbox-tables';

const COLUMNS = [
  'event_id',
  'topic',
  'partition_key',
  'aggregate_type',
  'aggregate_id',
  'aggregate_version',
  'event_type',
  'payload',
  'headers',
  'occurred_at',
];
/** Rows per INSERT statement (Postgres takes at most 65535 parameters). */
const INSERT_CHUNK = 1_000;

export interface EventContext {
  traceparent?: string;
  correlationId?: string;
}

export interface OutboxWriterOptions {
  /** `ce_source` of every event the service writes, e.g. `/traininghubs/placements`. */
  source: string;
  codec: PayloadCodec;
  /** `NOTIFY` the relay on commit (default true); without it the relay finds rows by polling. */
  notify?: boolean;
  /** The current request's trace and correlation, used when an event does not carry its own. */
  context?: () => EventContext | undefined;
}

/** Thrown when an event cannot be appended (no transaction, invalid envelope). */
export class OutboxWriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutboxWriteError';
  }
}

/**
 * Appends events to the service's outbox inside the caller's transaction, so an event exists if
 * and only if the state change it reports committed.
 *
 * Per-key order equals commit order: before inserting, the writer takes a transaction-scoped
 * advisory lock on (topic, key), so two transactions writing events of one key commit one after
 * the other, and the later one's rows get the higher `seq`. Without it a slow transaction could
 * commit a lower `seq` after the relay had published a higher one of the same key.
 */
export class OutboxWriter {
  constructor(private readonly options: OutboxWriterOptions) {}

  async append(manager: EntityManager, event: OutboxEvent): Promise<AppendedEvent> {
    const [appended] = await this.appendAll(manager, [event]);
    return appended;
  }

  /**
   * Appends several events in the given order. Key locks are taken together in a fixed order, so
   * transactions appending overlapping sets of keys this way cannot deadlock on them.
   */
  async appendAll(manager: EntityManager, events: readonly OutboxEvent[]): Promise<AppendedEvent[]> {
    if (events.length === 0) return [];
    if (!manager.queryRunner?.isTransactionActive) {
      throw new OutboxWriteError('outbox events must be appended inside the transaction that changes the state');
    }
    const tables = outboxTables(schemaOf(manager.connection));
    const context = usableContext(this.options.context?.());
    const recordedTime = new Date();
    const rows = events.map((event) => this.row(event, context, recordedTime));

    // 1. Serialise writers of the same keys (locks in a fixed order), and wake the relay on commit.
    const keys = [...new Set(rows.map((r) => `${r.topic}\u001f${r.key}`))];
    const notify = (this.options.notify ?? true) ? `, pg_notify($2, '')` : '';
    await manager.query(
      keys.length === 1
        ? `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))${notify}`
        : `SELECT (SELECT count(pg_advisory_xact_lock(l.id))
                   FROM (SELECT DISTINCT hashtextextended(k, 0) AS id FROM unnest($1::text[]) AS k ORDER BY 1) AS l)${notify}`,
      [keys.length === 1 ? keys[0] : keys, ...(notify ? [tables.channel] : [])],
    );

    // 2. Insert the rows in the order given: `seq` follows it.
    const appended = new Map<string, string>();
    for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
      const chunk = rows.slice(start, start + INSERT_CHUNK);
      const values = chunk.map((_, i) => `(${COLUMNS.map((__, c) => `$${i * COLUMNS.length + c + 1}`).join(', ')})`).join(', ');
      const result: Array<{ seq: string; event_id: string }> = await manager.query(
        `INSERT INTO ${tables.outbox} (${COLUMNS.join(', ')}) VALUES ${values} RETURNING seq, event_id`,
        chunk.flatMap((r) => [
          r.eventId,
          r.topic,
          r.key,
          r.aggregateType,
          r.aggregateId,
          r.aggregateVersion,
          r.type,
          r.payload,
          JSON.stringify(r.headers),
          r.occurredAt.toISOString(),
        ]),
      );
      for (const { seq, event_id } of result) appended.set(event_id, String(seq));
    }
    return rows.map((r) => ({ eventId: r.eventId, seq: appended.get(r.eventId) ?? '' }));
  }

  private row(event: OutboxEvent, context: EventContext | undefined, recordedTime: Date) {
    for (const field of ['topic', 'key', 'aggregateType', 'aggregateId'] as const) {
      if (typeof event[field] !== 'string' || event[field] === '') throw new OutboxWriteError(`event ${field} must be a non-empty string`);
    }
    if (event.aggregateVersion !== undefined && !Number.isSafeInteger(event.aggregateVersion)) {
      throw new OutboxWriteError('event aggregateVersion must be a whole number');
    }
    const eventId = (event.id ?? newEventId()).toLowerCase();
    const headers = encodeEnvelope({
      id: eventId,
      source: this.options.source,
      type: event.type,
      time: event.occurredAt,
      recordedTime,
      subject: event.subject ?? event.aggregateId,
      contentType: this.options.codec.contentType,
      traceparent: event.traceparent ?? context?.traceparent,
      correlationId: event.correlationId ?? context?.correlationId,
      causationId: event.causationId,
    });
    return {
      ...event,
      eventId,
      aggregateVersion: event.aggregateVersion === undefined ? null : String(event.aggregateVersion),
      payload: Buffer.from(this.options.codec.encode(event.type, event.message)),
      headers,
    };
  }
}

/** The request context's values that can go on an event; a malformed one is left out. */
function usableContext(context: EventContext | undefined): EventContext | undefined {
  if (!context) return undefined;
  return {
    traceparent: context.traceparent && isValidTraceparent(context.traceparent) ? context.traceparent : undefined,
    correlationId: context.correlationId && isValidCorrelationToken(context.correlationId) ? context.correlationId : undefined,
  };
}
