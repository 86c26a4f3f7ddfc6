import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, Min, ValidateNested } from 'class-validator';
import { PageQuery } from '@traininghubs/runtime';

const ODS_CODE = /^[A-Z0-9]{3,6}$/;
const FINANCIAL_YEAR = /^\d{4}-\d{2}$/;

export class ArrsPlanLineInput {
  @ApiProperty({ example: 'CLINICAL_PHARMACIST', description: 'An ARRS role code from /api/v1/workforce/arrs-roles.' })
  @IsString()
  @Matches(/^[A-Z_]{2,60}$/)
  role!: string;

  @ApiProperty({ description: 'FTE in post at submission, in hundredths (150 = 1.5 FTE).', minimum: 0 })
  @IsInt()
  @Min(0)
  @Max(100_000)
  inPostFteHundredths!: number;

  @ApiProperty({ description: 'FTE planned in post by 31 March, in hundredths.', minimum: 0 })
  @IsInt()
  @Min(0)
  @Max(100_000)
  plannedFteHundredths!: number;

  @ApiProperty({ description: 'Reimbursement planned to be claimed for the role in the year, in pence.', minimum: 0 })
  @IsInt()
  @Min(0)
  plannedClaimPence!: number;
}

/** A PCN submits (or revises) its ARRS plan for a financial year. */
export class SubmitArrsPlan {
  @ApiProperty({ format: 'uuid', description: "The hub whose area the PCN is in." })
  @IsUUID()
  hubId!: string;

  @ApiProperty({ example: 'U83547' })
  @Matches(ODS_CODE, { message: 'pcnOdsCode must be an ODS code (3 to 6 capital letters or digits)' })
  pcnOdsCode!: string;

  @ApiProperty({ example: '2025-26' })
  @Matches(FINANCIAL_YEAR, { message: 'financialYear must be an NHS financial year like 2025-26' })
  financialYear!: string;

  @ApiProperty({ description: "The PCN's ARRS financial entitlement for the year, in pence.", minimum: 0 })
  @IsInt()
  @Min(0)
  entitlementPence!: number;

  @ApiProperty({ type: [ArrsPlanLineInput] })
  @ValidateNested({ each: true })
  @Type(() => ArrsPlanLineInput)
  @ArrayMinSize(1)
  @ArrayMaxSize(60)
  lines!: ArrsPlanLineInput[];
}

export class ArrsPlanQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'U83547' })
  @IsOptional()
  @Matches(ODS_CODE)
  pcnOdsCode?: string;

  @ApiPropertyOptional({ example: '2025-26' })
  @IsOptional()
  @Matches(FINANCIAL_YEAR)
  financialYear?: string;
}

export const PLAN_VS_ACTUAL_GROUPINGS = ['pcn', 'icb', 'role'] as const;

export class PlanVsActualQuery extends PageQuery {
  @ApiProperty({ example: '2025-26' })
  @Matches(FINANCIAL_YEAR, { message: 'financialYear must be an NHS financial year like 2025-26' })
  financialYear!: string;

  @ApiPropertyOptional({ enum: PLAN_VS_ACTUAL_GROUPINGS, default: 'pcn' })
  @IsOptional()
  @IsIn(PLAN_VS_ACTUAL_GROUPINGS)
  by: (typeof PLAN_VS_ACTUAL_GROUPINGS)[number] = 'pcn';

  @ApiPropertyOptional({ example: 'U83547' })
  @IsOptional()
  @Matches(ODS_CODE)
  pcnOdsCode?: string;

  @ApiPropertyOptional({ example: 'QOX' })
  @IsOptional()
  @Matches(ODS_CODE)
  icbCode?: string;

  @ApiPropertyOptional({ example: 'GP' })
  @IsOptional()
  @Matches(/^[A-Z_]{2,60}$/)
  role?: string;
}

export class ArrsPlanView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) hubId!: string;
  @ApiProperty() pcnOdsCode!: string;
  @ApiProperty() icbCode!: string;
  @ApiProperty() financialYear!: string;
  @ApiProperty({ description: '1 for the first submission, 2 for the first revision and so on.' }) revision!: number;
  @ApiProperty({ type: [ArrsPlanLineInput] }) lines!: ArrsPlanLineInput[];
  @ApiProperty() entitlementPence!: number;
  @ApiProperty() submittedAt!: string;
}

export class PlanVsActualView {
  @ApiProperty({ description: 'PCN ODS code, ICB code or ARRS role, by the grouping asked for.' }) group!: string;
  @ApiProperty() financialYear!: string;
  @ApiProperty() plannedFteHundredths!: number;
  @ApiProperty() actualFteHundredths!: number;
  @ApiProperty() varianceFteHundredths!: number;
}
