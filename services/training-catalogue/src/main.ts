import { runService } from '@traininghubs/runtime';
import { TrainingCatalogueEnvironment } from './training-catalogue.environment';
import { TrainingCatalogueModule } from './training-catalogue.module';

void runService({
  serviceName: 'training-catalogue',
  environment: TrainingCatalogueEnvironment,
  module: (config) => TrainingCatalogueModule.register(config),
  openApi: { title: 'Training catalogue', description: 'Courses, sessions, bookings and waiting lists, attendance and CPD records of the Training Hubs.' },
});
