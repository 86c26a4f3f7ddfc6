import { ArrsPlanRevisionEntity } from './arrs-plan-revision.entity';
import { HubPositionEntity } from './hub-position.entity';
import { IcbSuccessionEntity } from './icb-succession.entity';
import { KpiCountedItemEntity } from './kpi-counted-item.entity';
import { KpiCounterEntity } from './kpi-counter.entity';
import { CreateKpiReportingSchema1763710000000 } from './kpi-reporting-schema.migration';
import { CreateKpiRebuilds1763900000000 } from './kpi-rebuild.migration';
import { CreateKpiReturns1763800000000 } from './kpi-return.migration';
import { KpiRestatementCauses1764900000002 } from './kpi-restatement-causes.migration';

export const kpiReportingEntities = [KpiCounterEntity, KpiCountedItemEntity, ArrsPlanRevisionEntity, HubPositionEntity, IcbSuccessionEntity];
export const kpiReportingMigrations = [CreateKpiReportingSchema1763710000000, CreateKpiReturns1763800000000, CreateKpiRebuilds1763900000000, KpiRestatementCauses1764900000002];
/** The projection tables a rebuild clears (the hub directory is cleared with them). */
export const PROJECTION_TABLES = ['kpi_counter', 'kpi_counted_item', 'arrs_plan_revision', 'hub_position', 'icb_succession', 'hub_directory', 'hub_directory_footprint'];
