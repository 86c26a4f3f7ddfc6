import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayUnique, IsArray, IsIn, IsInt, IsNotEmpty, IsNumber, IsOptional, IsString, IsUUID, Matches, MaxLength, Min, ValidateNested, Max } from 'class-validator';
import { PageQuery } from '@traininghubs/runtime';
import {
  COURSE_DELIVERY_MODES,
  COURSE_FORMATS,
  KPI_AREAS,
  PROFESSIONS,
  PROVIDER_TYPES,
  STAFF_GROUPS,
  type CourseDeliveryMode,
  type CourseFormatName,
  type KpiAreaName,
  type ProfessionName,
  type ProviderType,
} from '../catalogue/catalogue-vocabulary';

export class CpdAccreditationDto {
  @ApiProperty({ example: 'RCGP', description: 'The accrediting body (RCGP, CPD Certification Service, Personalised Care Institute …); also the CPD scheme of the credits.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  body!: string;

  @ApiProperty({ example: 1, description: 'Credits per hour of attendance under that scheme (RCGP: 1 credit = 1 hour).' })
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  @Max(100)
  creditsPerHour!: number;
}

export class NewCourseDto {
  @ApiProperty({ format: 'uuid', description: 'The hub that owns and runs the course.' })
  @IsUUID()
  hubId!: string;

  @ApiProperty({ example: 'Clinical supervisor training for ARRS roles' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title!: string;

  @ApiProperty({ example: 'Two half-days on supervising pharmacists, paramedics and physician associates.' })
  @IsString()
  @MaxLength(5000)
  description!: string;

  @ApiProperty({ enum: COURSE_FORMATS })
  @IsIn(COURSE_FORMATS)
  format!: CourseFormatName;

  @ApiProperty({ enum: KPI_AREAS })
  @IsIn(KPI_AREAS)
  kpiArea!: KpiAreaName;

  @ApiPropertyOptional({ enum: PROFESSIONS, isArray: true, description: 'Empty: open to every profession.' })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(PROFESSIONS, { each: true })
  targetProfessions: ProfessionName[] = [];

  @ApiPropertyOptional({ enum: STAFF_GROUPS, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(STAFF_GROUPS, { each: true })
  targetStaffGroups: string[] = [];

  @ApiPropertyOptional({ isArray: true, type: String, example: ['CLINICAL_PHARMACIST', 'FIRST_CONTACT_PHYSIOTHERAPIST'] })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @Matches(/^[A-Z][A-Z0-9_]{1,60}$/, { each: true, message: 'each ARRS role must be an upper-case code like CLINICAL_PHARMACIST' })
  targetArrsRoles: string[] = [];

  @ApiPropertyOptional({ example: 'School staff', description: 'The audience when it is not primary-care staff (e.g. Mental Health First Aid for schools).' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  audience?: string;

  @ApiProperty({ example: 'University of Hertfordshire' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  providerName!: string;

  @ApiProperty({ enum: PROVIDER_TYPES })
  @IsIn(PROVIDER_TYPES)
  providerType!: ProviderType;

  @ApiProperty({ enum: COURSE_DELIVERY_MODES })
  @IsIn(COURSE_DELIVERY_MODES)
  deliveryMode!: CourseDeliveryMode;

  @ApiPropertyOptional({ type: CpdAccreditationDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => CpdAccreditationDto)
  cpdAccreditation?: CpdAccreditationDto;

  @ApiProperty({ example: 'Training hub education budget' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  fundingSource!: string;

  @ApiPropertyOptional({ example: 0, description: 'Price of a place in pence, charged to the employer; 0 when the hub funds it.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  pricePerPlacePence: number = 0;
}

export class CourseQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  hubId?: string;

  @ApiPropertyOptional({ enum: KPI_AREAS })
  @IsOptional()
  @IsIn(KPI_AREAS)
  kpiArea?: KpiAreaName;

  @ApiPropertyOptional({ enum: PROFESSIONS, description: 'Courses aimed at this profession, or open to every profession.' })
  @IsOptional()
  @IsIn(PROFESSIONS)
  profession?: ProfessionName;

  @ApiPropertyOptional({ enum: COURSE_FORMATS })
  @IsOptional()
  @IsIn(COURSE_FORMATS)
  format?: CourseFormatName;

  @ApiPropertyOptional({ example: '2026-04-01', description: 'Courses with a session on or after this day (Europe/London).' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'from must be a date like 2026-04-01' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-09-30', description: 'Courses with a session on or before this day (Europe/London).' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'to must be a date like 2026-09-30' })
  to?: string;
}

export class CourseView {
  @ApiProperty({ format: 'uuid' }) courseId!: string;
  @ApiProperty({ format: 'uuid' }) hubId!: string;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ enum: COURSE_FORMATS }) format!: string;
  @ApiProperty({ enum: KPI_AREAS }) kpiArea!: string;
  @ApiProperty({ enum: PROFESSIONS, isArray: true }) targetProfessions!: string[];
  @ApiProperty({ isArray: true, type: String }) targetStaffGroups!: string[];
  @ApiProperty({ isArray: true, type: String }) targetArrsRoles!: string[];
  @ApiPropertyOptional({ nullable: true, type: String }) audience!: string | null;
  @ApiProperty() providerName!: string;
  @ApiProperty({ enum: PROVIDER_TYPES }) providerType!: string;
  @ApiProperty({ enum: COURSE_DELIVERY_MODES }) deliveryMode!: string;
  @ApiPropertyOptional({ type: CpdAccreditationDto, nullable: true }) cpdAccreditation!: CpdAccreditationDto | null;
  @ApiProperty() fundingSource!: string;
  @ApiProperty() pricePerPlacePence!: number;
  @ApiProperty() version!: number;
}
