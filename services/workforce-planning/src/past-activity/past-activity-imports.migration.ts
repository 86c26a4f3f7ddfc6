import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Imports of a hub's past activity (recruits, retention outcomes): each import with its progress
 * and counts, the rows it did not import (line, code, reason, the row as sent), and the hub's own
 * reference of every row imported, which makes a second import of the same file add nothing.
 */
export class CreatePastActivityImports1764100000000 implements MigrationInterface {
  name = 'CreatePastActivityImports1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE past_activity_import (
        id uuid PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('recruitment', 'retention')),
        hub_id uuid NOT NULL,
        status text NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
        header text[] NOT NULL,
        total_rows integer NOT NULL CHECK (total_rows >= 0),
        processed_rows integer NOT NULL DEFAULT 0 CHECK (processed_rows >= 0),
        imported integer NOT NULL DEFAULT 0,
        already_imported integer NOT NULL DEFAULT 0,
        rejected integer NOT NULL DEFAULT 0,
        rejected_by_code jsonb NOT NULL DEFAULT '{}',
        requested_by text NOT NULL,
        requester_role text NOT NULL,
        failure text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX past_activity_import_running_idx ON past_activity_import (updated_at) WHERE status = 'running'`);
    await queryRunner.query(`
      CREATE TABLE past_activity_import_row (
        import_id uuid NOT NULL REFERENCES past_activity_import (id) ON DELETE CASCADE,
        line integer NOT NULL,
        record_ref text,
        code text NOT NULL,
        reason text NOT NULL,
        fields jsonb,
        PRIMARY KEY (import_id, line)
      )`);
    await queryRunner.query(`
      CREATE TABLE past_activity_record (
        hub_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('recruitment', 'retention')),
        record_ref text NOT NULL,
        record_id uuid NOT NULL,
        fingerprint text NOT NULL,
        import_id uuid NOT NULL REFERENCES past_activity_import (id),
        line integer NOT NULL,
        imported_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (hub_id, kind, record_ref)
      )`);
    await queryRunner.query('CREATE INDEX past_activity_record_import_idx ON past_activity_record (import_id, line)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE past_activity_record');
    await queryRunner.query('DROP TABLE past_activity_import_row');
    await queryRunner.query('DROP TABLE past_activity_import');
  }
}
