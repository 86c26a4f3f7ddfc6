import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { PageQuery } from '@traininghubs/runtime';
import { ORGANISATION_KINDS, type OrganisationKind } from './organisation-kind';

export const ISO_DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
export const ODS_CODE_PATTERN = /^[A-Z0-9]{3,6}$/;

/** An organisation's ODS code in the path: 400 problem+json for anything else; a pattern in OpenAPI. */
export class OdsCodeParam {
  @ApiProperty({ example: 'L81001', pattern: ODS_CODE_PATTERN.source, description: 'The ODS code of a practice, PCN, ICB or region' })
  @Matches(ODS_CODE_PATTERN, { message: 'odsCode must be an ODS code such as L81001' })
  odsCode!: string;
}

export class AsOfPageQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'The day the answer is for (YYYY-MM-DD); today when absent', example: '2026-04-01' })
  @IsOptional()
  @Matches(ISO_DAY_PATTERN, { message: 'asOf must be a day in the form YYYY-MM-DD' })
  asOf?: string;
}

export class IcbQuery extends AsOfPageQuery {
  @ApiPropertyOptional({ description: 'Only ICBs of this NHS England region (ODS code)', example: 'Y56' })
  @IsOptional()
  @Matches(/^Y\d{2}$/, { message: 'region must be an NHS England region ODS code such as Y56' })
  region?: string;
}

export class OrganisationQuery extends AsOfPageQuery {
  @ApiPropertyOptional({ enum: ORGANISATION_KINDS })
  @IsOptional()
  @IsIn(ORGANISATION_KINDS)
  type?: OrganisationKind;

  @ApiPropertyOptional({ description: 'Only children of this organisation on the day (ODS code)', example: 'QOX' })
  @IsOptional()
  @Matches(ODS_CODE_PATTERN, { message: 'parent must be an ODS code (3 to 6 upper-case letters or digits)' })
  parent?: string;
}

export class OrganisationAsOfQuery {
  @ApiPropertyOptional({ example: '2026-04-01' })
  @IsOptional()
  @Matches(ISO_DAY_PATTERN, { message: 'asOf must be a day in the form YYYY-MM-DD' })
  asOf?: string;
}

export class OrganisationView {
  @ApiProperty({ example: 'QOX' }) odsCode!: string;
  @ApiProperty({ enum: ORGANISATION_KINDS }) type!: OrganisationKind;
  @ApiProperty() name!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) gssCode?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) postcode?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) openDate!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) closeDate!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Parent on the day asked about' }) parentCode?: string | null;
}
