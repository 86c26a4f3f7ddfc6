import { HubDirectoryEntryEntity } from './hub-directory-entry.entity';
import { CreateHubDirectory1763683400000 } from './hub-directory.migration';

export * from './hub-directory';
export * from './hub-directory-entry.entity';
export * from './hub-directory.module';
export * from './hub-events';
export * from './hub-scope';

export const hubDirectoryEntities = [HubDirectoryEntryEntity];
export const hubDirectoryMigrations = [CreateHubDirectory1763683400000];
