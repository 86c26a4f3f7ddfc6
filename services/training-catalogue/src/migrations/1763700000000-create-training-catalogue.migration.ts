import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Courses, their sessions, learners and bookings (with the waiting list), in the service's schema. */
export class CreateTrainingCatalogue1763700000000 implements MigrationInterface {
  name = 'CreateTrainingCatalogue1763700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE course (
        course_id uuid PRIMARY KEY,
        hub_id uuid NOT NULL,
        title text NOT NULL,
        description text NOT NULL,
        format text NOT NULL,
        kpi_area text NOT NULL,
        target_professions text[] NOT NULL DEFAULT '{}',
        target_staff_groups text[] NOT NULL DEFAULT '{}',
        target_arrs_roles text[] NOT NULL DEFAULT '{}',
        audience text,
        provider_name text NOT NULL,
        provider_type text NOT NULL,
        delivery_mode text NOT NULL,
        accreditation_body text,
        cpd_credits_per_hour numeric(5, 2),
        funding_source text NOT NULL,
        price_per_place_pence bigint NOT NULL DEFAULT 0 CHECK (price_per_place_pence >= 0),
        version integer NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query('CREATE INDEX course_hub_idx ON course (hub_id)');
    await queryRunner.query(`
      CREATE TABLE course_session (
        session_id uuid PRIMARY KEY,
        course_id uuid NOT NULL REFERENCES course (course_id),
        hub_id uuid NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        venue text,
        online_link text,
        capacity integer NOT NULL CHECK (capacity > 0),
        confirmed_places integer NOT NULL DEFAULT 0,
        status text NOT NULL CHECK (status IN ('scheduled', 'cancelled', 'delivered')),
        cancellation_reason text,
        replacement_session_id uuid,
        delivered_at timestamptz,
        version integer NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CHECK (ends_at > starts_at),
        CHECK (venue IS NOT NULL OR online_link IS NOT NULL),
        -- the last line of defence against overbooking
        CHECK (confirmed_places >= 0 AND confirmed_places <= capacity)
      )`);
    await queryRunner.query('CREATE INDEX course_session_course_idx ON course_session (course_id, starts_at)');
    await queryRunner.query('CREATE INDEX course_session_hub_idx ON course_session (hub_id, starts_at)');
    await queryRunner.query(`
      CREATE TABLE learner (
        learner_id uuid PRIMARY KEY,
        email text NOT NULL,
        display_name text NOT NULL,
        profession text NOT NULL,
        employer_ods_code text,
        created_at timestamptz NOT NULL
      )`);
    await queryRunner.query('CREATE UNIQUE INDEX learner_email_idx ON learner (lower(email))');
    await queryRunner.query(`
      CREATE TABLE booking (
        booking_id uuid PRIMARY KEY,
        booking_seq bigint GENERATED ALWAYS AS IDENTITY,
        session_id uuid NOT NULL REFERENCES course_session (session_id),
        learner_id uuid NOT NULL REFERENCES learner (learner_id),
        profession text NOT NULL,
        employer_ods_code text,
        status text NOT NULL CHECK (status IN ('confirmed', 'waitlisted', 'cancelled', 'attended', 'did_not_attend')),
        booked_at timestamptz NOT NULL,
        confirmed_at timestamptz,
        cancelled_at timestamptz,
        attendance_recorded_at timestamptz
      )`);
    // A learner holds at most one live booking per session.
    await queryRunner.query(`CREATE UNIQUE INDEX booking_one_per_learner_idx ON booking (session_id, learner_id) WHERE status <> 'cancelled'`);
    await queryRunner.query('CREATE INDEX booking_session_idx ON booking (session_id, status, booking_seq)');
    await queryRunner.query('CREATE INDEX booking_learner_idx ON booking (learner_id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE booking');
    await queryRunner.query('DROP TABLE learner');
    await queryRunner.query('DROP TABLE course_session');
    await queryRunner.query('DROP TABLE course');
  }
}
