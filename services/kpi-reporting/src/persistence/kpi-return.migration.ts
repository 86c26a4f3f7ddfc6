import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Training Hubs' KPI returns: the service's own state (not a projection; a rebuild keeps it).
 * A submitted return keeps its figures frozen in `frozen_values`; late events fill `restatements`.
 */
export class CreateKpiReturns1763800000000 implements MigrationInterface {
  name = 'CreateKpiReturns1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE kpi_return (
        id uuid PRIMARY KEY,
        hub_id uuid NOT NULL,
        period_key text NOT NULL,
        state text NOT NULL CHECK (state IN ('draft', 'submitted', 'approved', 'returned')),
        submission_number integer NOT NULL DEFAULT 0,
        frozen_values jsonb,
        submitted_at timestamptz,
        submitted_by text,
        decided_at timestamptz,
        decided_by text,
        returned_reason text,
        restated boolean NOT NULL DEFAULT false,
        restatements jsonb NOT NULL DEFAULT '[]'::jsonb,
        restated_at timestamptz,
        version integer NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        UNIQUE (hub_id, period_key)
      )`);
    await queryRunner.query('CREATE INDEX kpi_return_period_idx ON kpi_return (period_key, state)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE kpi_return');
  }
}
