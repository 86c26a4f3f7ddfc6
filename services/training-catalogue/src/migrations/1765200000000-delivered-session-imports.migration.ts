import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Imports of a hub's past sessions and attendance (CSV): the import with its progress and counts,
 * the sessions staged to apply (deleted when it finishes), every rejected row with its line and
 * code, and the key that makes an import idempotent — a hub's own session reference, once.
 * A process works on a running import under a lease; a lapsed lease lets another resume it.
 */
export class DeliveredSessionImports1765200000000 implements MigrationInterface {
  name = 'DeliveredSessionImports1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE delivered_session_import (
        id uuid PRIMARY KEY,
        hub_id uuid NOT NULL,
        status text NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
        header text[] NOT NULL,
        total_rows integer NOT NULL,
        total_sessions integer NOT NULL,
        chunks integer NOT NULL,
        applied_chunks integer NOT NULL DEFAULT 0,
        processed_rows integer NOT NULL DEFAULT 0,
        processed_sessions integer NOT NULL DEFAULT 0,
        sessions_imported integer NOT NULL DEFAULT 0,
        sessions_already_imported integer NOT NULL DEFAULT 0,
        sessions_rejected integer NOT NULL DEFAULT 0,
        attendance_imported integer NOT NULL DEFAULT 0,
        learners_registered integer NOT NULL DEFAULT 0,
        rejected_sessions_by_code jsonb NOT NULL DEFAULT '{}',
        requested_by text NOT NULL,
        requested_as jsonb NOT NULL,
        checked_at timestamptz NOT NULL,
        worker_id text,
        lease_until timestamptz,
        failure text,
        started_at timestamptz NOT NULL,
        finished_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX delivered_session_import_running_idx ON delivered_session_import (lease_until) WHERE status = 'running'`);
    await queryRunner.query('CREATE INDEX delivered_session_import_hub_idx ON delivered_session_import (hub_id, started_at)');
    await queryRunner.query(`
      CREATE TABLE delivered_session_import_session (
        import_id uuid NOT NULL REFERENCES delivered_session_import (id) ON DELETE CASCADE,
        seq integer NOT NULL,
        chunk integer NOT NULL,
        session jsonb NOT NULL,
        PRIMARY KEY (import_id, seq)
      )`);
    await queryRunner.query('CREATE INDEX delivered_session_import_session_chunk_idx ON delivered_session_import_session (import_id, chunk)');
    await queryRunner.query(`
      CREATE TABLE delivered_session_import_rejected_row (
        import_id uuid NOT NULL REFERENCES delivered_session_import (id) ON DELETE CASCADE,
        line integer NOT NULL,
        session_ref text,
        code text NOT NULL,
        reason text NOT NULL,
        fields jsonb NOT NULL,
        PRIMARY KEY (import_id, line)
      )`);
    // Idempotency: a hub's session reference is imported once, whatever the file or the import.
    await queryRunner.query(`
      CREATE TABLE imported_session (
        hub_id uuid NOT NULL,
        session_ref text NOT NULL,
        session_id uuid NOT NULL UNIQUE REFERENCES course_session (session_id) DEFERRABLE INITIALLY DEFERRED,
        import_id uuid NOT NULL REFERENCES delivered_session_import (id),
        imported_at timestamptz NOT NULL,
        PRIMARY KEY (hub_id, session_ref)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE imported_session');
    await queryRunner.query('DROP TABLE delivered_session_import_rejected_row');
    await queryRunner.query('DROP TABLE delivered_session_import_session');
    await queryRunner.query('DROP TABLE delivered_session_import');
  }
}
