import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The KPI projections: per-hub per-period counters, the hierarchy's history and ARRS plan revisions. */
export class CreateKpiReportingSchema1763710000000 implements MigrationInterface {
  name = 'CreateKpiReportingSchema1763710000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE kpi_counter (
        hub_id uuid NOT NULL,
        period_key text NOT NULL,
        counter text NOT NULL,
        value bigint NOT NULL,
        PRIMARY KEY (hub_id, period_key, counter)
      )`);
    await queryRunner.query('CREATE INDEX kpi_counter_period_idx ON kpi_counter (period_key)');
    await queryRunner.query(`
      CREATE TABLE kpi_counted_item (
        hub_id uuid NOT NULL,
        period_key text NOT NULL,
        counter text NOT NULL,
        item_key text NOT NULL,
        PRIMARY KEY (hub_id, period_key, counter, item_key)
      )`);
    await queryRunner.query(`
      CREATE TABLE arrs_plan_revision (
        plan_id text NOT NULL,
        revision integer NOT NULL,
        hub_id uuid NOT NULL,
        pcn_ods_code text NOT NULL,
        financial_year text NOT NULL,
        submitted_on date NOT NULL,
        in_post_fte_hundredths bigint NOT NULL,
        planned_fte_hundredths bigint NOT NULL,
        PRIMARY KEY (plan_id, revision)
      )`);
    await queryRunner.query('CREATE INDEX arrs_plan_revision_year_idx ON arrs_plan_revision (financial_year)');
    await queryRunner.query(`
      CREATE TABLE hub_position (
        sequence bigserial PRIMARY KEY,
        hub_id uuid NOT NULL,
        effective_from date NOT NULL,
        icb_code text NOT NULL,
        region_code text NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE icb_succession (
        predecessor_code text NOT NULL,
        successor_code text NOT NULL,
        effective_date date NOT NULL,
        PRIMARY KEY (predecessor_code, successor_code)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['icb_succession', 'hub_position', 'arrs_plan_revision', 'kpi_counted_item', 'kpi_counter']) await queryRunner.query(`DROP TABLE ${table}`);
  }
}
