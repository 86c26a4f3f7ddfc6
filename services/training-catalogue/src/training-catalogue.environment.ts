import { IsInt, Max, Min } from 'class-validator';
import { ServiceEnvironment } from '@traininghubs/config';

/** Environment of the training-catalogue service. */
export class TrainingCatalogueEnvironment extends ServiceEnvironment {
  override PORT = 3002;
  override DATABASE_SCHEMA = 'training_catalogue';

  /** Imports of past sessions with more rows than this answer 202 Accepted and run in the background; smaller ones answer 200 with the report. */
  @IsInt()
  @Min(0)
  IMPORT_BACKGROUND_ROWS: number = 1000;

  /** About how many attendance rows an import applies per transaction (whole sessions only). */
  @IsInt()
  @Min(1)
  @Max(20_000)
  IMPORT_CHUNK_ROWS: number = 2000;
}
