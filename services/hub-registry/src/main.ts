import { runService } from '@traininghubs/runtime';
import { HubRegistryEnvironment } from './hub-registry.environment';
import { HubRegistryModule } from './hub-registry.module';

void runService({
  serviceName: 'hub-registry',
  environment: HubRegistryEnvironment,
  module: (config) => HubRegistryModule.register(config),
  openApi: { title: 'Hub registry', description: 'Regions, ICBs, PCNs and practices by date; Training Hubs, their contacts, governance and funding; find your hub.' },
});
