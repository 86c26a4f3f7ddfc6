import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The records that restated a return: an event about a day in the return's period, recorded after
 * the return was submitted. An approved return so restated needs approving again. Returns are the
 * service's own state: a rebuild keeps these (and finds the same causes again, adding nothing).
 */
export class KpiRestatementCauses1764900000002 implements MigrationInterface {
  name = 'KpiRestatementCauses1764900000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE kpi_return ADD COLUMN reapproval_required boolean NOT NULL DEFAULT false');
    await queryRunner.query(`
      CREATE TABLE kpi_return_restatement_cause (
        return_id uuid NOT NULL REFERENCES kpi_return (id),
        submission_number integer NOT NULL,
        event_source text NOT NULL,
        event_id text NOT NULL,
        event_type text NOT NULL,
        occurred_on date NOT NULL,
        recorded_at timestamptz NOT NULL,
        PRIMARY KEY (return_id, submission_number, event_source, event_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE kpi_return_restatement_cause');
    await queryRunner.query('ALTER TABLE kpi_return DROP COLUMN reapproval_required');
  }
}
