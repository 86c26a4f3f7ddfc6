import { runService } from '@traininghubs/runtime';
import { WorkforcePlanningEnvironment } from './workforce-planning.environment';
import { WorkforcePlanningModule } from './workforce-planning.module';

void runService({
  serviceName: 'workforce-planning',
  environment: WorkforcePlanningEnvironment,
  module: (config) => WorkforcePlanningModule.register(config),
  openApi: {
    title: 'Workforce planning',
    description:
      'Workforce snapshots (GPW practice-level imports), ARRS roles and plans, recruitment, leavers and retention. FTE: 37.5 hours a week = 1.0, carried in hundredths.',
  },
});
