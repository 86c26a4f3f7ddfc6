import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A learner record belongs to the hub that registered it (ADR 0020): its e-mail is unique within
 * that hub only, so a caller of another hub or ICB registering the same address gets a record of
 * its own and never finds, reads or overwrites this one.
 *
 * Records registered before learners had a hub take the hub of their first booking. A record with
 * no booking cannot be placed: it keeps a null hub and is seen by national callers only.
 */
export class LearnersBelongToAHub1764900000000 implements MigrationInterface {
  name = 'LearnersBelongToAHub1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE learner ADD COLUMN hub_id uuid');
    await queryRunner.query(`
      UPDATE learner l SET hub_id = first.hub_id
        FROM (SELECT DISTINCT ON (b.learner_id) b.learner_id, s.hub_id
                FROM booking b JOIN course_session s ON s.session_id = b.session_id
               ORDER BY b.learner_id, b.booking_seq) first
       WHERE first.learner_id = l.learner_id`);
    await queryRunner.query('DROP INDEX learner_email_idx');
    await queryRunner.query('CREATE UNIQUE INDEX learner_hub_email_idx ON learner (hub_id, lower(email))');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX learner_hub_email_idx');
    await queryRunner.query('CREATE UNIQUE INDEX learner_email_idx ON learner (lower(email))');
    await queryRunner.query('ALTER TABLE learner DROP COLUMN hub_id');
  }
}
