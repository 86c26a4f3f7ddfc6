import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rebuilds of the KPI projections: who asked, when, and where every source partition ended when
 * it began (the total to replay and the progress are measured against those ends). Kept in the
 * database so any instance of kpi-reporting, before or after a restart, can report a rebuild's
 * progress. Not a projection: a rebuild keeps it.
 */
export class CreateKpiRebuilds1763900000000 implements MigrationInterface {
  name = 'CreateKpiRebuilds1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE kpi_rebuild (
        id uuid PRIMARY KEY,
        requested_by text NOT NULL,
        started_at timestamptz NOT NULL,
        completed_at timestamptz,
        targets jsonb NOT NULL
      )`);
    await queryRunner.query('CREATE INDEX kpi_rebuild_started_idx ON kpi_rebuild (started_at DESC)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE kpi_rebuild');
  }
}
