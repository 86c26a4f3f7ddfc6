import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PROFESSIONS, type ProfessionName } from '../catalogue/catalogue-vocabulary';

/** Minimal contact details: no date of birth, NHS number, ethnicity, health or other special-category data. */
export class NewLearnerDto {
  @ApiProperty({ format: 'uuid', description: 'The Training Hub registering the learner; the record belongs to it, and only callers in its scope see it.' })
  @IsUUID()
  hubId!: string;

  @ApiProperty({
    example: 'a.nurse@nhs.net',
    description: 'Work e-mail address; within one hub the same address always gets the same learner id. Another hub registering it gets a record of its own.',
  })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'Alex Morgan' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  displayName!: string;

  @ApiProperty({ enum: PROFESSIONS })
  @IsIn(PROFESSIONS)
  profession!: ProfessionName;

  @ApiPropertyOptional({ example: 'F83004', description: 'ODS code of the practice or PCN they work for.' })
  @IsOptional()
  @Matches(/^[A-Z0-9]{3,8}$/, { message: 'employerOdsCode must be an ODS code like F83004' })
  employerOdsCode?: string;
}

export class LearnerView {
  @ApiProperty({ format: 'uuid', description: 'Stable pseudonymous id; events carry only this.' }) learnerId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The hub the record belongs to.' }) hubId!: string | null;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: PROFESSIONS }) profession!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) employerOdsCode!: string | null;
}
