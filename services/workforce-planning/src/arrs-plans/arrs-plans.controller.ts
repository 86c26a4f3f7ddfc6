import { Body, Controller, Get, Post, Query, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, type Caller } from '@traininghubs/auth';
import type { Page } from '@traininghubs/runtime';
import { WorkforceRuleFilter } from '../shared/workforce-rule.filter';
import { ArrsPlanQuery, ArrsPlanView, PlanVsActualQuery, type PlanVsActualView, SubmitArrsPlan } from './arrs-plan.dto';
import { ArrsPlansService } from './arrs-plans.service';
import { IdParam } from '@traininghubs/runtime';

@ApiTags('workforce: ARRS plans')
@ApiBearerAuth()
@UseFilters(WorkforceRuleFilter)
@Controller('api/v1/workforce/arrs-plans')
export class ArrsPlansController {
  constructor(private readonly plans: ArrsPlansService) {}

  @Post()
  @ApiCreatedResponse({ type: ArrsPlanView, description: 'The plan as submitted; a later submission for the same PCN and year is its next revision.' })
  submit(@CurrentCaller() caller: Caller, @Body() command: SubmitArrsPlan): Promise<ArrsPlanView> {
    return this.plans.submit(caller, command);
  }

  @Get()
  @ApiOkResponse({ description: "A page of the ARRS plans (every revision) of the caller's hubs' PCNs." })
  list(@CurrentCaller() caller: Caller, @Query() query: ArrsPlanQuery): Promise<Page<ArrsPlanView>> {
    return this.plans.list(caller, query);
  }

  @Get('plan-vs-actual')
  @ApiOkResponse({ description: 'Planned FTE (latest revision) against ARRS FTE in post, by PCN, ICB or role, for a financial year.' })
  planVsActual(@CurrentCaller() caller: Caller, @Query() query: PlanVsActualQuery): Promise<Page<PlanVsActualView>> {
    return this.plans.planVsActual(caller, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: ArrsPlanView })
  find(@CurrentCaller() caller: Caller, @IdParam('id') id: string): Promise<ArrsPlanView> {
    return this.plans.find(caller, id);
  }
}
