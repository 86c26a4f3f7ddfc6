import { Body, Controller, Get, Post, Query, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, type Caller } from '@traininghubs/auth';
import type { Page } from '@traininghubs/runtime';
import { PlacementsRuleFilter } from '../shared/placements-rule.filter';
import { DeclarePlacementCapacity, PlacementCapacityQuery, PlacementCapacityView } from './placement-capacity.dto';
import { PlacementCapacityService } from './placement-capacity.service';
import { IdParam } from '@traininghubs/runtime';

@ApiTags('placement capacity')
@ApiBearerAuth()
@UseFilters(PlacementsRuleFilter)
@Controller('api/v1/placement-capacity')
export class PlacementCapacityController {
  constructor(private readonly capacity: PlacementCapacityService) {}

  @Post()
  @ApiCreatedResponse({ type: PlacementCapacityView })
  declare(@CurrentCaller() caller: Caller, @Body() command: DeclarePlacementCapacity): Promise<PlacementCapacityView> {
    return this.capacity.declare(caller, command);
  }

  @Get()
  @ApiOkResponse({ description: "A page of the capacity declared by the caller's hubs' learning environments." })
  list(@CurrentCaller() caller: Caller, @Query() query: PlacementCapacityQuery): Promise<Page<PlacementCapacityView>> {
    return this.capacity.list(caller, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: PlacementCapacityView })
  find(@CurrentCaller() caller: Caller, @IdParam('id') id: string): Promise<PlacementCapacityView> {
    return this.capacity.find(caller, id);
  }
}
