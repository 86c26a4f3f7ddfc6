import { Module, type DynamicModule } from '@nestjs/common';
import { HubDirectory, hubDirectoryEntities, hubDirectoryMigrations, HubScope } from '@traininghubs/hub-directory';
import { ServiceRuntimeModule } from '@traininghubs/runtime';
import type { KpiReportingEnvironment } from './kpi-reporting.environment';
import { KpiQueries } from './kpis/kpi-queries.service';
import { KpisController } from './kpis/kpis.controller';
import { kpiReportingEntities, kpiReportingMigrations } from './persistence';
import { KpiProjections } from './projections/kpi-projections.service';
import { KpiReturnsController } from './returns/kpi-returns.controller';
import { KpiReturns } from './returns/kpi-returns.service';

/**
 * Six-monthly KPIs computed from every event stream and rolled up to ICB, region and nation; owns
 * no source data. The hub directory is kept by the projections group itself (it reads the hub
 * stream anyway), so a rebuild replays it with the counters.
 */
@Module({})
export class KpiReportingModule {
  static register(config: KpiReportingEnvironment): DynamicModule {
    return {
      module: KpiReportingModule,
      imports: [
        ServiceRuntimeModule.forRoot({
          serviceName: 'kpi-reporting',
          config,
          entities: [...hubDirectoryEntities, ...kpiReportingEntities],
          migrations: [...hubDirectoryMigrations, ...kpiReportingMigrations],
        }),
      ],
      controllers: [KpisController, KpiReturnsController],
      providers: [HubDirectory, { provide: HubScope, useFactory: (hubs: HubDirectory) => new HubScope(hubs), inject: [HubDirectory] }, KpiQueries, KpiProjections, KpiReturns],
    };
  }
}
