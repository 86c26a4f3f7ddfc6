import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Organisations (regions, ICBs, PCNs, practices), their effective-dated parent links, successions and imports. */
export class CreateOrganisations1763700000000 implements MigrationInterface {
  name = 'CreateOrganisations1763700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE organisation (
        ods_code text PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('nhse_region', 'icb', 'pcn', 'gp_practice')),
        name text NOT NULL,
        gss_code text,
        postcode text,
        postcode_district text,
        open_date date,
        close_date date,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (close_date IS NULL OR open_date IS NULL OR close_date >= open_date)
      )`);
    await queryRunner.query('CREATE INDEX organisation_kind_idx ON organisation (kind)');
    await queryRunner.query('CREATE INDEX organisation_postcode_district_idx ON organisation (postcode_district)');
    await queryRunner.query(`
      CREATE TABLE organisation_link (
        child_code text NOT NULL REFERENCES organisation (ods_code),
        parent_code text NOT NULL REFERENCES organisation (ods_code),
        valid_from date NOT NULL DEFAULT '0001-01-01',
        valid_to date,
        PRIMARY KEY (child_code, valid_from),
        CHECK (valid_to IS NULL OR valid_to >= valid_from)
      )`);
    await queryRunner.query('CREATE INDEX organisation_link_parent_idx ON organisation_link (parent_code)');
    await queryRunner.query(`
      CREATE TABLE organisation_succession (
        predecessor_code text NOT NULL REFERENCES organisation (ods_code),
        successor_code text NOT NULL REFERENCES organisation (ods_code),
        effective_date date NOT NULL,
        kind text NOT NULL CHECK (kind IN ('merger', 'split', 'territory_transfer')),
        predecessor_closes boolean NOT NULL,
        successor_is_new boolean NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (predecessor_code, successor_code, effective_date)
      )`);
    await queryRunner.query(`
      CREATE TABLE organisation_import (
        id uuid PRIMARY KEY,
        kind text NOT NULL,
        status text NOT NULL CHECK (status IN ('running', 'completed')),
        total_rows integer NOT NULL,
        processed_rows integer NOT NULL DEFAULT 0,
        created integer NOT NULL DEFAULT 0,
        updated integer NOT NULL DEFAULT 0,
        unchanged integer NOT NULL DEFAULT 0,
        rejected jsonb NOT NULL DEFAULT '[]',
        requested_by text NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE organisation_import');
    await queryRunner.query('DROP TABLE organisation_succession');
    await queryRunner.query('DROP TABLE organisation_link');
    await queryRunner.query('DROP TABLE organisation');
  }
}
