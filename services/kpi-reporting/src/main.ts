import { runService } from '@traininghubs/runtime';
import { KpiReportingEnvironment } from './kpi-reporting.environment';
import { KpiReportingModule } from './kpi-reporting.module';

void runService({
  serviceName: 'kpi-reporting',
  environment: KpiReportingEnvironment,
  module: (config) => KpiReportingModule.register(config),
});
