import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

export class AggregatedReadQuery {
  @ApiPropertyOptional({ example: '2025-26-H2', description: 'KPI reporting period (NHS financial-year half); the current one when absent' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-H[12]$/, { message: 'period must be like 2025-26-H1' })
  period?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 50, default: 10, description: 'How many upcoming sessions to show' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  sessions: number = 10;
}

export class IcbCodeParam {
  @ApiProperty({ example: 'QOX', description: 'The ICB ODS code', pattern: '^[A-Z0-9]{3,6}$' })
  @Matches(/^[A-Z0-9]{3,6}$/, { message: 'code must be an ICB ODS code such as QOX' })
  code!: string;
}

export class SectionErrorView {
  @ApiProperty({ example: 'placements' }) service!: string;
  @ApiPropertyOptional({ example: 503 }) httpStatus?: number;
  @ApiProperty() detail!: string;
}

export class SectionView {
  @ApiProperty({ enum: ['ok', 'unavailable', 'timeout', 'forbidden'], description: 'ok: data is here; otherwise the part is missing and error says why' })
  status!: string;
  @ApiPropertyOptional({ description: 'The part, when status is ok', type: Object })
  data?: unknown;
  @ApiPropertyOptional({ type: SectionErrorView })
  error?: SectionErrorView;
}

export class HubOverviewSectionsView {
  @ApiProperty({ type: SectionView, description: 'training-catalogue: { total, sessions } — scheduled sessions still to come' }) upcomingTraining!: SectionView;
  @ApiProperty({ type: SectionView, description: 'placements: declared places and fill by period and learner type' }) placementCapacity!: SectionView;
  @ApiProperty({ type: SectionView, description: 'workforce-planning: latest snapshot by staff group, recruits and leavers this financial year, retained GPs, ARRS plan against actual' }) workforce!: SectionView;
  @ApiProperty({ type: SectionView, description: 'kpi-reporting: the KPI report of the hub for the period' }) kpis!: SectionView;
}

export class HubOverviewView {
  @ApiProperty({ type: Object, description: 'The hub as hub-registry holds it, with its contacts and coverage' }) hub!: Record<string, unknown>;
  @ApiProperty({ example: '2026-05-12' }) asOf!: string;
  @ApiProperty({ example: '2026-27' }) financialYear!: string;
  @ApiProperty({ example: '2026-27-H1' }) reportingPeriod!: string;
  @ApiProperty({ description: 'False when any section is marked' }) complete!: boolean;
  @ApiProperty({ type: HubOverviewSectionsView }) sections!: HubOverviewSectionsView;
}

export class IcbDashboardSectionsView {
  @ApiProperty({ type: SectionView, description: "hub-registry: { total, items } — the ICB's hubs" }) hubs!: SectionView;
  @ApiProperty({ type: SectionView }) upcomingTraining!: SectionView;
  @ApiProperty({ type: SectionView }) placementCapacity!: SectionView;
  @ApiProperty({ type: SectionView, description: 'workforce-planning: { financialYear, arrsPlanVsActualByPcn }' }) workforce!: SectionView;
  @ApiProperty({ type: SectionView }) kpis!: SectionView;
}

export class IcbDashboardView {
  @ApiProperty({ type: Object, description: 'The ICB as hub-registry holds it' }) icb!: Record<string, unknown>;
  @ApiProperty() asOf!: string;
  @ApiProperty() financialYear!: string;
  @ApiProperty() reportingPeriod!: string;
  @ApiProperty() complete!: boolean;
  @ApiProperty({ type: IcbDashboardSectionsView }) sections!: IcbDashboardSectionsView;
}
