import { Body, Controller, Get, HttpCode, Post, Query, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, type Caller } from '@traininghubs/auth';
import type { Page } from '@traininghubs/runtime';
import { PlacementsRuleFilter } from '../shared/placements-rule.filter';
import { ApproveLearningEnvironment, LearningEnvironmentQuery, LearningEnvironmentView, SuspendLearningEnvironment } from './learning-environment.dto';
import { LearningEnvironmentsService } from './learning-environments.service';
import { IdParam } from '@traininghubs/runtime';

@ApiTags('learning environments')
@ApiBearerAuth()
@UseFilters(PlacementsRuleFilter)
@Controller('api/v1/learning-environments')
export class LearningEnvironmentsController {
  constructor(private readonly environments: LearningEnvironmentsService) {}

  @Post()
  @ApiCreatedResponse({ type: LearningEnvironmentView, description: 'Approved; publishes LearningEnvironmentApproved.' })
  approve(@CurrentCaller() caller: Caller, @Body() command: ApproveLearningEnvironment): Promise<LearningEnvironmentView> {
    return this.environments.approve(caller, command);
  }

  @Get()
  @ApiOkResponse({ description: "A page of the learning environments of the caller's hubs." })
  list(@CurrentCaller() caller: Caller, @Query() query: LearningEnvironmentQuery): Promise<Page<LearningEnvironmentView>> {
    return this.environments.list(caller, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: LearningEnvironmentView })
  find(@CurrentCaller() caller: Caller, @IdParam('id') id: string): Promise<LearningEnvironmentView> {
    return this.environments.find(caller, id);
  }

  @Post(':id/suspend')
  @HttpCode(200)
  @ApiOkResponse({ type: LearningEnvironmentView })
  suspend(@CurrentCaller() caller: Caller, @IdParam('id') id: string, @Body() command: SuspendLearningEnvironment): Promise<LearningEnvironmentView> {
    return this.environments.suspend(caller, id, command);
  }
}
