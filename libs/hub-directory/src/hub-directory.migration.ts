import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The local hub directory table, in the service's schema (the role's search_path). */
export class CreateHubDirectory1763683400000 implements MigrationInterface {
  name = 'CreateHubDirectory1763683400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE hub_directory (
        hub_id uuid PRIMARY KEY,
        name text NOT NULL,
        level text NOT NULL CHECK (level IN ('ics', 'locality')),
        parent_hub_id uuid,
        icb_code text NOT NULL,
        region_code text NOT NULL,
        active boolean NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query('CREATE INDEX hub_directory_icb_idx ON hub_directory (icb_code)');
    await queryRunner.query('CREATE INDEX hub_directory_region_idx ON hub_directory (region_code)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE hub_directory');
  }
}
