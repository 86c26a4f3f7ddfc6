import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, Min } from 'class-validator';
import { PageQuery } from '@traininghubs/runtime';
import { LEARNER_TYPES, type LearnerType } from '../domain/learner-type';

/** A learning environment declares places for one learner type in one period. */
export class DeclarePlacementCapacity {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  learningEnvironmentId!: string;

  @ApiProperty({ enum: LEARNER_TYPES })
  @IsIn(LEARNER_TYPES)
  learnerType!: LearnerType;

  @ApiProperty({ example: '2025-26-H2', description: 'An academic year (AY2025-26) or an NHS financial-year half (2025-26-H1, 2025-26-H2).' })
  @IsString()
  period!: string;

  @ApiProperty({ minimum: 1, maximum: 500 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  places!: number;
}

export class PlacementCapacityQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  learningEnvironmentId?: string;
}

export class PlacementCapacityView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) hubId!: string;
  @ApiProperty({ format: 'uuid' }) learningEnvironmentId!: string;
  @ApiProperty({ enum: LEARNER_TYPES }) learnerType!: LearnerType;
  @ApiProperty() period!: string;
  @ApiProperty() startsOn!: string;
  @ApiProperty() endsOn!: string;
  @ApiProperty() places!: number;
  @ApiProperty({ description: 'Places held by filled or completed placements.' }) placesFilled!: number;
}
