import { runService } from '@traininghubs/runtime';
import { PlacementsEnvironment } from './placements.environment';
import { PlacementsModule } from './placements.module';

void runService({
  serviceName: 'placements',
  environment: PlacementsEnvironment,
  module: (config) => PlacementsModule.register(config),
  openApi: { title: 'Placements', description: 'Learning environments approved per learner type, supervisors, declared capacity and the placement lifecycle.' },
});
