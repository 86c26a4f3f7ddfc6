import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, RequireRoles, type Caller } from '@traininghubs/auth';
import { KpiProjections } from '../projections/kpi-projections.service';
import { KPI_DEFINITIONS } from '../domain/kpi/kpi-definitions';
import { KpiComparisonQuery, KpiComparisonView, KpiDefinitionsView, KpiQuery, KpiReportView, RebuildStatusView, RebuildView } from './kpi.dto';
import { KpiQueries } from './kpi-queries.service';
import { IdParam } from '@traininghubs/runtime';

@ApiTags('kpis')
@ApiBearerAuth()
@Controller('api/v1/kpis')
export class KpisController {
  constructor(
    private readonly queries: KpiQueries,
    private readonly projections: KpiProjections,
  ) {}

  @Get()
  @ApiOperation({ summary: "KPIs of a hub, an ICB, a region or the nation for a reporting period, within the caller's scope" })
  @ApiOkResponse({ type: KpiReportView })
  report(@CurrentCaller() caller: Caller, @Query() query: KpiQuery): Promise<KpiReportView> {
    return this.queries.report(caller, query.scope, query.period);
  }

  @Get('definitions')
  @ApiOperation({ summary: 'What each KPI is: its formula, the events it is computed from, and the date each event counts by' })
  @ApiOkResponse({ type: KpiDefinitionsView })
  definitions(): KpiDefinitionsView {
    return {
      items: KPI_DEFINITIONS.map(({ id, name, area, unit, formula, sourceEvents, countsBy }) => ({ id, name, area, unit, formula, sourceEvents: [...sourceEvents], countsBy })),
    };
  }

  @Get('comparison')
  @ApiOperation({ summary: "A hub's KPIs for a period beside the medians of its region's hubs and of every hub" })
  @ApiOkResponse({ type: KpiComparisonView })
  comparison(@CurrentCaller() caller: Caller, @Query() query: KpiComparisonQuery): Promise<KpiComparisonView> {
    return this.queries.comparison(caller, query.hubId, query.period);
  }

  @Post('projections/rebuild')
  @HttpCode(202)
  @RequireRoles('national')
  @ApiOperation({
    summary: 'Rebuild the KPI projections by replaying every source topic from offset zero',
    description: 'One rebuild at a time, and only while this is the one instance of kpi-reporting consuming the projections (409 otherwise).',
  })
  @ApiOkResponse({ type: RebuildView })
  rebuild(@CurrentCaller() caller: Caller): Promise<RebuildView> {
    return this.projections.rebuild(caller);
  }

  @Get('projections/rebuilds/:id')
  @RequireRoles('national')
  @ApiOperation({ summary: 'Progress of a rebuild: events replayed of the total, by topic partition' })
  @ApiOkResponse({ type: RebuildStatusView })
  rebuildProgress(@IdParam('id') id: string): Promise<RebuildStatusView> {
    return this.projections.progress(id);
  }
}
