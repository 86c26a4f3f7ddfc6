import { IsInt, Min } from 'class-validator';
import { ServiceEnvironment } from '@traininghubs/config';

/** Environment of the workforce-planning service. */
export class WorkforcePlanningEnvironment extends ServiceEnvironment {
  override PORT = 3004;
  override DATABASE_SCHEMA = 'workforce_planning';

  /**
   * Past-activity imports (recruits, retention outcomes) with more rows than this answer 202
   * Accepted at once and run in the background; smaller ones answer 200 with the whole report.
   */
  @IsInt()
  @Min(0)
  PAST_ACTIVITY_BACKGROUND_ROWS: number = 250;

  /** Rows of a past-activity import per transaction: each chunk commits whole, with its events and the import's progress. */
  @IsInt()
  @Min(1)
  PAST_ACTIVITY_CHUNK_ROWS: number = 100;
}
