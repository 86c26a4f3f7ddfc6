import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsDateString, IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { PageQuery } from '@traininghubs/runtime';
import { STAFF_GROUP_CODES } from '../domain/snapshots/gpw-practice-file';

const ODS_CODE = /^[A-Z0-9]{3,6}$/;
const MONTH = /^\d{4}-\d{2}$/;
export const SNAPSHOT_LEVELS = ['practice', 'pcn', 'icb'] as const;
export type SnapshotLevel = (typeof SNAPSHOT_LEVELS)[number];
export const DATA_SOURCES = ['GPW_PRACTICE', 'LOCAL_RETURN'] as const;

export class StartSnapshotImportQuery {
  @ApiPropertyOptional({ example: '2025-09-30', description: 'The month end the file describes; without it every row needs an EXTRACT_DATE column (all the same month end).' })
  @IsOptional()
  @IsDateString({ strict: true })
  snapshotDate?: string;

  @ApiPropertyOptional({ enum: DATA_SOURCES, default: 'GPW_PRACTICE', description: "GPW_PRACTICE: NHS England's practice-level file; LOCAL_RETURN: a hub's own return in the same columns." })
  @IsOptional()
  @IsIn(DATA_SOURCES)
  dataSource?: (typeof DATA_SOURCES)[number];
}

/** Which snapshots: a month (latest within scope when left out), a level and the area. */
export class SnapshotFilter {
  @ApiPropertyOptional({ example: '2025-09', description: 'The month (YYYY-MM); the latest month with figures in your scope when left out.' })
  @IsOptional()
  @Matches(MONTH, { message: 'month must be YYYY-MM' })
  month?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() hubId?: string;
  @ApiPropertyOptional({ example: 'QOX' }) @IsOptional() @Matches(ODS_CODE) icbCode?: string;
  @ApiPropertyOptional({ example: 'U83547' }) @IsOptional() @Matches(ODS_CODE) pcnOdsCode?: string;
  @ApiPropertyOptional({ example: 'F83004' }) @IsOptional() @Matches(ODS_CODE) practiceOdsCode?: string;
}

export class SnapshotQuery extends IntersectionType(PageQuery, SnapshotFilter) {
  @ApiPropertyOptional({ enum: SNAPSHOT_LEVELS, default: 'practice', description: 'practice: one row per practice; pcn / icb: the practices summed.' })
  @IsOptional()
  @IsIn(SNAPSHOT_LEVELS)
  level: SnapshotLevel = 'practice';
}

export class SummaryQuery {
  @ApiProperty({ format: 'uuid' }) @IsUUID() hubId!: string;
}

export class StaffGroupFigureView {
  @ApiProperty({ enum: STAFF_GROUP_CODES }) staffGroup!: string;
  @ApiProperty() headcount!: number;
  @ApiProperty({ description: 'FTE in hundredths (100 = 37.5 hours a week).' }) fteHundredths!: number;
  @ApiProperty({ description: 'FTE as a decimal.', example: 3.47 }) fte!: number;
}

export class RoleFigureView {
  @ApiProperty({ example: 'GP_SAL_BY_PRAC', description: 'The GPW role code (the column stem).' }) roleCode!: string;
  @ApiProperty({ enum: STAFF_GROUP_CODES }) staffGroup!: string;
  @ApiProperty() headcount!: number;
  @ApiProperty() fteHundredths!: number;
}

export class SnapshotView {
  @ApiProperty({ enum: SNAPSHOT_LEVELS }) level!: SnapshotLevel;
  @ApiProperty({ example: 'F83004', description: 'ODS code of the practice, PCN or ICB.' }) odsCode!: string;
  @ApiProperty({ example: '2025-09-30' }) snapshotDate!: string;
  @ApiProperty({ nullable: true, type: String }) practiceName!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The PCN (practice and PCN rows).' }) pcnOdsCode!: string | null;
  @ApiProperty() icbCode!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) hubId!: string | null;
  @ApiProperty({ description: 'Practices counted.' }) practiceCount!: number;
  @ApiProperty({ type: [StaffGroupFigureView] }) staffGroups!: StaffGroupFigureView[];
  @ApiProperty({ type: [RoleFigureView] }) roles!: RoleFigureView[];
}

export class SnapshotTotalsView {
  @ApiProperty({ nullable: true, type: String, description: 'Null when no snapshot is held in scope.' }) snapshotDate!: string | null;
  @ApiProperty() practiceCount!: number;
  @ApiProperty({ type: [StaffGroupFigureView] }) staffGroups!: StaffGroupFigureView[];
}

export class SnapshotImportProblemView {
  @ApiProperty({ description: 'Line of the file (1 = the header).' }) line!: number;
  @ApiProperty({ nullable: true, type: String, description: 'Column name, or null for the whole row.' }) column!: string | null;
  @ApiPropertyOptional() practiceOdsCode?: string;
  @ApiProperty() reason!: string;
}

export class SnapshotImportReportView {
  @ApiProperty() errorCount!: number;
  @ApiProperty({ type: [SnapshotImportProblemView], description: 'The first 1,000 problems, in file order.' }) errors!: SnapshotImportProblemView[];
  @ApiProperty({ type: [String] }) ignoredColumns!: string[];
  @ApiProperty({ type: [String] }) warnings!: string[];
  @ApiPropertyOptional() replacedPractices?: number;
}

export class SnapshotImportView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['staging', 'applied', 'rejected', 'failed'] }) status!: string;
  @ApiProperty({ nullable: true, type: String }) snapshotDate!: string | null;
  @ApiProperty({ enum: DATA_SOURCES }) dataSource!: string;
  @ApiProperty({ description: 'Practice rows in the file.' }) totalRows!: number;
  @ApiProperty({ description: 'Rows staged so far; equals totalRows once applied.' }) processedRows!: number;
  @ApiProperty() practiceCount!: number;
  @ApiProperty({ type: [String] }) hubIds!: string[];
  @ApiProperty({ type: SnapshotImportReportView }) report!: SnapshotImportReportView;
  @ApiProperty({ nullable: true, type: String }) failure!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) appliedAt!: string | null;
}

export class WorkforceSummaryView {
  @ApiProperty({ format: 'uuid' }) hubId!: string;
  @ApiProperty({ example: '2025-26' }) financialYear!: string;
  @ApiProperty({ type: SnapshotTotalsView, description: "The latest month's snapshot of the hub's practices." }) workforce!: SnapshotTotalsView;
  @ApiProperty({ description: 'Staff recruited this financial year: total and by staff group.' }) recruits!: { total: number; byStaffGroup: Record<string, number> };
  @ApiProperty({ description: 'Leavers this financial year: total and by staff group.' }) leavers!: { total: number; byStaffGroup: Record<string, number> };
  @ApiProperty({ description: 'GPs counted retained this financial year (outcome at the review point).' }) retainedGps!: number;
  @ApiProperty({ description: "ARRS FTE planned (latest revisions) against in post, this financial year, in hundredths." })
  arrs!: { plannedFteHundredths: number; actualFteHundredths: number; varianceFteHundredths: number };
}
