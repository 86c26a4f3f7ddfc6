import type { MigrationInterface, QueryRunner } from 'typeorm';

const MONTH_END = (column: string) => `CHECK (${column} = (date_trunc('month', ${column}) + interval '1 month - 1 day')::date)`;
const STAFF_GROUP = `CHECK (staff_group IN ('GP', 'NURSE', 'DIRECT_PATIENT_CARE', 'ADMIN_NON_CLINICAL'))`;
const GROUP_COLUMNS = ['gp', 'nurse', 'dpc', 'admin']
  .map((g) => `${g}_headcount integer NOT NULL CHECK (${g}_headcount >= 0), ${g}_fte_hundredths integer NOT NULL CHECK (${g}_fte_hundredths >= 0),`)
  .join('\n        ');

/**
 * Workforce snapshots per practice as of a month end (GPW practice-level figures), with their
 * imports and the staging tables an import fills in chunks before it swaps the month in.
 */
export class CreateWorkforceSnapshots1763790000000 implements MigrationInterface {
  name = 'CreateWorkforceSnapshots1763790000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE workforce_snapshot_import (
        id uuid PRIMARY KEY,
        status text NOT NULL CHECK (status IN ('staging', 'applied', 'rejected', 'failed')),
        snapshot_date date ${MONTH_END('snapshot_date')},
        data_source text NOT NULL,
        imported_by text NOT NULL,
        importer_role text NOT NULL,
        total_rows integer NOT NULL CHECK (total_rows >= 0),
        processed_rows integer NOT NULL DEFAULT 0 CHECK (processed_rows >= 0),
        practice_count integer NOT NULL DEFAULT 0,
        hub_ids uuid[] NOT NULL DEFAULT '{}',
        report jsonb NOT NULL DEFAULT '{}',
        failure text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        applied_at timestamptz
      )`);
    await queryRunner.query('CREATE INDEX workforce_snapshot_import_staging_idx ON workforce_snapshot_import (updated_at) WHERE status = \'staging\'');
    for (const staged of [false, true]) {
      const table = staged ? 'practice_workforce_snapshot_staged' : 'practice_workforce_snapshot';
      await queryRunner.query(`
        CREATE TABLE ${table} (
          ${staged ? 'import_id uuid NOT NULL REFERENCES workforce_snapshot_import (id) ON DELETE CASCADE,' : ''}
          snapshot_date date NOT NULL ${MONTH_END('snapshot_date')},
          practice_ods_code text NOT NULL,
          practice_name text,
          pcn_ods_code text NOT NULL,
          sub_icb_code text,
          icb_code text NOT NULL,
          hub_id uuid NOT NULL,
          ${staged ? '' : 'import_id uuid NOT NULL REFERENCES workforce_snapshot_import (id),'}
          data_source text NOT NULL,
          ${GROUP_COLUMNS}
          ${staged ? 'PRIMARY KEY (import_id, practice_ods_code)' : 'imported_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (snapshot_date, practice_ods_code)'}
        )`);
    }
    await queryRunner.query(`
      CREATE TABLE practice_workforce_role (
        snapshot_date date NOT NULL,
        practice_ods_code text NOT NULL,
        role_code text NOT NULL,
        staff_group text NOT NULL ${STAFF_GROUP},
        headcount integer NOT NULL CHECK (headcount >= 0),
        fte_hundredths integer NOT NULL CHECK (fte_hundredths >= 0),
        PRIMARY KEY (snapshot_date, practice_ods_code, role_code),
        FOREIGN KEY (snapshot_date, practice_ods_code) REFERENCES practice_workforce_snapshot (snapshot_date, practice_ods_code) ON DELETE CASCADE
      )`);
    await queryRunner.query(`
      CREATE TABLE practice_workforce_role_staged (
        import_id uuid NOT NULL,
        practice_ods_code text NOT NULL,
        role_code text NOT NULL,
        staff_group text NOT NULL ${STAFF_GROUP},
        headcount integer NOT NULL CHECK (headcount >= 0),
        fte_hundredths integer NOT NULL CHECK (fte_hundredths >= 0),
        PRIMARY KEY (import_id, practice_ods_code, role_code),
        FOREIGN KEY (import_id, practice_ods_code) REFERENCES practice_workforce_snapshot_staged (import_id, practice_ods_code) ON DELETE CASCADE
      )`);
    await queryRunner.query('CREATE INDEX practice_workforce_snapshot_hub_idx ON practice_workforce_snapshot (hub_id, snapshot_date)');
    await queryRunner.query('CREATE INDEX practice_workforce_snapshot_pcn_idx ON practice_workforce_snapshot (pcn_ods_code, snapshot_date)');
    await queryRunner.query('CREATE INDEX practice_workforce_snapshot_icb_idx ON practice_workforce_snapshot (icb_code, snapshot_date)');
    await queryRunner.query('CREATE INDEX practice_workforce_snapshot_import_idx ON practice_workforce_snapshot (import_id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE practice_workforce_role_staged');
    await queryRunner.query('DROP TABLE practice_workforce_role');
    await queryRunner.query('DROP TABLE practice_workforce_snapshot_staged');
    await queryRunner.query('DROP TABLE practice_workforce_snapshot');
    await queryRunner.query('DROP TABLE workforce_snapshot_import');
  }
}
