import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';
import { PageQuery } from '@traininghubs/runtime';
import { BookingView } from '../bookings/booking.dto';
import { CANCELLATION_REASONS, type CancellationReason } from '../catalogue/catalogue-vocabulary';

const WALL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

export class SessionPlanDto {
  @ApiProperty({ example: '2026-06-10T09:30', description: 'Start, Europe/London local time.' })
  @Matches(WALL_TIME, { message: 'startsAt must be a Europe/London local time like 2026-06-10T09:30' })
  startsAt!: string;

  @ApiProperty({ example: '2026-06-10T12:30', description: 'End, Europe/London local time.' })
  @Matches(WALL_TIME, { message: 'endsAt must be a Europe/London local time like 2026-06-10T12:30' })
  endsAt!: string;

  @ApiPropertyOptional({ example: 'Lakeside Centre, Enfield' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  venue?: string;

  @ApiPropertyOptional({ example: 'https://teams.microsoft.com/l/meetup-join/…' })
  @IsOptional()
  @IsUrl({ protocols: ['https'], require_protocol: true }, { message: 'onlineLink must be an https:// link' })
  onlineLink?: string;

  @ApiProperty({ example: 20, minimum: 1 })
  @IsInt()
  capacity!: number;
}

export class SessionCancellationDto {
  @ApiProperty({ enum: CANCELLATION_REASONS })
  @IsIn(CANCELLATION_REASONS)
  reason!: CancellationReason;

  @ApiPropertyOptional({ format: 'uuid', description: 'A session of the same course offered instead.' })
  @IsOptional()
  @IsUUID()
  replacementSessionId?: string;
}

export class AttendanceRecordDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  bookingId!: string;

  @ApiProperty({ description: 'true: attended; false: did not attend.' })
  @IsBoolean()
  attended!: boolean;
}

export class AttendanceDto {
  @ApiProperty({ type: AttendanceRecordDto, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => AttendanceRecordDto)
  records!: AttendanceRecordDto[];
}

export class LearnerAttendanceDto {
  @ApiProperty({ format: 'uuid', description: 'A learner registered with a hub in your scope (POST /api/v1/learners).' })
  @IsUUID()
  learnerId!: string;

  @ApiProperty({ description: 'true: attended; false: booked but did not attend.' })
  @IsBoolean()
  attended!: boolean;
}

/**
 * A session that already took place, entered after the fact with its attendance: the same plan as
 * a scheduled session (Europe/London wall times), which must have ended, and one record per learner
 * who held a place.
 */
export class DeliveredSessionDto extends SessionPlanDto {
  @ApiProperty({
    type: LearnerAttendanceDto,
    isArray: true,
    description: 'Every learner who held a place, once each, no more than the capacity; a booking is recorded for each.',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => LearnerAttendanceDto)
  attendance!: LearnerAttendanceDto[];
}

export class SessionQuery extends PageQuery {}

export class SessionView {
  @ApiProperty({ format: 'uuid' }) sessionId!: string;
  @ApiProperty({ format: 'uuid' }) courseId!: string;
  @ApiProperty({ format: 'uuid' }) hubId!: string;
  @ApiProperty({ description: 'UTC instant' }) startsAt!: string;
  @ApiProperty({ description: 'UTC instant' }) endsAt!: string;
  @ApiProperty({ example: '2026-06-10T09:30' }) startsAtLocal!: string;
  @ApiProperty({ example: '2026-06-10T12:30' }) endsAtLocal!: string;
  @ApiProperty({ example: 'Europe/London' }) timeZone!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) venue!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) onlineLink!: string | null;
  @ApiProperty({ enum: ['IN_PERSON', 'ONLINE', 'HYBRID'] }) deliveryMode!: string;
  @ApiProperty() capacity!: number;
  @ApiProperty() confirmedPlaces!: number;
  @ApiProperty() freePlaces!: number;
  @ApiProperty({ enum: ['scheduled', 'cancelled', 'delivered'] }) status!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) cancellationReason!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) replacementSessionId!: string | null;
  @ApiProperty() version!: number;
}

/** A session entered after it took place: the session (delivered), what it counts for, and the bookings recorded for it. */
export class DeliveredSessionView extends SessionView {
  @ApiProperty({ description: 'UTC instant the session was delivered (its start): the time its CourseDelivered counts in.' }) deliveredAt!: string;
  @ApiProperty({ description: 'Learners who attended.' }) participants!: number;
  @ApiProperty({ description: 'Learners who held a place but did not attend.' }) didNotAttend!: number;
  @ApiProperty({ description: 'CPD delivered over all participants, in minutes.' }) cpdMinutesDelivered!: number;
  @ApiProperty({ type: BookingView, isArray: true, description: 'One booking per learner, attended or did_not_attend.' }) bookings!: BookingView[];
}
