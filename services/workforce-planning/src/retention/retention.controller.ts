import { Body, Controller, Get, HttpCode, Post, Query, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, type Caller } from '@traininghubs/auth';
import type { Page } from '@traininghubs/runtime';
import { WorkforceRuleFilter } from '../shared/workforce-rule.filter';
import { EnrolOnIntervention, RecordRetentionOutcome, RetentionInterventionView, RetentionQuery } from './retention.dto';
import { RetentionService } from './retention.service';
import { IdParam } from '@traininghubs/runtime';

@ApiTags('workforce: retention')
@ApiBearerAuth()
@UseFilters(WorkforceRuleFilter)
@Controller('api/v1/workforce/retention')
export class RetentionController {
  constructor(private readonly retention: RetentionService) {}

  @Post()
  @ApiCreatedResponse({ type: RetentionInterventionView })
  enrol(@CurrentCaller() caller: Caller, @Body() command: EnrolOnIntervention): Promise<RetentionInterventionView> {
    return this.retention.enrol(caller, command);
  }

  @Post(':id/outcome')
  @HttpCode(200)
  @ApiOkResponse({ type: RetentionInterventionView })
  outcome(@CurrentCaller() caller: Caller, @IdParam('id') id: string, @Body() command: RecordRetentionOutcome): Promise<RetentionInterventionView> {
    return this.retention.recordOutcome(caller, id, command);
  }

  @Get()
  @ApiOkResponse({ description: "A page of the retention interventions of the caller's hubs." })
  list(@CurrentCaller() caller: Caller, @Query() query: RetentionQuery): Promise<Page<RetentionInterventionView>> {
    return this.retention.list(caller, query);
  }
}
