import { Controller, Get, Headers, Param, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, type Caller } from '@traininghubs/auth';
import { CallerThrottlerGuard } from '../limits/caller-throttler.guard';
import { AggregatedReadQuery, HubOverviewView, IcbCodeParam, IcbDashboardView } from './aggregated-reads.dto';
import { HubOverviewReader, type HubOverview } from './hub-overview.service';
import { IcbDashboardReader, type IcbDashboard } from './icb-dashboard.service';
import { IdParam } from '@traininghubs/runtime';

/**
 * The gateway's own reads, built from several services. Declared before the forwarding
 * controller so these paths are not forwarded to hub-registry, which owns /hubs and /icbs.
 */
@ApiTags('aggregated reads')
@ApiBearerAuth()
@UseGuards(CallerThrottlerGuard)
@Controller('api/v1')
export class AggregatedReadsController {
  constructor(
    private readonly overview: HubOverviewReader,
    private readonly dashboard: IcbDashboardReader,
  ) {}

  @Get('hubs/:hubId/overview')
  @ApiOperation({
    summary: 'A hub at a glance: contacts, upcoming sessions, placement capacity and fill, ARRS plan against actual, KPIs',
    description:
      'Built from five services in parallel, each with a per-call timeout. 200 whenever the hub record is available, with any part that could not be had marked (unavailable, timeout, forbidden); 404 when the hub does not exist or is outside your scope; 502/503/504 only when the hub record itself cannot be fetched.',
  })
  @ApiOkResponse({ type: HubOverviewView })
  hubOverview(@IdParam('hubId') hubId: string, @Query() query: AggregatedReadQuery, @Headers('authorization') authorization: string): Promise<HubOverview> {
    return this.overview.read(hubId, { authorization }, { period: query.period, sessions: query.sessions });
  }

  @Get('icbs/:code/dashboard')
  @ApiOperation({
    summary: "An ICB at a glance: its hubs, upcoming sessions, placement capacity, ARRS plan against actual by PCN, the ICB's KPIs",
    description: '200 whenever the ICB record is available, with missing parts marked; 404 for an unknown ICB; 403 outside your scope; 502/503/504 only when the ICB record cannot be fetched.',
  })
  @ApiOkResponse({ type: IcbDashboardView })
  icbDashboard(@Param() params: IcbCodeParam, @Query() query: AggregatedReadQuery, @CurrentCaller() caller: Caller, @Headers('authorization') authorization: string): Promise<IcbDashboard> {
    return this.dashboard.read(params.code, caller, { authorization }, { period: query.period, sessions: query.sessions });
  }
}
