import { HubDirectoryEntryEntity, HubDirectoryFootprintEntity } from './hub-directory-entry.entity';
import { HubDirectoryFootprints1764900000001 } from './hub-directory-footprint.migration';
import { CreateHubDirectory1763683400000 } from './hub-directory.migration';

export * from './hub-directory';
export * from './hub-directory-entry.entity';
export * from './hub-directory.module';
export * from './hub-events';
export * from './hub-footprint';
export * from './hub-scope';

export const hubDirectoryEntities = [HubDirectoryEntryEntity, HubDirectoryFootprintEntity];
export const hubDirectoryMigrations = [CreateHubDirectory1763683400000, HubDirectoryFootprints1764900000001];
