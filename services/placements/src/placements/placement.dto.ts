import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsISO8601, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { PageQuery } from '@traininghubs/runtime';
import { LEARNER_TYPES, type LearnerType } from '../domain/learner-type';
import { PLACEMENT_STATES, type PlacementState } from '../domain/placement/placement-lifecycle';
import type { PlacementTimeStatus } from '../domain/placement/placement-pattern';
import { CANCELLATION_REASONS, type CancellationReason } from './placement.entity';

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Dates and time commitment: whole-time equivalent, sessions a week, or both. */
class PatternInput {
  @ApiProperty({ example: '2025-10-06' })
  @IsISO8601({ strict: true })
  startDate!: string;

  @ApiProperty({ example: '2025-11-28', description: 'Last day (included).' })
  @IsISO8601({ strict: true })
  endDate!: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, description: 'Whole-time equivalent in hundredths (100 = full time).' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  wteHundredths?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 10, description: 'Sessions (half days) a week.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10)
  sessionsPerWeek?: number;
}

/** A learning environment offers a placement from its declared capacity to an education provider. */
export class OfferPlacement extends PatternInput {
  @ApiProperty({ format: 'uuid', description: 'The capacity declaration the placement is offered from.' })
  @IsUUID()
  placementCapacityId!: string;

  @ApiProperty({ example: '10007784', description: 'UKPRN of the university or college, or the NHS England region ODS code for postgraduate doctors.' })
  @Matches(/^[A-Z0-9]{3,10}$/, { message: 'educationProviderCode must be a UKPRN or ODS code' })
  educationProviderCode!: string;

  @ApiPropertyOptional({
    example: '2025-09-15',
    description: "The day the offer was made (Europe/London); today when absent. A past day must fall within the hub's active days; never a future day.",
  })
  @IsOptional()
  @Matches(ISO_DAY, { message: 'offeredOn must be a day like 2025-09-15' })
  offeredOn?: string;
}

/** A pseudonymous learner id: a code from the hub's own system or a uuid, never free text. */
export const LEARNER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;

/** A learner is matched to an offered placement. */
export class FillPlacement extends PatternInput {
  @ApiProperty({
    description: 'Pseudonymous id of the learner: never a name, student or registration number. Letters, digits and . _ : - only, at most 100.',
    pattern: LEARNER_ID_PATTERN.source,
    maxLength: 100,
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  @Matches(LEARNER_ID_PATTERN, { message: 'learnerId must be a pseudonymous code: letters, digits and . _ : - only, starting with a letter or digit' })
  learnerId!: string;

  @ApiProperty({ type: [String], format: 'uuid', description: 'Supervisors from the register, each in a role fit for the learner.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  supervisorIds!: string[];

  @ApiPropertyOptional({
    example: '2025-09-22',
    description: "The day the learner was placed (Europe/London); today when absent. Not before the offer, within the hub's active days, never a future day.",
  })
  @IsOptional()
  @Matches(ISO_DAY, { message: 'filledOn must be a day like 2025-09-22' })
  filledOn?: string;
}

export class CompletePlacement {
  @ApiPropertyOptional({
    description: "Last day actually on placement, when earlier than planned (the planned end when absent). Not after today, and within the hub's active days.",
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(ISO_DAY, { message: 'actualEndDate must be a day like 2025-11-28' })
  actualEndDate?: string;
}

export class EndPlacement {
  @ApiProperty({ enum: CANCELLATION_REASONS })
  @IsIn(CANCELLATION_REASONS)
  reason!: CancellationReason;

  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;

  @ApiPropertyOptional({ description: 'Last day the learner was on placement, when it stopped part way through.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  lastDayOnPlacement?: string;
}

export class PlacementQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  learningEnvironmentId?: string;

  @ApiPropertyOptional({ enum: PLACEMENT_STATES })
  @IsOptional()
  @IsIn(PLACEMENT_STATES)
  state?: PlacementState;
}

export class PlacementView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) hubId!: string;
  @ApiProperty({ format: 'uuid' }) learningEnvironmentId!: string;
  @ApiProperty({ format: 'uuid' }) placementCapacityId!: string;
  @ApiProperty({ enum: LEARNER_TYPES }) learnerType!: LearnerType;
  @ApiProperty({ enum: PLACEMENT_STATES }) state!: PlacementState;
  @ApiProperty({ enum: ['past', 'current', 'future'], description: 'Derived from the dates and today.' }) timeStatus!: PlacementTimeStatus;
  @ApiProperty() startDate!: string;
  @ApiProperty() endDate!: string;
  @ApiProperty() wteHundredths!: number;
  @ApiProperty() sessionsPerWeek!: number;
  @ApiProperty({ description: 'Days from start to end, both included, over 7.' }) calendarWeeks!: number;
  @ApiProperty({ description: 'Calendar weeks × WTE.' }) wteWeightedWeeks!: number;
  @ApiProperty() educationProviderCode!: string;
  @ApiProperty({ nullable: true, type: String }) learnerId!: string | null;
  @ApiProperty({ type: [String] }) supervisorIds!: string[];
  @ApiProperty({ nullable: true, enum: CANCELLATION_REASONS }) cancellationReason!: CancellationReason | null;
  @ApiProperty({ nullable: true, type: String }) lastDayOnPlacement!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The day the offer was made (Europe/London); null for offers recorded before it was kept.' }) offeredOn!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The day the learner was placed (Europe/London); null until filled.' }) filledOn!: string | null;
  @ApiProperty() version!: number;
}
