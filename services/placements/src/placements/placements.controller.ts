import { Body, Controller, Get, HttpCode, Post, Query, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, type Caller } from '@traininghubs/auth';
import type { Page } from '@traininghubs/runtime';
import { PlacementsRuleFilter } from '../shared/placements-rule.filter';
import { CompletePlacement, EndPlacement, FillPlacement, OfferPlacement, PlacementQuery, PlacementView } from './placement.dto';
import { PlacementsService } from './placements.service';
import { IdParam } from '@traininghubs/runtime';

@ApiTags('placements')
@ApiBearerAuth()
@UseFilters(PlacementsRuleFilter)
@Controller('api/v1/placements')
export class PlacementsController {
  constructor(private readonly placements: PlacementsService) {}

  @Post()
  @ApiCreatedResponse({ type: PlacementView, description: 'Offered from declared capacity; publishes PlacementOffered.' })
  offer(@CurrentCaller() caller: Caller, @Body() command: OfferPlacement): Promise<PlacementView> {
    return this.placements.offer(caller, command);
  }

  @Get()
  @ApiOkResponse({ description: "A page of the placements of the caller's hubs." })
  list(@CurrentCaller() caller: Caller, @Query() query: PlacementQuery): Promise<Page<PlacementView>> {
    return this.placements.list(caller, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: PlacementView })
  find(@CurrentCaller() caller: Caller, @IdParam('id') id: string): Promise<PlacementView> {
    return this.placements.find(caller, id);
  }

  @Post(':id/fill')
  @HttpCode(200)
  @ApiOkResponse({ type: PlacementView, description: 'Takes one declared place (409 when none is left); publishes PlacementFilled.' })
  fill(@CurrentCaller() caller: Caller, @IdParam('id') id: string, @Body() command: FillPlacement): Promise<PlacementView> {
    return this.placements.fill(caller, id, command);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @ApiOkResponse({ type: PlacementView, description: 'Publishes PlacementCompleted.' })
  complete(@CurrentCaller() caller: Caller, @IdParam('id') id: string, @Body() command: CompletePlacement): Promise<PlacementView> {
    return this.placements.complete(caller, id, command);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOkResponse({ type: PlacementView, description: 'Cancelled by the hub or learning environment; publishes PlacementCancelled.' })
  cancel(@CurrentCaller() caller: Caller, @IdParam('id') id: string, @Body() command: EndPlacement): Promise<PlacementView> {
    return this.placements.end(caller, id, 'cancel', command);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @ApiOkResponse({ type: PlacementView, description: 'Withdrawn by the learner or education provider; publishes PlacementCancelled.' })
  withdraw(@CurrentCaller() caller: Caller, @IdParam('id') id: string, @Body() command: EndPlacement): Promise<PlacementView> {
    return this.placements.end(caller, id, 'withdraw', command);
  }
}
