import { Body, Controller, Get, HttpCode, Post, Query, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, type Caller } from '@traininghubs/auth';
import type { Page } from '@traininghubs/runtime';
import { WorkforceRuleFilter } from '../shared/workforce-rule.filter';
import { RecordLeaving, RecordRecruitment, RecordStaffInPost, RecruitmentQuery, StaffPostView } from './recruitment.dto';
import { RecruitmentsService } from './recruitments.service';
import { IdParam } from '@traininghubs/runtime';

@ApiTags('workforce: recruitment and leavers')
@ApiBearerAuth()
@UseFilters(WorkforceRuleFilter)
@Controller('api/v1/workforce/recruitments')
export class RecruitmentsController {
  constructor(private readonly recruitments: RecruitmentsService) {}

  @Post()
  @ApiCreatedResponse({ type: StaffPostView, description: 'The post, under a pseudonymous staff id issued here.' })
  recruit(@CurrentCaller() caller: Caller, @Body() command: RecordRecruitment): Promise<StaffPostView> {
    return this.recruitments.recruit(caller, command);
  }

  @Post(':staffId/leaving')
  @HttpCode(200)
  @ApiOkResponse({ type: StaffPostView })
  leave(@CurrentCaller() caller: Caller, @IdParam('staffId') staffId: string, @Body() command: RecordLeaving): Promise<StaffPostView> {
    return this.recruitments.recordLeaving(caller, staffId, command);
  }

  @Get()
  @ApiOkResponse({ description: "A page of the staff recruited in the caller's hubs' areas." })
  list(@CurrentCaller() caller: Caller, @Query() query: RecruitmentQuery): Promise<Page<StaffPostView>> {
    return this.recruitments.list(caller, query);
  }

  @Get(':staffId')
  @ApiOkResponse({ type: StaffPostView })
  find(@CurrentCaller() caller: Caller, @IdParam('staffId') staffId: string): Promise<StaffPostView> {
    return this.recruitments.find(caller, staffId);
  }
}

/** Staff already in post when the hub began recording: the hub may then record their retention or leaving. */
@ApiTags('workforce: recruitment and leavers')
@ApiBearerAuth()
@UseFilters(WorkforceRuleFilter)
@Controller('api/v1/workforce/staff-in-post')
export class StaffInPostController {
  constructor(private readonly recruitments: RecruitmentsService) {}

  @Post()
  @ApiCreatedResponse({ type: StaffPostView, description: 'The post, under a pseudonymous staff id; not a recruitment (no event, not counted as recruited).' })
  record(@CurrentCaller() caller: Caller, @Body() command: RecordStaffInPost): Promise<StaffPostView> {
    return this.recruitments.recordInPost(caller, command);
  }
}
