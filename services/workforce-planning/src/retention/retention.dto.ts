import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsDateString, IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { PageQuery } from '@traininghubs/runtime';
import { RETENTION_INTERVENTIONS, RETENTION_OUTCOMES } from '../domain/retention/retention-rule';
import { ISO_DAY } from '../recruitments/recruitment.dto';

export const FELLOWSHIP_PROGRAMMES = ['NEW_TO_PRACTICE_GP', 'NEW_TO_PRACTICE_NURSE', 'NURSE_NEW_TO_GENERAL_PRACTICE', 'LOCAL'] as const;

/** Enrols a member of staff on a retention intervention (a fellowship publishes FellowshipEnrolled). */
export class EnrolOnIntervention {
  @ApiProperty({ format: 'uuid', description: 'Pseudonymous staff id from /api/v1/workforce/recruitments.' }) @IsUUID() staffId!: string;
  @ApiProperty({ enum: RETENTION_INTERVENTIONS }) @IsIn(RETENTION_INTERVENTIONS) intervention!: (typeof RETENTION_INTERVENTIONS)[number];
  @ApiPropertyOptional({ enum: FELLOWSHIP_PROGRAMMES, description: 'Required for a fellowship.' }) @IsOptional() @IsIn(FELLOWSHIP_PROGRAMMES) fellowshipProgramme?: string;
  @ApiProperty({ example: '2025-04-01', description: 'First day of the intervention: a day the hub operates.' })
  @IsDateString({ strict: true })
  @Matches(ISO_DAY, { message: 'startedOn must be a day written YYYY-MM-DD' })
  startedOn!: string;
  @ApiProperty({ example: '2026-03-31', description: 'The review point at which the outcome is judged.' })
  @IsDateString({ strict: true })
  @Matches(ISO_DAY, { message: 'reviewDueOn must be a day written YYYY-MM-DD' })
  reviewDueOn!: string;
  @ApiProperty({ minimum: 0, maximum: 12 }) @IsInt() @Min(0) @Max(12) sessionsPerWeekBefore!: number;
  @ApiPropertyOptional({ minimum: 0, maximum: 10 }) @IsOptional() @IsInt() @Min(0) @Max(10) fundedSessionsPerWeek?: number;
  @ApiPropertyOptional({ minimum: 0, description: 'Funding awarded, in pence.' }) @IsOptional() @IsInt() @Min(0) fundingAwardedPence?: number;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() mentorAssigned?: boolean;
}

/** The outcome of an intervention at its review point. */
export class RecordRetentionOutcome {
  @ApiProperty({ enum: RETENTION_OUTCOMES }) @IsIn(RETENTION_OUTCOMES) outcome!: (typeof RETENTION_OUTCOMES)[number];
  @ApiProperty({ example: '2026-03-31', description: 'The day of the outcome: on or after the review point, on or before today, on a day the hub operated.' })
  @IsDateString({ strict: true })
  @Matches(ISO_DAY, { message: 'recordedOn must be a day written YYYY-MM-DD' })
  recordedOn!: string;
  @ApiProperty({ minimum: 0, maximum: 12 }) @IsInt() @Min(0) @Max(12) sessionsPerWeekAfter!: number;
  @ApiPropertyOptional({ example: 'F83004', description: "The practice after the outcome, when it changed: a recorded practice in the hub's area on the outcome's day." }) @IsOptional() @Matches(/^[A-Z0-9]{3,6}$/) practiceOdsCode?: string;
}

export class RetentionQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['enrolled', 'retained', 'not-retained'] }) @IsOptional() @IsIn(['enrolled', 'retained', 'not-retained']) status?: string;
}

export class RetentionInterventionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) hubId!: string;
  @ApiProperty({ format: 'uuid' }) staffId!: string;
  @ApiProperty({ enum: RETENTION_INTERVENTIONS }) intervention!: string;
  @ApiProperty({ nullable: true, type: String }) fellowshipProgramme!: string | null;
  @ApiProperty() startedOn!: string;
  @ApiProperty() reviewDueOn!: string;
  @ApiProperty({ enum: ['enrolled', 'retained', 'not-retained'] }) status!: string;
  @ApiProperty({ nullable: true, type: String }) outcome!: string | null;
  @ApiProperty({ nullable: true, type: String }) outcomeRecordedOn!: string | null;
  @ApiProperty() version!: number;
}
