import type { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '../postgres/sql-names';
import { inboxTables } from './inbox-tables';

/**
 * Creates the inbox and the record of dead-lettered records in the service's own schema (the
 * data source's `schema` option). Add it to the service's migrations list (see `messagingMigrations`).
 */
export class CreateMessagingInbox1763683200001 implements MigrationInterface {
  name = 'CreateMessagingInbox1763683200001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const { inbox, deadLetter } = inboxTables(schemaOf(queryRunner));
    await queryRunner.query(`
      CREATE TABLE ${inbox} (
        consumer_group text NOT NULL,
        source text NOT NULL,
        event_id uuid NOT NULL,
        event_type text NOT NULL,
        topic text NOT NULL,
        "partition" integer NOT NULL,
        "offset" bigint NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT inbox_pkey PRIMARY KEY (consumer_group, source, event_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE ${deadLetter} (
        consumer_group text NOT NULL,
        topic text NOT NULL,
        "partition" integer NOT NULL,
        "offset" bigint NOT NULL,
        source text,
        event_id text,
        event_type text,
        reason text NOT NULL,
        error text NOT NULL,
        attempts integer NOT NULL,
        dead_letter_topic text NOT NULL,
        dead_letter_partition integer NOT NULL,
        dead_letter_offset bigint NOT NULL,
        dead_lettered_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT inbox_dead_letter_pkey PRIMARY KEY (consumer_group, topic, "partition", "offset")
      )`);
    // Finds another copy of an event the group already dead-lettered (see InboxStore.isDeadLettered).
    await queryRunner.query(
      `CREATE INDEX inbox_dead_letter_event ON ${deadLetter} (consumer_group, source, event_id) WHERE event_id IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const { inbox, deadLetter } = inboxTables(schemaOf(queryRunner));
    await queryRunner.query(`DROP TABLE ${deadLetter}`);
    await queryRunner.query(`DROP TABLE ${inbox}`);
  }
}
