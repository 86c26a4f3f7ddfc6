import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { PageQuery } from '@traininghubs/runtime';

export class ArrsRoleQuery extends PageQuery {
  @ApiPropertyOptional({ example: '2025-26', description: 'Only roles the scheme covers in this NHS financial year.' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}$/, { message: 'financialYear must be an NHS financial year like 2025-26' })
  financialYear?: string;
}

export class ArrsRoleView {
  @ApiProperty({ example: 'CLINICAL_PHARMACIST' }) code!: string;
  @ApiProperty() name!: string;
  @ApiProperty() validFrom!: string;
  @ApiProperty({ nullable: true, type: String }) validTo!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Highest Agenda for Change band reimbursable.' }) afcBandCap!: string | null;
  @ApiProperty({ description: 'Maximum reimbursement per whole-time equivalent by financial year, in pence.', example: { '2025-26': 10588200 } })
  maxReimbursementPenceByYear!: Record<string, number>;
}
