import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where each hub worked over time: its ICB, region and (locality hub) parent hub, effective-dated,
 * so a hub read "as of" a day before an ICB succession still shows the predecessor ICB.
 */
export class CreateHubFootprint1763700200000 implements MigrationInterface {
  name = 'CreateHubFootprint1763700200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE hub_footprint (
        hub_id uuid NOT NULL REFERENCES hub (id),
        icb_code text NOT NULL REFERENCES organisation (ods_code),
        region_code text NOT NULL REFERENCES organisation (ods_code),
        parent_hub_id uuid REFERENCES hub (id),
        valid_from date NOT NULL,
        valid_to date,
        PRIMARY KEY (hub_id, valid_from),
        CHECK (valid_to IS NULL OR valid_to >= valid_from)
      )`);
    await queryRunner.query('CREATE INDEX hub_footprint_icb_idx ON hub_footprint (icb_code)');
    await queryRunner.query(`
      INSERT INTO hub_footprint (hub_id, icb_code, region_code, parent_hub_id, valid_from, valid_to)
      SELECT id, icb_code, region_code, parent_hub_id, active_from, deactivated_on - 1 FROM hub`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE hub_footprint');
  }
}
