import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * ARRS roles as dated reference data (DOMAIN.md §3.2). Start dates the research notes give are
 * used as is; where they only say "listed", the start of the year the role joined the scheme is
 * an approximation to be confirmed against the Network Contract DES. Maximum reimbursements are
 * recorded only where a source gives them (per whole-time equivalent, pence, incl. on-costs).
 */
const ARRS_ROLES: { code: string; name: string; validFrom: string; band: string | null; max: Record<string, number> }[] = [
  { code: 'CLINICAL_PHARMACIST', name: 'Clinical pharmacist', validFrom: '2019-07-01', band: null, max: {} },
  { code: 'SOCIAL_PRESCRIBING_LINK_WORKER', name: 'Social prescribing link worker', validFrom: '2019-07-01', band: null, max: {} },
  { code: 'PHARMACY_TECHNICIAN', name: 'Pharmacy technician', validFrom: '2020-04-01', band: null, max: {} },
  { code: 'FIRST_CONTACT_PHYSIOTHERAPIST', name: 'First contact physiotherapist', validFrom: '2020-04-01', band: null, max: {} },
  { code: 'HEALTH_AND_WELLBEING_COACH', name: 'Health and wellbeing coach', validFrom: '2020-04-01', band: null, max: {} },
  { code: 'CARE_COORDINATOR', name: 'Care coordinator', validFrom: '2020-04-01', band: null, max: {} },
  { code: 'PHYSICIAN_ASSOCIATE', name: 'Physician associate (incl. apprentice from 2023/24)', validFrom: '2020-04-01', band: null, max: {} },
  { code: 'DIETITIAN', name: 'Dietitian', validFrom: '2020-04-01', band: null, max: {} },
  { code: 'PODIATRIST', name: 'Podiatrist', validFrom: '2020-04-01', band: null, max: {} },
  { code: 'OCCUPATIONAL_THERAPIST', name: 'Occupational therapist', validFrom: '2020-04-01', band: null, max: {} },
  { code: 'PARAMEDIC', name: 'Paramedic', validFrom: '2020-04-01', band: null, max: {} },
  { code: 'MENTAL_HEALTH_PRACTITIONER', name: 'Mental health practitioner', validFrom: '2021-04-01', band: null, max: {} },
  { code: 'NURSING_ASSOCIATE', name: 'Nursing associate', validFrom: '2020-04-01', band: null, max: {} },
  { code: 'TRAINEE_NURSING_ASSOCIATE', name: 'Trainee nursing associate', validFrom: '2020-04-01', band: null, max: {} },
  { code: 'ADVANCED_PRACTITIONER', name: 'Advanced practitioner (any base profession)', validFrom: '2021-04-01', band: null, max: {} },
  { code: 'GP_ASSISTANT', name: 'GP assistant', validFrom: '2022-10-01', band: '4', max: {} },
  { code: 'DIGITAL_AND_TRANSFORMATION_LEAD', name: 'Digital and transformation lead', validFrom: '2022-10-01', band: null, max: {} },
  { code: 'ENHANCED_PRACTICE_NURSE', name: 'Enhanced practice nurse', validFrom: '2024-04-01', band: null, max: {} },
  { code: 'GP', name: 'Recently qualified GP', validFrom: '2024-10-01', band: null, max: { '2024-25': 9_246_200, '2025-26': 10_588_200 } },
  { code: 'NEW_TO_GENERAL_PRACTICE_NURSE', name: 'General practice nurse new to general practice', validFrom: '2025-04-01', band: '5', max: { '2025-26': 4_335_200 } },
  { code: 'EXPERIENCED_GENERAL_PRACTICE_NURSE', name: 'Experienced general practice nurse', validFrom: '2025-04-01', band: '6', max: { '2025-26': 5_331_900 } },
  { code: 'HEALTHCARE_SUPPORT_WORKER', name: 'Healthcare support worker', validFrom: '2025-04-01', band: '3', max: { '2025-26': 3_215_900 } },
  { code: 'CONSULTANT_NURSE', name: 'Consultant nurse in primary care', validFrom: '2025-04-01', band: '8c', max: { '2025-26': 10_268_300 } },
];

/** ARRS roles, PCN plans, staff posts and retention interventions, in the service's schema. */
export class CreateWorkforcePlanningSchema1763710000000 implements MigrationInterface {
  name = 'CreateWorkforcePlanningSchema1763710000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE arrs_role (
        code text NOT NULL,
        name text NOT NULL,
        valid_from date NOT NULL,
        valid_to date CHECK (valid_to IS NULL OR valid_to >= valid_from),
        afc_band_cap text,
        max_reimbursement_pence_by_year jsonb NOT NULL DEFAULT '{}',
        PRIMARY KEY (code, valid_from)
      )`);
    for (const role of ARRS_ROLES) {
      await queryRunner.query('INSERT INTO arrs_role (code, name, valid_from, afc_band_cap, max_reimbursement_pence_by_year) VALUES ($1, $2, $3, $4, $5)', [
        role.code,
        role.name,
        role.validFrom,
        role.band,
        JSON.stringify(role.max),
      ]);
    }
    await queryRunner.query(`
      CREATE TABLE arrs_plan (
        id uuid PRIMARY KEY,
        hub_id uuid NOT NULL,
        pcn_ods_code text NOT NULL,
        icb_code text NOT NULL,
        financial_year text NOT NULL,
        revision integer NOT NULL CHECK (revision > 0),
        lines jsonb NOT NULL,
        entitlement_pence bigint NOT NULL CHECK (entitlement_pence >= 0),
        submitted_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (pcn_ods_code, financial_year, revision)
      )`);
    await queryRunner.query('CREATE INDEX arrs_plan_hub_idx ON arrs_plan (hub_id)');
    await queryRunner.query(`
      CREATE TABLE staff_post (
        staff_id uuid PRIMARY KEY,
        hub_id uuid NOT NULL,
        icb_code text NOT NULL,
        staff_group text NOT NULL CHECK (staff_group IN ('GP', 'NURSE', 'DIRECT_PATIENT_CARE', 'ADMIN_NON_CLINICAL')),
        profession text NOT NULL,
        gp_role text,
        arrs_role text,
        route text NOT NULL,
        practice_ods_code text,
        pcn_ods_code text NOT NULL,
        started_on date NOT NULL,
        fte_hundredths integer NOT NULL CHECK (fte_hundredths BETWEEN 1 AND 200),
        sessions_per_week integer,
        left_on date CHECK (left_on IS NULL OR left_on >= started_on),
        leaving_reason text,
        leaving_destination text,
        version integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE INDEX staff_post_hub_idx ON staff_post (hub_id)');
    await queryRunner.query('CREATE INDEX staff_post_arrs_idx ON staff_post (pcn_ods_code, arrs_role) WHERE arrs_role IS NOT NULL');
    await queryRunner.query(`
      CREATE TABLE retention_intervention (
        id uuid PRIMARY KEY,
        hub_id uuid NOT NULL,
        staff_id uuid NOT NULL REFERENCES staff_post (staff_id),
        intervention text NOT NULL,
        fellowship_programme text,
        started_on date NOT NULL,
        review_due_on date NOT NULL CHECK (review_due_on > started_on),
        sessions_per_week_before integer NOT NULL,
        status text NOT NULL CHECK (status IN ('enrolled', 'retained', 'not-retained')),
        outcome text,
        outcome_recorded_on date,
        sessions_per_week_after integer,
        practice_ods_code_after text,
        version integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE INDEX retention_intervention_hub_idx ON retention_intervention (hub_id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE retention_intervention');
    await queryRunner.query('DROP TABLE staff_post');
    await queryRunner.query('DROP TABLE arrs_plan');
    await queryRunner.query('DROP TABLE arrs_role');
  }
}
