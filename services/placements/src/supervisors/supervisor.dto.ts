import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsIn, IsISO8601, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { PageQuery } from '@traininghubs/runtime';
import { SUPERVISOR_ROLES, type SupervisorRole } from '../domain/supervisor/supervisor-fitness';

export class SupervisorApprovalInput {
  @ApiProperty({ enum: SUPERVISOR_ROLES })
  @IsIn(SUPERVISOR_ROLES)
  role!: SupervisorRole;

  @ApiProperty({ example: '2024-09-01' })
  @IsISO8601({ strict: true })
  approvedFrom!: string;

  @ApiPropertyOptional({ example: '2027-08-31', description: 'Last day of the approval; open-ended when left out.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresOn?: string;
}

/** A supervisor or educator added to a hub's register. */
export class RegisterSupervisor {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  hubId!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The learning environment they supervise in, if one.' })
  @IsOptional()
  @IsUUID()
  learningEnvironmentId?: string;

  @ApiProperty({ example: 'Dr A Example' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ description: 'GMC, NMC, HCPC or GPhC number.' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  professionalRegistration?: string;

  @ApiProperty({ type: [SupervisorApprovalInput] })
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => SupervisorApprovalInput)
  approvals!: SupervisorApprovalInput[];
}

export class SupervisorQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  hubId?: string;
}

export class SupervisorView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) hubId!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) learningEnvironmentId!: string | null;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) professionalRegistration!: string | null;
  @ApiProperty({ type: [SupervisorApprovalInput] }) approvals!: SupervisorApprovalInput[];
}
