import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Imports that run in the background in chunks and survive a restart: the rows still to apply,
 * who asked (their scope decides which rows they may change), a lease held by the process working
 * on it, and a failed state.
 */
export class ResumableOrganisationImports1763700300000 implements MigrationInterface {
  name = 'ResumableOrganisationImports1763700300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE organisation_import DROP CONSTRAINT IF EXISTS organisation_import_status_check`);
    await queryRunner.query(`ALTER TABLE organisation_import ADD CONSTRAINT organisation_import_status_check CHECK (status IN ('running', 'completed', 'failed'))`);
    await queryRunner.query(`
      ALTER TABLE organisation_import
        ADD COLUMN rows jsonb,
        ADD COLUMN requested_as jsonb,
        ADD COLUMN worker_id text,
        ADD COLUMN lease_until timestamptz,
        ADD COLUMN failure text`);
    await queryRunner.query(`CREATE INDEX organisation_import_running_idx ON organisation_import (lease_until) WHERE status = 'running'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX organisation_import_running_idx');
    await queryRunner.query('ALTER TABLE organisation_import DROP COLUMN rows, DROP COLUMN requested_as, DROP COLUMN worker_id, DROP COLUMN lease_until, DROP COLUMN failure');
  }
}
