import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, IsUUID, Matches } from 'class-validator';

export class KpiQuery {
  @ApiProperty({ description: 'hub:{hub id}, icb:{ICB ODS code}, region:{region ODS code} or national', example: 'icb:QOX' })
  @IsString()
  @Matches(/^(national|hub:[0-9a-fA-F-]{36}|icb:[A-Z0-9]{3,10}|region:[A-Z0-9]{3,10})$/, { message: 'scope must be hub:{hub id}, icb:{ICB ODS code}, region:{region ODS code} or national' })
  scope!: string;

  @ApiProperty({ description: 'Reporting period: NHS financial-year half (H1 = 1 April–30 September, H2 = 1 October–31 March)', example: '2025-26-H1' })
  @IsString()
  @Matches(/^\d{4}-\d{2}-H[12]$/, { message: 'period must be like 2025-26-H1' })
  period!: string;
}

export class ReportingPeriodView {
  @ApiProperty({ example: '2025-26-H1' }) key!: string;
  @ApiProperty({ example: '2025/26' }) financialYear!: string;
  @ApiProperty({ enum: ['H1', 'H2'] }) half!: string;
  @ApiProperty({ example: '2025-04-01' }) start!: string;
  @ApiProperty({ example: '2025-09-30' }) end!: string;
}

export class KpiValueView {
  @ApiProperty({ example: 'placement_fill_rate' }) id!: string;
  @ApiProperty({ example: 'Placement fill rate' }) name!: string;
  @ApiProperty({ enum: ['workforce planning', 'careers and retention', 'educational design', 'leadership and management'] }) area!: string;
  @ApiProperty({ enum: ['count', 'hours', 'weeks', 'FTE', 'percent'] }) unit!: string;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'None when the KPI has no denominator in the period' }) value!: number | null;
}

export class KpiDefinitionView {
  @ApiProperty({ example: 'gps_recruited' }) id!: string;
  @ApiProperty({ example: 'GPs recruited' }) name!: string;
  @ApiProperty({ enum: ['workforce planning', 'careers and retention', 'educational design', 'leadership and management'] }) area!: string;
  @ApiProperty({ enum: ['count', 'hours', 'weeks', 'FTE', 'percent'] }) unit!: string;
  @ApiProperty({ example: 'Number of GpRecruited events in the period' }) formula!: string;
  @ApiProperty({ type: [String], example: ['workforce.GpRecruited'] }) sourceEvents!: string[];
  @ApiProperty({
    description: 'The date an event counts by (a Europe/London day): it decides the reporting period, whenever the record was entered',
    example: "GpRecruited.start_date: the GP's first day",
  })
  countsBy!: string;
}

export class KpiDefinitionsView {
  @ApiProperty({ type: [KpiDefinitionView] }) items!: KpiDefinitionView[];
}

export class KpiReportView {
  @ApiProperty({ example: 'icb:QOX' }) scope!: string;
  @ApiProperty({ type: ReportingPeriodView }) period!: ReportingPeriodView;
  @ApiProperty({ description: 'Hubs rolled up, by the hierarchy in force at the period end (and ICB mergers since)', type: [String] }) hubIds!: string[];
  @ApiProperty({ type: [KpiValueView] }) kpis!: KpiValueView[];
  @ApiProperty({ description: 'The added counters the KPIs were computed from' }) counters!: Record<string, number>;
}

export class RebuildView {
  @ApiProperty({ example: 'kpi-reporting.projections' }) group!: string;
  @ApiProperty({ description: 'Projection tables cleared before replaying every topic from offset zero', type: [String] }) cleared!: string[];
  @ApiProperty({ description: 'Read its progress at GET /api/v1/kpis/projections/rebuilds/{rebuildId}' }) rebuildId!: string;
  @ApiProperty({ description: 'Events on the source topics when the rebuild began' }) totalEvents!: number;
}

export class RebuildPartitionView {
  @ApiProperty() topic!: string;
  @ApiProperty() partition!: number;
  @ApiProperty() processed!: number;
  @ApiProperty() total!: number;
}

export class RebuildStatusView {
  @ApiProperty() id!: string;
  @ApiProperty() group!: string;
  @ApiProperty({ description: 'Who asked for the rebuild (token subject)' }) requestedBy!: string;
  @ApiProperty() startedAt!: string;
  @ApiPropertyOptional({ nullable: true }) completedAt!: string | null;
  @ApiProperty({ description: 'Events replayed (committed by the group) of those there when the rebuild began' }) processed!: number;
  @ApiProperty() total!: number;
  @ApiProperty() percent!: number;
  @ApiProperty() done!: boolean;
  @ApiProperty() eventsPerSecond!: number;
  @ApiProperty({ type: [RebuildPartitionView] }) partitions!: RebuildPartitionView[];
}

export class KpiComparisonQuery {
  @ApiProperty({ description: 'The Training Hub', format: 'uuid' })
  @IsUUID()
  hubId!: string;

  @ApiProperty({ description: 'Reporting period: NHS financial-year half', example: '2025-26-H1' })
  @IsString()
  @Matches(/^\d{4}-\d{2}-H[12]$/, { message: 'period must be like 2025-26-H1' })
  period!: string;
}

export class KpiComparisonValueView extends KpiValueView {
  @ApiPropertyOptional({ type: Number, nullable: true, description: "Median over the region's hubs (at the period end) that have a value" }) regionMedian!: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Median over every hub that has a value' }) nationalMedian!: number | null;
  @ApiProperty() regionHubsWithValue!: number;
  @ApiProperty() nationalHubsWithValue!: number;
}

export class KpiComparisonView {
  @ApiProperty() hubId!: string;
  @ApiProperty({ type: ReportingPeriodView }) period!: ReportingPeriodView;
  @ApiProperty({ example: 'Y58', description: "The hub's NHS England region at the period end" }) regionCode!: string;
  @ApiProperty() regionHubCount!: number;
  @ApiProperty() nationalHubCount!: number;
  @ApiProperty({ type: [KpiComparisonValueView] }) kpis!: KpiComparisonValueView[];
}
