import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsIn, IsInt, IsNumber, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { PageQuery } from '@traininghubs/runtime';

const ODS_CODE = /^[A-Z0-9]{3,6}$/;
/** A day only (a time would make the day ambiguous): the record happened on its London day. */
export const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
export const STAFF_GROUPS = ['GP', 'NURSE', 'DIRECT_PATIENT_CARE', 'ADMIN_NON_CLINICAL'] as const;
export const PROFESSIONS = [
  'GP', 'GP_IN_TRAINING', 'NURSE', 'NURSING_ASSOCIATE', 'HEALTHCARE_ASSISTANT', 'PHARMACIST', 'PHARMACY_TECHNICIAN', 'PARAMEDIC', 'PHYSIOTHERAPIST',
  'OTHER_ALLIED_HEALTH_PROFESSIONAL', 'PHYSICIAN_ASSOCIATE', 'MENTAL_HEALTH_PRACTITIONER', 'PERSONALISED_CARE', 'GP_ASSISTANT', 'PRACTICE_MANAGER', 'ADMINISTRATIVE',
] as const;
export const GP_ROLES = ['PARTNER', 'SALARIED', 'RETAINER', 'LOCUM'] as const;
export const RECRUITMENT_ROUTES = ['NEWLY_QUALIFIED', 'RETURNER', 'INTERNATIONAL', 'FROM_ANOTHER_SYSTEM', 'WITHIN_SYSTEM'] as const;
export const LEAVING_REASONS = ['RETIREMENT', 'WORK_LIFE_BALANCE', 'WORKLOAD', 'RELOCATION', 'CAREER_PROGRESSION', 'END_OF_CONTRACT', 'ILL_HEALTH', 'OTHER', 'NOT_KNOWN'] as const;
export const LEAVING_DESTINATIONS = ['PRIMARY_CARE_SAME_SYSTEM', 'PRIMARY_CARE_OTHER_SYSTEM', 'OTHER_NHS', 'OUTSIDE_NHS', 'ABROAD', 'NOT_WORKING', 'NOT_KNOWN'] as const;

/** A member of staff recruited to a practice (or the PCN) in a hub's area. No names: the service issues a pseudonymous staff id. */
export class RecordRecruitment {
  @ApiProperty({ format: 'uuid' }) @IsUUID() hubId!: string;
  @ApiProperty({ enum: STAFF_GROUPS }) @IsIn(STAFF_GROUPS) staffGroup!: (typeof STAFF_GROUPS)[number];
  @ApiProperty({ enum: PROFESSIONS }) @IsIn(PROFESSIONS) profession!: (typeof PROFESSIONS)[number];
  @ApiPropertyOptional({ enum: GP_ROLES, description: 'Required for GPs.' }) @IsOptional() @IsIn(GP_ROLES) gpRole?: (typeof GP_ROLES)[number];
  @ApiPropertyOptional({ example: 'GP', description: 'The ARRS role when the post is reimbursed through the scheme.' })
  @IsOptional()
  @Matches(/^[A-Z_]{2,60}$/)
  arrsRole?: string;
  @ApiProperty({ enum: RECRUITMENT_ROUTES }) @IsIn(RECRUITMENT_ROUTES) route!: (typeof RECRUITMENT_ROUTES)[number];
  @ApiPropertyOptional({ example: 'F83004', description: 'Empty when the PCN employs the member of staff.' }) @IsOptional() @Matches(ODS_CODE) practiceOdsCode?: string;
  @ApiProperty({ example: 'U83547' }) @Matches(ODS_CODE, { message: 'pcnOdsCode must be an ODS code' }) pcnOdsCode!: string;
  @ApiProperty({ example: '2025-09-01', description: "First working day: on or before today, on a day the hub operated; the place of work is judged on it (the PCN's ICB and the hub's ICB that day)." })
  @IsDateString({ strict: true })
  @Matches(ISO_DAY, { message: 'startDate must be a day written YYYY-MM-DD' })
  startDate!: string;
  @ApiProperty({ example: 30, description: 'Contracted hours a week (37.5 = 1.0 FTE).' }) @IsNumber() @Min(0.5) @Max(75) hoursPerWeek!: number;
  @ApiPropertyOptional({ description: 'Clinical sessions a week, for GPs.' }) @IsOptional() @IsInt() @Min(1) @Max(12) sessionsPerWeek?: number;
}

/**
 * A member of staff already in post when the hub began recording (a GP the hub later supports to
 * stay, say): known to the hub from then on, so retention and leaving can be recorded, but not a
 * recruitment: no GpRecruited/StaffRecruited, nothing counted as recruited.
 */
export class RecordStaffInPost {
  @ApiProperty({ format: 'uuid' }) @IsUUID() hubId!: string;
  @ApiProperty({ enum: STAFF_GROUPS }) @IsIn(STAFF_GROUPS) staffGroup!: (typeof STAFF_GROUPS)[number];
  @ApiProperty({ enum: PROFESSIONS }) @IsIn(PROFESSIONS) profession!: (typeof PROFESSIONS)[number];
  @ApiPropertyOptional({ enum: GP_ROLES, description: 'Required for GPs.' }) @IsOptional() @IsIn(GP_ROLES) gpRole?: (typeof GP_ROLES)[number];
  @ApiPropertyOptional({ example: 'F83004', description: 'Empty when the PCN employs the member of staff.' }) @IsOptional() @Matches(ODS_CODE) practiceOdsCode?: string;
  @ApiProperty({ example: 'U83547' }) @Matches(ODS_CODE, { message: 'pcnOdsCode must be an ODS code' }) pcnOdsCode!: string;
  @ApiProperty({
    example: '2012-09-01',
    description: "First day in this post, as far as known; may be before the hub's first day. The place of work is judged on the later of it and the hub's first day.",
  })
  @IsDateString({ strict: true })
  @Matches(ISO_DAY, { message: 'inPostSince must be a day written YYYY-MM-DD' })
  inPostSince!: string;
  @ApiProperty({ example: 30, description: 'Contracted hours a week (37.5 = 1.0 FTE).' }) @IsNumber() @Min(0.5) @Max(75) hoursPerWeek!: number;
  @ApiPropertyOptional({ description: 'Clinical sessions a week, for GPs.' }) @IsOptional() @IsInt() @Min(1) @Max(12) sessionsPerWeek?: number;
}

/** The route of a post recorded as already in post: not a recruitment. */
export const IN_POST_ROUTE = 'IN_POST';

/** A member of staff left their post. */
export class RecordLeaving {
  @ApiProperty({ example: '2026-01-31', description: 'Last working day: on or before today, on a day the hub operated.' })
  @IsDateString({ strict: true })
  @Matches(ISO_DAY, { message: 'leftOn must be a day written YYYY-MM-DD' })
  leftOn!: string;
  @ApiProperty({ enum: LEAVING_REASONS }) @IsIn(LEAVING_REASONS) reason!: (typeof LEAVING_REASONS)[number];
  @ApiProperty({ enum: LEAVING_DESTINATIONS }) @IsIn(LEAVING_DESTINATIONS) destination!: (typeof LEAVING_DESTINATIONS)[number];
}

export class RecruitmentQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'U83547' }) @IsOptional() @Matches(ODS_CODE) pcnOdsCode?: string;
  @ApiPropertyOptional({ enum: STAFF_GROUPS }) @IsOptional() @IsIn(STAFF_GROUPS) staffGroup?: string;
}

export class StaffPostView {
  @ApiProperty({ format: 'uuid', description: 'Pseudonymous staff id.' }) staffId!: string;
  @ApiProperty({ format: 'uuid' }) hubId!: string;
  @ApiProperty({ enum: STAFF_GROUPS }) staffGroup!: string;
  @ApiProperty({ enum: PROFESSIONS }) profession!: string;
  @ApiProperty({ nullable: true, type: String }) gpRole!: string | null;
  @ApiProperty({ nullable: true, type: String }) arrsRole!: string | null;
  @ApiProperty({ enum: [...RECRUITMENT_ROUTES, 'IN_POST'], description: 'IN_POST: recorded as already in post when the hub began recording, not recruited.' }) route!: string;
  @ApiProperty({ nullable: true, type: String }) practiceOdsCode!: string | null;
  @ApiProperty() pcnOdsCode!: string;
  @ApiProperty() startedOn!: string;
  @ApiProperty({ description: 'FTE in hundredths (100 = 37.5 hours a week).' }) fteHundredths!: number;
  @ApiProperty({ nullable: true, type: Number }) sessionsPerWeek!: number | null;
  @ApiProperty({ nullable: true, type: String }) leftOn!: string | null;
  @ApiProperty({ nullable: true, type: String }) leavingReason!: string | null;
  @ApiProperty() version!: number;
}
