import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The hub directory keeps each hub's active days and its footprint by date (ICB and region from a
 * day on), so a record about the past is judged by where the hub was then. Hubs already in the
 * directory get their present ICB as their footprint from the beginning of records: their earlier
 * moves are not known until the hub stream is replayed.
 */
export class HubDirectoryFootprints1764900000001 implements MigrationInterface {
  name = 'HubDirectoryFootprints1764900000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE hub_directory ADD COLUMN IF NOT EXISTS active_from date, ADD COLUMN IF NOT EXISTS active_until date');
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS hub_directory_footprint (
        hub_id uuid NOT NULL,
        effective_from date NOT NULL,
        icb_code text NOT NULL,
        region_code text NOT NULL,
        PRIMARY KEY (hub_id, effective_from)
      )`);
    await queryRunner.query(`
      INSERT INTO hub_directory_footprint (hub_id, effective_from, icb_code, region_code)
      SELECT hub_id, '0001-01-01', icb_code, region_code FROM hub_directory
      ON CONFLICT DO NOTHING`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE hub_directory_footprint');
    await queryRunner.query('ALTER TABLE hub_directory DROP COLUMN active_from, DROP COLUMN active_until');
  }
}
