import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What organisations were called over time: an ICB's code first named its STP/ICS partnership
 * (docs/pre-icb-footprints.md). The rows are the reference data's, written by the loader at each
 * start, which also carries an existing database's ICBs and region memberships back to 2019.
 * Idempotent, so a database that already has the table is left as it is.
 */
export class OrganisationNames1763700400000 implements MigrationInterface {
  name = 'OrganisationNames1763700400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS organisation_name (
        ods_code text NOT NULL REFERENCES organisation (ods_code),
        valid_from date NOT NULL,
        valid_to date,
        name text NOT NULL,
        PRIMARY KEY (ods_code, valid_from),
        CHECK (valid_to IS NULL OR valid_to >= valid_from)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE IF EXISTS organisation_name');
  }
}
