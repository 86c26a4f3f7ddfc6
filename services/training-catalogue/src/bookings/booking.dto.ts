import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageQuery } from '@traininghubs/runtime';

const STATUSES = ['confirmed', 'waitlisted', 'cancelled', 'attended', 'did_not_attend'] as const;

export class NewBookingDto {
  @ApiProperty({ format: 'uuid', description: 'The learner (registered with POST /api/v1/learners).' })
  @IsUUID()
  learnerId!: string;
}

export class BookingQuery extends PageQuery {
  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES)
  status?: (typeof STATUSES)[number];
}

export class BookingView {
  @ApiProperty({ format: 'uuid' }) bookingId!: string;
  @ApiProperty({ format: 'uuid' }) sessionId!: string;
  @ApiProperty({ format: 'uuid' }) learnerId!: string;
  @ApiProperty() profession!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) employerOdsCode!: string | null;
  @ApiProperty({ enum: STATUSES }) status!: string;
  @ApiProperty() bookedAt!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) confirmedAt!: string | null;
}
