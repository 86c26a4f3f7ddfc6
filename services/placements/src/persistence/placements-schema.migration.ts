import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Learning environments, supervisors, declared capacity and placements, in the service's schema. */
export class CreatePlacementsSchema1763700000000 implements MigrationInterface {
  name = 'CreatePlacementsSchema1763700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE learning_environment (
        id uuid PRIMARY KEY,
        hub_id uuid NOT NULL,
        ods_code text NOT NULL,
        name text NOT NULL,
        organisation_type text NOT NULL CHECK (organisation_type IN ('GP_PRACTICE', 'BRANCH_SURGERY', 'PCN')),
        pcn_ods_code text,
        lead_learning_environment_id uuid REFERENCES learning_environment (id),
        learner_types text[] NOT NULL CHECK (cardinality(learner_types) > 0),
        approved_from date NOT NULL,
        review_due_by date NOT NULL CHECK (review_due_by > approved_from),
        status text NOT NULL CHECK (status IN ('approved', 'suspended', 'expired')),
        placement_administrator text NOT NULL,
        educational_lead text NOT NULL,
        version integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (hub_id, ods_code)
      )`);
    await queryRunner.query('CREATE INDEX learning_environment_hub_idx ON learning_environment (hub_id)');
    await queryRunner.query(`
      CREATE TABLE supervisor (
        id uuid PRIMARY KEY,
        hub_id uuid NOT NULL,
        learning_environment_id uuid REFERENCES learning_environment (id),
        name text NOT NULL,
        professional_registration text,
        approvals jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE INDEX supervisor_hub_idx ON supervisor (hub_id)');
    await queryRunner.query(`
      CREATE TABLE placement_capacity (
        id uuid PRIMARY KEY,
        hub_id uuid NOT NULL,
        learning_environment_id uuid NOT NULL REFERENCES learning_environment (id),
        learner_type text NOT NULL,
        period text NOT NULL,
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        places integer NOT NULL CHECK (places > 0),
        places_filled integer NOT NULL DEFAULT 0 CHECK (places_filled >= 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        -- the last line of defence: never more learners than declared
        CONSTRAINT placement_capacity_not_exceeded CHECK (places_filled <= places),
        UNIQUE (learning_environment_id, learner_type, period)
      )`);
    await queryRunner.query('CREATE INDEX placement_capacity_hub_idx ON placement_capacity (hub_id)');
    await queryRunner.query(`
      CREATE TABLE placement (
        id uuid PRIMARY KEY,
        hub_id uuid NOT NULL,
        learning_environment_id uuid NOT NULL REFERENCES learning_environment (id),
        placement_capacity_id uuid NOT NULL REFERENCES placement_capacity (id),
        learner_type text NOT NULL,
        state text NOT NULL CHECK (state IN ('offered', 'filled', 'completed', 'cancelled', 'withdrawn')),
        start_date date NOT NULL,
        end_date date NOT NULL CHECK (end_date >= start_date),
        wte_hundredths integer NOT NULL CHECK (wte_hundredths BETWEEN 1 AND 100),
        sessions_per_week integer NOT NULL CHECK (sessions_per_week BETWEEN 1 AND 10),
        education_provider_code text NOT NULL,
        learner_id text,
        supervisor_ids uuid[] NOT NULL DEFAULT '{}',
        cancellation_reason text,
        cancellation_note text,
        last_day_on_placement date,
        version integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE INDEX placement_hub_idx ON placement (hub_id)');
    await queryRunner.query('CREATE INDEX placement_capacity_idx ON placement (placement_capacity_id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE placement');
    await queryRunner.query('DROP TABLE placement_capacity');
    await queryRunner.query('DROP TABLE supervisor');
    await queryRunner.query('DROP TABLE learning_environment');
  }
}
