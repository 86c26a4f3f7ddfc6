import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { PageQuery } from '@traininghubs/runtime';
import { KPI_RETURN_STATES, type KpiReturnState } from '../domain/kpi-return/kpi-return-lifecycle';
import { KpiValueView } from '../kpis/kpi.dto';

const PERIOD = /^\d{4}-\d{2}-H[12]$/;
const PERIOD_MESSAGE = 'period must be like 2025-26-H1';

export class DraftKpiReturn {
  @ApiProperty({ description: 'The Training Hub', format: 'uuid' })
  @IsUUID()
  hubId!: string;

  @ApiProperty({ example: '2025-26-H1', description: 'Reporting period: NHS financial-year half' })
  @IsString()
  @Matches(PERIOD, { message: PERIOD_MESSAGE })
  period!: string;
}

export class ReturnKpiReturn {
  @ApiProperty({ description: 'Why the return goes back to the hub', example: 'Placement weeks look low against declared capacity; please check.' })
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  reason!: string;
}

export class KpiReturnQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() hubId?: string;

  @ApiPropertyOptional({ example: '2025-26-H1' })
  @IsOptional()
  @IsString()
  @Matches(PERIOD, { message: PERIOD_MESSAGE })
  period?: string;

  @ApiPropertyOptional({ enum: KPI_RETURN_STATES }) @IsOptional() @IsIn(KPI_RETURN_STATES) state?: KpiReturnState;
}

export class KpiRestatementView {
  @ApiProperty({ example: 'participants' }) kpiId!: string;
  @ApiProperty({ example: 'Participants' }) name!: string;
  @ApiPropertyOptional({ type: Number, nullable: true }) frozenValue!: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) currentValue!: number | null;
}

export class RestatementCauseView {
  @ApiProperty({ example: 'uk.nhs.traininghubs.workforce.gp_recruited.v1' }) eventType!: string;
  @ApiProperty({ example: '/traininghubs/workforce-planning' }) eventSource!: string;
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ format: 'date', description: 'The day it happened (what it counts by)' }) occurredOn!: string;
  @ApiProperty({ format: 'date-time', description: 'When it was recorded' }) recordedAt!: string;
}

export class KpiReturnView {
  @ApiProperty() id!: string;
  @ApiProperty() hubId!: string;
  @ApiProperty({ example: '2025-26-H1' }) period!: string;
  @ApiProperty({ enum: KPI_RETURN_STATES }) state!: KpiReturnState;
  @ApiProperty({ description: '0 while never submitted; 2 after one resubmission' }) submissionNumber!: number;
  @ApiProperty({ type: [KpiValueView], description: "The hub's KPIs for the period as the projections hold them now" }) currentValues!: KpiValueView[];
  @ApiPropertyOptional({ type: [KpiValueView], nullable: true, description: 'The figures frozen at the last submission (never recomputed)' })
  frozenValues!: KpiValueView[] | null;
  @ApiProperty({ description: 'Events arrived after submission changed KPIs of the period' }) restated!: boolean;
  @ApiProperty({ type: [KpiRestatementView] }) restatements!: KpiRestatementView[];
  @ApiProperty({ type: [RestatementCauseView], description: 'The records entered after this submission, about days in its period, that restated it' })
  restatedBy!: RestatementCauseView[];
  @ApiProperty({ description: 'An approved return that late records restated: NHS England approves it again' }) reapprovalRequired!: boolean;
  @ApiPropertyOptional({ nullable: true }) returnedReason!: string | null;
  @ApiPropertyOptional({ nullable: true }) submittedAt!: string | null;
  @ApiPropertyOptional({ nullable: true }) submittedBy!: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'When it was last approved or returned' }) decidedAt!: string | null;
  @ApiPropertyOptional({ nullable: true }) decidedBy!: string | null;
  @ApiPropertyOptional({ nullable: true }) restatedAt!: string | null;
  @ApiProperty() version!: number;
}
