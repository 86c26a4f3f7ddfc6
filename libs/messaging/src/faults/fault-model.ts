// The model every fault scenario runs: a "business" write (an account's version bumped) and its
// outbox event in one transaction, a ledger of committed changes (`written`), and a consumer whose
// only effect is one row per applied event in `effect`. Shared by the tests and their child
// processes, so both sides agree on tables, topic, group and handler.
import type { EntityManager } from 'typeorm';
import type { DataSource } from 'typeorm';
import { jsonCodec } from '../envelope/payload-codec';
import { PermanentEventError, type EventHandler, type ReceivedEvent } from '../inbox/received-event';
import { OutboxWriter } from '../outbox/outbox-writer';

export const FAULT_TOPIC = 'traininghubs.faults.account.v1';
export const FAULT_GROUP = 'faults.projection';
export const FAULT_EVENT_TYPE = 'uk.nhs.traininghubs.faults.account_changed.v1';
export const FAULT_SOURCE = '/traininghubs/faults';
export const FAULT_PARTITIONS = 6;

/** Extra tables of a scenario's schema (`$schema` is replaced by `testDatabase`). */
export const FAULT_TABLES_SQL = [
  'CREATE TABLE $schema.account (id text PRIMARY KEY, version integer NOT NULL)',
  'CREATE TABLE $schema.written (event_id uuid PRIMARY KEY, key text NOT NULL, version integer NOT NULL)',
  `CREATE TABLE $schema.effect (
     id bigserial PRIMARY KEY, consumer_group text NOT NULL, event_id uuid NOT NULL,
     key text NOT NULL, version integer NOT NULL, applied_at timestamptz NOT NULL DEFAULT clock_timestamp())`,
];

export interface AccountChanged {
  key: string;
  version: number;
  /** Poison markers for scenario 10: a payload the handler rejects, or one it always throws on. */
  poison?: 'invalid' | 'throws';
}

export const faultWriter = () => new OutboxWriter({ source: FAULT_SOURCE, codec: jsonCodec });

/** One committed state change: bump the account's version, append its event, record it in the ledger. */
export async function writeChange(dataSource: DataSource, writer: OutboxWriter, schema: string, key: string): Promise<{ eventId: string; version: number }> {
  return dataSource.transaction(async (manager) => {
    const [{ version }] = (await manager.query(
      `INSERT INTO "${schema}".account (id, version) VALUES ($1, 1)
       ON CONFLICT (id) DO UPDATE SET version = account.version + 1 RETURNING version`,
      [key],
    )) as Array<{ version: number }>;
    const appended = await writer.append(manager, {
      topic: FAULT_TOPIC,
      key,
      aggregateType: 'account',
      aggregateId: key,
      aggregateVersion: version,
      type: FAULT_EVENT_TYPE,
      message: { key, version } satisfies AccountChanged,
      occurredAt: new Date(),
    });
    await manager.query(`INSERT INTO "${schema}".written (event_id, key, version) VALUES ($1, $2, $3)`, [appended.eventId, key, version]);
    return { eventId: appended.eventId, version };
  });
}

/** The consumer's handler: validates, then records exactly one effect row through the transaction. */
export function effectHandler(schema: string, group: string = FAULT_GROUP): EventHandler<AccountChanged> {
  return async (event: ReceivedEvent<AccountChanged>, manager: EntityManager) => {
    const payload = event.payload;
    if (payload?.poison === 'throws') throw new Error('the handler has a bug for this event');
    if (payload?.poison === 'invalid' || typeof payload?.key !== 'string' || !Number.isInteger(payload.version)) {
      throw new PermanentEventError('invalid account_changed payload');
    }
    await manager.query(`INSERT INTO "${schema}".effect (consumer_group, event_id, key, version) VALUES ($1, $2, $3, $4)`, [
      group,
      event.envelope.id,
      payload.key,
      payload.version,
    ]);
  };
}
