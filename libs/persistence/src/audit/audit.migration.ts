import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The audit trail table, in the service's schema (the role's search_path). */
export class CreateAuditTrail1763683300000 implements MigrationInterface {
  name = 'CreateAuditTrail1763683300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE audit_event (
        id bigserial PRIMARY KEY,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        actor text NOT NULL,
        actor_role text,
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id text NOT NULL,
        correlation_id text,
        changes jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
    await queryRunner.query('CREATE INDEX audit_event_entity_idx ON audit_event (entity_type, entity_id, occurred_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE audit_event');
  }
}
