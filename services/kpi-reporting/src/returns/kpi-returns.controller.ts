import { Body, Controller, Get, Header, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, RequireRoles, type Caller } from '@traininghubs/auth';
import type { Page } from '@traininghubs/runtime';
import { kpiReturnCsv } from '../domain/kpi-return/kpi-return-csv';
import { DraftKpiReturn, KpiReturnQuery, KpiReturnView, ReturnKpiReturn } from './kpi-return.dto';
import { KpiReturns } from './kpi-returns.service';
import { IdParam } from '@traininghubs/runtime';

@ApiTags('kpi-returns')
@ApiBearerAuth()
@Controller('api/v1/kpi-returns')
export class KpiReturnsController {
  constructor(private readonly returns: KpiReturns) {}

  @Post()
  @RequireRoles('hub_admin')
  @ApiOperation({ summary: "Drafts the hub's return for a reporting period (its figures stay live until it is submitted)" })
  @ApiCreatedResponse({ type: KpiReturnView })
  draft(@CurrentCaller() caller: Caller, @Body() command: DraftKpiReturn): Promise<KpiReturnView> {
    return this.returns.draft(caller, command);
  }

  @Get()
  @ApiOperation({ summary: "A page of the returns of the caller's hubs" })
  @ApiOkResponse({ description: 'items and page' })
  list(@CurrentCaller() caller: Caller, @Query() query: KpiReturnQuery): Promise<Page<KpiReturnView>> {
    return this.returns.list(caller, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: KpiReturnView })
  find(@CurrentCaller() caller: Caller, @IdParam('id') id: string): Promise<KpiReturnView> {
    return this.returns.find(caller, id);
  }

  @Get(':id/export.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'The return as CSV: one row per KPI with its current, frozen and restated value' })
  async exportCsv(@CurrentCaller() caller: Caller, @IdParam('id') id: string): Promise<string> {
    return kpiReturnCsv(await this.returns.find(caller, id));
  }

  @Post(':id/submit')
  @HttpCode(200)
  @RequireRoles('hub_admin')
  @ApiOperation({ summary: "Freezes the hub's KPIs for the period and publishes KpiReturnSubmitted (a returned return is resubmitted)" })
  @ApiOkResponse({ type: KpiReturnView })
  submit(@CurrentCaller() caller: Caller, @IdParam('id') id: string): Promise<KpiReturnView> {
    return this.returns.submit(caller, id);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @RequireRoles('national', 'region')
  @ApiOperation({ summary: 'Approves a submitted return (nationally, or by the hub’s region); publishes KpiReturnApproved' })
  @ApiOkResponse({ type: KpiReturnView })
  approve(@CurrentCaller() caller: Caller, @IdParam('id') id: string): Promise<KpiReturnView> {
    return this.returns.approve(caller, id);
  }

  @Post(':id/return')
  @HttpCode(200)
  @RequireRoles('national', 'region')
  @ApiOperation({ summary: 'Sends a submitted return back to the hub with a reason; publishes KpiReturnReturned' })
  @ApiOkResponse({ type: KpiReturnView })
  sendBack(@CurrentCaller() caller: Caller, @IdParam('id') id: string, @Body() command: ReturnKpiReturn): Promise<KpiReturnView> {
    return this.returns.sendBack(caller, id, command.reason);
  }
}
