import { ServiceEnvironment } from '@traininghubs/config';

/** Environment of the kpi-reporting service. */
export class KpiReportingEnvironment extends ServiceEnvironment {
  override PORT = 3005;
  override DATABASE_SCHEMA = 'kpi_reporting';
}
