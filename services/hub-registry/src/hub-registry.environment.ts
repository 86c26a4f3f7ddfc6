import { IsInt, IsOptional, IsString, Min } from 'class-validator';
import { ServiceEnvironment } from '@traininghubs/config';

/** Environment of the hub-registry service. */
export class HubRegistryEnvironment extends ServiceEnvironment {
  override PORT = 3001;
  override DATABASE_SCHEMA = 'hub_registry';

  /** Folder holding the reference data (icbs-2022-2026.csv); found beside the service when unset. */
  @IsOptional()
  @IsString()
  REFERENCE_DATA_DIR?: string;

  /** Organisation imports with more rows than this answer 202 Accepted at once and run in the background; smaller ones answer 200 with the report. */
  @IsInt()
  @Min(0)
  IMPORT_BACKGROUND_ROWS: number = 1000;
}
