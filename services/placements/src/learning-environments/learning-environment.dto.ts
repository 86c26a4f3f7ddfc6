import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMinSize, ArrayUnique, IsArray, IsIn, IsISO8601, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '@traininghubs/runtime';
import { LEARNER_TYPES, type LearnerType } from '../domain/learner-type';
import { LEARNING_ENVIRONMENT_STATUSES, type LearningEnvironmentStatus } from '../domain/learning-environment/learning-environment-approval';
import { ENVIRONMENT_ORGANISATION_TYPES, type EnvironmentOrganisationType } from './learning-environment.entity';

const ODS_CODE = /^[A-Z0-9]{3,10}$/;

/** A Training Hub approves a practice, branch or PCN site as a learning environment. */
export class ApproveLearningEnvironment {
  @ApiProperty({ format: 'uuid', description: 'The Training Hub that approves it.' })
  @IsUUID()
  hubId!: string;

  @ApiProperty({ example: 'F83004', description: 'ODS code of the practice, branch or PCN.' })
  @Matches(ODS_CODE, { message: 'odsCode must be an ODS code (3 to 10 upper-case letters and digits)' })
  odsCode!: string;

  @ApiProperty({ example: 'Barnsbury Medical Practice' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: ENVIRONMENT_ORGANISATION_TYPES })
  @IsIn(ENVIRONMENT_ORGANISATION_TYPES)
  organisationType!: EnvironmentOrganisationType;

  @ApiPropertyOptional({ example: 'U83547', description: 'ODS code of the PCN it belongs to.' })
  @IsOptional()
  @Matches(ODS_CODE, { message: 'pcnOdsCode must be an ODS code' })
  pcnOdsCode?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'For a spoke in a hub-and-spoke network: the lead learning environment of the same hub.' })
  @IsOptional()
  @IsUUID()
  leadLearningEnvironmentId?: string;

  @ApiProperty({ enum: LEARNER_TYPES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(LEARNER_TYPES, { each: true })
  learnerTypes!: LearnerType[];

  @ApiProperty({ example: '2025-04-01', description: 'First day of the approval.' })
  @IsISO8601({ strict: true })
  approvedFrom!: string;

  @ApiProperty({ example: '2027-03-31', description: 'The approval lapses after this day without a review.' })
  @IsISO8601({ strict: true })
  reviewDueBy!: string;

  @ApiProperty({ description: 'The identified practice-based placement administrator (name or role holder).' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  placementAdministrator!: string;

  @ApiProperty({ description: 'The identified educational lead.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  educationalLead!: string;
}

export class SuspendLearningEnvironment {
  @ApiProperty({ description: 'Why the approval is suspended.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason!: string;
}

export class LearningEnvironmentQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  hubId?: string;

  @ApiPropertyOptional({ enum: LEARNER_TYPES })
  @IsOptional()
  @IsIn(LEARNER_TYPES)
  learnerType?: LearnerType;
}

export class LearningEnvironmentView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) hubId!: string;
  @ApiProperty() odsCode!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ENVIRONMENT_ORGANISATION_TYPES }) organisationType!: EnvironmentOrganisationType;
  @ApiProperty({ nullable: true, type: String }) pcnOdsCode!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) leadLearningEnvironmentId!: string | null;
  @ApiProperty({ enum: LEARNER_TYPES, isArray: true }) learnerTypes!: LearnerType[];
  @ApiProperty() approvedFrom!: string;
  @ApiProperty() reviewDueBy!: string;
  @ApiProperty({ enum: LEARNING_ENVIRONMENT_STATUSES, description: 'As of today: an approval past its review date shows as expired.' })
  status!: LearningEnvironmentStatus;
  @ApiProperty() placementAdministrator!: string;
  @ApiProperty() educationalLead!: string;
  @ApiProperty() version!: number;
}
