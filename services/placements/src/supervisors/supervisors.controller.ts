import { Body, Controller, Get, Post, Query, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, type Caller } from '@traininghubs/auth';
import type { Page } from '@traininghubs/runtime';
import { PlacementsRuleFilter } from '../shared/placements-rule.filter';
import { RegisterSupervisor, SupervisorQuery, SupervisorView } from './supervisor.dto';
import { SupervisorsService } from './supervisors.service';
import { IdParam } from '@traininghubs/runtime';

@ApiTags('supervisors')
@ApiBearerAuth()
@UseFilters(PlacementsRuleFilter)
@Controller('api/v1/supervisors')
export class SupervisorsController {
  constructor(private readonly supervisors: SupervisorsService) {}

  @Post()
  @ApiCreatedResponse({ type: SupervisorView })
  register(@CurrentCaller() caller: Caller, @Body() command: RegisterSupervisor): Promise<SupervisorView> {
    return this.supervisors.register(caller, command);
  }

  @Get()
  @ApiOkResponse({ description: "A page of the supervisors of the caller's hubs." })
  list(@CurrentCaller() caller: Caller, @Query() query: SupervisorQuery): Promise<Page<SupervisorView>> {
    return this.supervisors.list(caller, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: SupervisorView })
  find(@CurrentCaller() caller: Caller, @IdParam('id') id: string): Promise<SupervisorView> {
    return this.supervisors.find(caller, id);
  }
}
