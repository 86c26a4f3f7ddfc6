import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each placement keeps the London day it was offered and the day its learner was placed (when it
 * happened), beside `created_at` / `updated_at` (when it was recorded). Before these days could be
 * given, an offer was made the day it was recorded and a placement still `filled` was last changed
 * by its fill, so those days are filled in; the fill day of a placement that moved on is unknown.
 */
export class PlacementOccurrenceDays1764910000000 implements MigrationInterface {
  name = 'PlacementOccurrenceDays1764910000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE placement ADD COLUMN offered_on date, ADD COLUMN filled_on date');
    await queryRunner.query(`UPDATE placement SET offered_on = (created_at AT TIME ZONE 'Europe/London')::date`);
    await queryRunner.query(`UPDATE placement SET filled_on = (updated_at AT TIME ZONE 'Europe/London')::date WHERE state = 'filled'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE placement DROP COLUMN offered_on, DROP COLUMN filled_on');
  }
}
