import { qualifiedTable } from '../postgres/sql-names';

/** Table names of the outbox in a service's schema, and the relay's wake-up channel. */
export interface OutboxTables {
  schema: string;
  outbox: string;
  deadLetter: string;
  /** The `NOTIFY` channel that wakes the service's relays when an outbox row commits. */
  channel: string;
}

export const OUTBOX_TABLE = 'outbox';
export const OUTBOX_DEAD_LETTER_TABLE = 'outbox_dead_letter';

export function outboxTables(schema: string): OutboxTables {
  return {
    schema,
    outbox: qualifiedTable(schema, OUTBOX_TABLE),
    deadLetter: qualifiedTable(schema, OUTBOX_DEAD_LETTER_TABLE),
    // Channel names are identifiers: at most 63 bytes.
    channel: `outbox_${schema}`.slice(0, 63),
  };
}
