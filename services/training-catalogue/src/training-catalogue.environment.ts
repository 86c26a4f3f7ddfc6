import { IsInt, Max, Min } from 'class-validator';
import { ServiceEnvironment } from '@traininghubs/config';

/** Environment of the training-catalogue service. */
export class TrainingCatalogueEnvironment extends ServiceEnvironment {
  override PORT = 3002;
  override DATABASE_SCHEMA = 'training_catalogue';

  /**
   * Largest import file (text/csv) the service reads, in bytes; a larger one is refused with 413
   * problem+json. The same as the gateway's IMPORT_BODY_LIMIT_BYTES (25 MiB) by default.
   */
  @IsInt()
  @Min(1_024)
  @Max(256 * 1_048_576)
  IMPORT_BODY_LIMIT_BYTES: number = 26_214_400;

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
