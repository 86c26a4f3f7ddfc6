import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The PCNs and GP practices hub-registry has recorded (OrganisationRecorded), as this service
 * last heard: where a recruit's place of work is checked against the hub's area.
 */
export class CreatePracticeRegister1763950000000 implements MigrationInterface {
  name = 'CreatePracticeRegister1763950000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE registered_organisation (
        ods_code text PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('pcn', 'gp_practice', 'other')),
        name text NOT NULL,
        close_date date,
        memberships jsonb NOT NULL,
        recorded_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE registered_organisation');
  }
}
