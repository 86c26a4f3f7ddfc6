import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Training Hubs, the organisations each covers over time, and their contacts with history. */
export class CreateHubs1763700100000 implements MigrationInterface {
  name = 'CreateHubs1763700100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE hub (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        level text NOT NULL CHECK (level IN ('ics', 'locality')),
        parent_hub_id uuid REFERENCES hub (id),
        icb_code text NOT NULL REFERENCES organisation (ods_code),
        region_code text NOT NULL REFERENCES organisation (ods_code),
        host_organisation_code text,
        host_organisation_name text,
        website_url text,
        governance jsonb,
        funding jsonb NOT NULL DEFAULT '[]',
        status text NOT NULL CHECK (status IN ('active', 'inactive')),
        active_from date NOT NULL,
        deactivated_on date,
        deactivation_reason text,
        successor_hub_ids uuid[] NOT NULL DEFAULT '{}',
        version integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((level = 'ics') = (parent_hub_id IS NULL)),
        CHECK (deactivated_on IS NULL OR deactivated_on > active_from)
      )`);
    // The rule "one active ICS-level hub per ICB", held by the database too.
    await queryRunner.query(`CREATE UNIQUE INDEX hub_one_active_ics_hub_per_icb ON hub (icb_code) WHERE level = 'ics' AND status = 'active'`);
    await queryRunner.query('CREATE INDEX hub_region_idx ON hub (region_code)');
    await queryRunner.query(`
      CREATE TABLE hub_coverage (
        hub_id uuid NOT NULL REFERENCES hub (id),
        ods_code text NOT NULL REFERENCES organisation (ods_code),
        valid_from date NOT NULL,
        valid_to date,
        PRIMARY KEY (hub_id, ods_code, valid_from),
        CHECK (valid_to IS NULL OR valid_to >= valid_from)
      )`);
    await queryRunner.query('CREATE INDEX hub_coverage_ods_idx ON hub_coverage (ods_code)');
    await queryRunner.query(`
      CREATE TABLE hub_contact (
        id bigserial PRIMARY KEY,
        hub_id uuid NOT NULL REFERENCES hub (id),
        role text NOT NULL,
        display_name text NOT NULL,
        email text NOT NULL,
        telephone text,
        valid_from timestamptz NOT NULL,
        valid_to timestamptz,
        changed_by text NOT NULL
      )`);
    await queryRunner.query('CREATE UNIQUE INDEX hub_contact_current_role ON hub_contact (hub_id, role) WHERE valid_to IS NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE hub_contact');
    await queryRunner.query('DROP TABLE hub_coverage');
    await queryRunner.query('DROP TABLE hub');
  }
}
