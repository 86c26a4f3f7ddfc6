import { Controller, Get, Injectable, Query } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsUUID, Matches } from 'class-validator';
import type { DataSource } from 'typeorm';
import { CurrentCaller, type Caller } from '@traininghubs/auth';
import { londonToday } from '@traininghubs/calendar';
import { HubScope } from '@traininghubs/hub-directory';
import { LEARNER_TYPES, type LearnerType } from '../domain/learner-type';
import { PlacementCapacityEntity } from './placement-capacity.entity';

export class PlacementCapacitySummaryQuery {
  @ApiPropertyOptional({ format: 'uuid', description: "Only this hub's learning environments" })
  @IsOptional()
  @IsUUID()
  hubId?: string;

  @ApiPropertyOptional({ example: 'QOX', description: "Only the learning environments of this ICB's hubs (ODS code)" })
  @IsOptional()
  @Matches(/^[A-Z0-9]{3,6}$/, { message: 'icbCode must be an ODS code' })
  icbCode?: string;

  @ApiPropertyOptional({ example: '2026-04-01', description: 'Periods still running on or after this day; today when absent' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'onOrAfter must be a day like 2026-04-01' })
  onOrAfter?: string;
}

export class CapacityLineView {
  @ApiProperty({ example: '2025-26-H2' }) period!: string;
  @ApiProperty({ enum: LEARNER_TYPES }) learnerType!: LearnerType;
  @ApiProperty() startsOn!: string;
  @ApiProperty() endsOn!: string;
  @ApiProperty() places!: number;
  @ApiProperty({ description: 'Places held by filled or completed placements.' }) placesFilled!: number;
}

export class PlacementCapacitySummaryView {
  @ApiProperty({ type: [CapacityLineView] }) lines!: CapacityLineView[];
  @ApiProperty() places!: number;
  @ApiProperty() placesFilled!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'placesFilled / places, as a percentage; null when no places are declared' }) fillPercent!: number | null;
}

/** Declared places and how many are filled, by period and learner type, for the periods not yet over, within the caller's scope. */
@Injectable()
export class PlacementCapacitySummary {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scope: HubScope,
  ) {}

  async summarise(caller: Caller, query: PlacementCapacitySummaryQuery): Promise<PlacementCapacitySummaryView> {
    const builder = this.scope
      .restrict(this.dataSource.getRepository(PlacementCapacityEntity).createQueryBuilder('c'), caller, 'c')
      .select('c.period', 'period')
      .addSelect('c.learner_type', 'learnerType')
      .addSelect(`to_char(min(c.starts_on), 'YYYY-MM-DD')`, 'startsOn')
      .addSelect(`to_char(max(c.ends_on), 'YYYY-MM-DD')`, 'endsOn')
      .addSelect('sum(c.places)::int', 'places')
      .addSelect('sum(c.places_filled)::int', 'placesFilled')
      .andWhere('c.ends_on >= :day', { day: query.onOrAfter ?? londonToday() });
    if (query.hubId) builder.andWhere('c.hub_id = :hubId', { hubId: query.hubId });
    if (query.icbCode) builder.andWhere('c.hub_id IN (SELECT hub_id FROM hub_directory WHERE icb_code = :icbCode)', { icbCode: query.icbCode });
    const lines = await builder.groupBy('c.period').addGroupBy('c.learner_type').orderBy('min(c.starts_on)').addOrderBy('c.learner_type').getRawMany<CapacityLineView>();
    const places = lines.reduce((sum, l) => sum + l.places, 0);
    const placesFilled = lines.reduce((sum, l) => sum + l.placesFilled, 0);
    return { lines, places, placesFilled, fillPercent: places === 0 ? null : Math.round((placesFilled / places) * 1000) / 10 };
  }
}

@ApiTags('placement capacity')
@ApiBearerAuth()
@Controller('api/v1/placement-capacity/summary')
export class PlacementCapacitySummaryController {
  constructor(private readonly summary: PlacementCapacitySummary) {}

  @Get()
  @ApiOperation({ summary: 'Declared places and fill by period and learner type, for periods not yet over (by hub or ICB)' })
  @ApiOkResponse({ type: PlacementCapacitySummaryView })
  read(@CurrentCaller() caller: Caller, @Query() query: PlacementCapacitySummaryQuery): Promise<PlacementCapacitySummaryView> {
    return this.summary.summarise(caller, query);
  }
}
