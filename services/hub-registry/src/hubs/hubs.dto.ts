import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '@traininghubs/runtime';
import { ISO_DAY_PATTERN, ODS_CODE_PATTERN } from '../organisations/organisations.dto';

export const HUB_LEVELS = ['ics', 'locality'] as const;
export const CONTACT_ROLES = ['general_enquiries', 'hub_lead', 'clinical_lead', 'placements_lead', 'workforce_lead', 'education_lead', 'kpi_returns'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];
export const FUNDING_SOURCES = ['hee_operational_budget', 'ics_programme_funding', 'local_authority', 'other'] as const;
export const DEACTIVATION_REASONS = ['merged', 'split', 'closed', 'registered_in_error'] as const;
export type DeactivationReason = (typeof DEACTIVATION_REASONS)[number];
const DAY = { message: '$property must be a day in the form YYYY-MM-DD' };

export class OrganisationReferenceDto {
  @ApiProperty({ example: 'Y02626' }) @Matches(ODS_CODE_PATTERN, { message: '$property must be an ODS code' }) odsCode!: string;
  @ApiProperty({ example: 'Bristol GP Federation' }) @IsString() @IsNotEmpty() @MaxLength(200) name!: string;
}

export class GovernanceDto {
  @ApiPropertyOptional() @IsOptional() @IsBoolean() notForProfit?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() conflictOfInterestPolicy?: boolean;
  @ApiPropertyOptional({ example: 'HEE-SW-2024-017' }) @IsOptional() @IsString() @MaxLength(100) contractReference?: string;
  @ApiPropertyOptional({ example: '2024-04-01' }) @IsOptional() @Matches(ISO_DAY_PATTERN, DAY) contractStart?: string;
  @ApiPropertyOptional({ example: '2027-03-31' }) @IsOptional() @Matches(ISO_DAY_PATTERN, DAY) contractEnd?: string;
  @ApiPropertyOptional({ type: OrganisationReferenceDto }) @IsOptional() @ValidateNested() @Type(() => OrganisationReferenceDto) accountableBody?: OrganisationReferenceDto;
}

export class FundingDto {
  @ApiProperty({ example: '2025-26' }) @Matches(/^\d{4}-\d{2}$/, { message: 'financialYear must look like 2025-26' }) financialYear!: string;
  @ApiProperty({ enum: FUNDING_SOURCES }) @IsIn(FUNDING_SOURCES) source!: (typeof FUNDING_SOURCES)[number];
  @ApiProperty({ description: 'Amount in pence', example: 25000000 }) @IsInt() @Min(0) amountPence!: number;
}

class HubDescriptionDto {
  @ApiPropertyOptional({ type: OrganisationReferenceDto }) @IsOptional() @ValidateNested() @Type(() => OrganisationReferenceDto) hostOrganisation?: OrganisationReferenceDto;
  @ApiPropertyOptional({ example: 'https://www.ncltraininghub.org' }) @IsOptional() @IsUrl({ protocols: ['https', 'http'], require_protocol: true }) websiteUrl?: string;
  @ApiPropertyOptional({ type: GovernanceDto }) @IsOptional() @ValidateNested() @Type(() => GovernanceDto) governance?: GovernanceDto;
  @ApiPropertyOptional({ type: FundingDto, isArray: true }) @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => FundingDto) funding?: FundingDto[];
}

export class RegisterHubDto extends HubDescriptionDto {
  @ApiProperty({ example: 'Bristol, North Somerset and South Gloucestershire Training Hub' }) @IsString() @IsNotEmpty() @MaxLength(200) name!: string;
  @ApiProperty({ enum: HUB_LEVELS }) @IsIn(HUB_LEVELS) level!: (typeof HUB_LEVELS)[number];
  @ApiPropertyOptional({ description: 'ICS-level hub: the ICB it serves', example: 'QUY' }) @IsOptional() @Matches(ODS_CODE_PATTERN, { message: 'icbCode must be an ODS code' }) icbCode?: string;
  @ApiPropertyOptional({ description: 'Locality hub: its ICS-level hub' }) @IsOptional() @IsUUID() parentHubId?: string;
  @ApiPropertyOptional({ description: 'Locality hub: the PCNs or practices it covers', example: ['U12345'] })
  @IsOptional() @IsArray() @ArrayUnique() @ArrayMaxSize(500) @Matches(ODS_CODE_PATTERN, { each: true, message: 'each covered code must be an ODS code' }) coveredOdsCodes?: string[];
  @ApiProperty({ example: '2025-04-01' }) @Matches(ISO_DAY_PATTERN, DAY) activeFrom!: string;
}

export class UpdateHubDto extends HubDescriptionDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) name?: string;
  @ApiPropertyOptional({ description: 'Locality hub: the PCNs or practices it covers from effectiveFrom' })
  @IsOptional() @IsArray() @ArrayUnique() @ArrayMaxSize(500) @Matches(ODS_CODE_PATTERN, { each: true, message: 'each covered code must be an ODS code' }) coveredOdsCodes?: string[];
  @ApiProperty({ example: '2025-10-01' }) @Matches(ISO_DAY_PATTERN, DAY) effectiveFrom!: string;
}

export class DeactivateHubDto {
  @ApiProperty({ example: '2026-04-01' }) @Matches(ISO_DAY_PATTERN, DAY) effectiveDate!: string;
  @ApiProperty({ enum: DEACTIVATION_REASONS }) @IsIn(DEACTIVATION_REASONS) reason!: DeactivationReason;
  @ApiPropertyOptional({ type: String, isArray: true }) @IsOptional() @IsArray() @ArrayUnique() @IsUUID('all', { each: true }) successorHubIds?: string[];
}

export class ContactDto {
  @ApiProperty({ enum: CONTACT_ROLES }) @IsIn(CONTACT_ROLES) role!: ContactRole;
  @ApiProperty({ example: 'Placements team' }) @IsString() @IsNotEmpty() @MaxLength(200) displayName!: string;
  @ApiProperty({ example: 'nclth.placements@nhs.net' }) @IsEmail() email!: string;
  @ApiPropertyOptional({ example: '020 7946 0000' }) @IsOptional() @Matches(/^[0-9 +()-]{6,20}$/, { message: 'telephone must be a telephone number' }) telephone?: string;
}

export class ReplaceContactsDto {
  @ApiProperty({ type: ContactDto, isArray: true }) @IsArray() @ArrayMaxSize(CONTACT_ROLES.length) @ValidateNested({ each: true }) @Type(() => ContactDto) contacts!: ContactDto[];
}

export class HubListQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Hubs working on this day, filtered by the ICB and region they had then', example: '2026-03-31' })
  @IsOptional()
  @Matches(ISO_DAY_PATTERN, { message: 'asOf must be a day in the form YYYY-MM-DD' })
  asOf?: string;
  @ApiPropertyOptional({ example: 'QOX' }) @IsOptional() @Matches(ODS_CODE_PATTERN, { message: 'icb must be an ODS code' }) icb?: string;
  @ApiPropertyOptional({ example: 'Y58' }) @IsOptional() @Matches(/^Y\d{2}$/, { message: 'region must be a region ODS code' }) region?: string;
  @ApiPropertyOptional({ enum: ['active', 'inactive'] }) @IsOptional() @IsIn(['active', 'inactive']) status?: 'active' | 'inactive';
}

export class ContactHistoryQuery {
  @ApiPropertyOptional({ description: 'Include contacts that have been replaced' }) @IsOptional() @IsIn(['true', 'false']) history?: 'true' | 'false';
}

export class SucceedHubDto {
  @ApiProperty({ description: 'The ICB that succeeds the hub’s ICB (a recorded succession)', example: 'T6Y0W' })
  @Matches(ODS_CODE_PATTERN, { message: 'successorIcbCode must be an ODS code' })
  successorIcbCode!: string;
  @ApiProperty({ description: 'The day the successor takes over (the succession’s effective date)', example: '2026-04-01' })
  @Matches(ISO_DAY_PATTERN, DAY)
  effectiveFrom!: string;
  @ApiPropertyOptional({ description: 'The ICS-level hub serving the successor ICB to merge into; absent to re-parent this hub onto the successor' })
  @IsOptional()
  @IsUUID()
  mergeInto?: string;
}

export class HubAsOfQuery {
  @ApiPropertyOptional({ description: 'Show the ICB, region and parent the hub had on this day (YYYY-MM-DD)', example: '2026-03-31' })
  @IsOptional()
  @Matches(ISO_DAY_PATTERN, { message: 'asOf must be a day in the form YYYY-MM-DD' })
  asOf?: string;
}
