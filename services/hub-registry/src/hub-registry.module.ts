import { Module, type DynamicModule } from '@nestjs/common';
import { ServiceRuntimeModule } from '@traininghubs/runtime';
import { FindHubController, HubFinder } from './find-hub/find-hub.controller';
import type { HubRegistryEnvironment } from './hub-registry.environment';
import { CreateHubFootprint1763700200000 } from './hubs/hub-footprint.migration';
import { CreateHubs1763700100000 } from './hubs/hubs.migration';
import { HubSuccessionService } from './hubs/succession/hub-succession.service';
import { HubsController } from './hubs/hubs.controller';
import { HubsRepository } from './hubs/hubs.repository';
import { HubsService } from './hubs/hubs.service';
import { OrganisationImportController } from './organisations/import/organisation-import.controller';
import { ResumableOrganisationImports1763700300000 } from './organisations/import/organisation-import.migration';
import { OrganisationImportRejections1764900000003 } from './organisations/import/organisation-import-rejections.migration';
import { OrganisationImportService } from './organisations/import/organisation-import.service';
import { OrganisationRecordPublisher } from './organisations/import/organisation-record.publisher';
import { OrganisationNames1763700400000 } from './organisations/organisation-names.migration';
import { CreateOrganisations1763700000000 } from './organisations/organisations.migration';
import { OrganisationsController } from './organisations/organisations.controller';
import { OrganisationsRepository } from './organisations/organisations.repository';
import { ReferenceDataLoader } from './organisations/reference-data/reference-data.loader';
import { OrganisationSuccessionPublisher } from './organisations/succession/organisation-succession.publisher';

/** The source of truth for who the Training Hubs are: regions, ICBs (with their 2026 successions), PCNs, practices, hubs and their contacts. */
@Module({})
export class HubRegistryModule {
  static register(config: HubRegistryEnvironment): DynamicModule {
    return {
      module: HubRegistryModule,
      imports: [
        ServiceRuntimeModule.forRoot({
          serviceName: 'hub-registry',
          config,
          migrations: [CreateOrganisations1763700000000, CreateHubs1763700100000, CreateHubFootprint1763700200000, ResumableOrganisationImports1763700300000, OrganisationNames1763700400000, OrganisationImportRejections1764900000003],
        }),
      ],
      // The import route is declared before the organisation route so `/organisations/import/…` is not read as an ODS code.
      controllers: [OrganisationImportController, OrganisationsController, HubsController, FindHubController],
      providers: [
        OrganisationsRepository,
        OrganisationSuccessionPublisher,
        ReferenceDataLoader,
        OrganisationImportService,
        OrganisationRecordPublisher,
        HubsRepository,
        HubsService,
        HubSuccessionService,
        HubFinder,
      ],
    };
  }
}
