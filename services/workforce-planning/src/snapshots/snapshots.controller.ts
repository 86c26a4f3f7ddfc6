import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, type Caller } from '@traininghubs/auth';
import type { Page } from '@traininghubs/runtime';
import { SnapshotFilter, SnapshotQuery, SnapshotTotalsView, type SnapshotView, SummaryQuery, WorkforceSummaryView } from './snapshot.dto';
import { SnapshotsService } from './snapshots.service';
import { WorkforceSummaryService } from './workforce-summary.service';

@ApiTags('workforce: snapshots')
@ApiBearerAuth()
@Controller('api/v1/workforce')
export class SnapshotsController {
  constructor(
    private readonly snapshots: SnapshotsService,
    private readonly summaries: WorkforceSummaryService,
  ) {}

  @Get('snapshots')
  @ApiOkResponse({ description: 'A page of workforce snapshots for a month (the latest in your scope by default): per practice, or per PCN or ICB with their practices summed; headcount and FTE by staff group and role.' })
  list(@CurrentCaller() caller: Caller, @Query() query: SnapshotQuery): Promise<Page<SnapshotView>> {
    return this.snapshots.list(caller, query);
  }

  @Get('snapshots/totals')
  @ApiOkResponse({ type: SnapshotTotalsView, description: 'Headcount and FTE by staff group over the practices in your scope and the filters, for a month.' })
  totals(@CurrentCaller() caller: Caller, @Query() query: SnapshotFilter): Promise<SnapshotTotalsView> {
    return this.snapshots.totals(caller, query);
  }

  @Get('summary')
  @ApiOkResponse({ type: WorkforceSummaryView, description: "A hub's workforce at a glance (for the gateway's hub overview)." })
  summary(@CurrentCaller() caller: Caller, @Query() query: SummaryQuery): Promise<WorkforceSummaryView> {
    return this.summaries.summary(caller, query.hubId);
  }
}
