import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID } from 'class-validator';

export class StartPastActivityImportQuery {
  @ApiProperty({ format: 'uuid', description: 'The hub whose past activity the file holds: every row is for this hub.' }) @IsUUID() hubId!: string;
}

export class PastActivityFileBody {
  @ApiPropertyOptional({ description: 'The CSV file, when it is not sent as text/csv.' })
  @IsOptional()
  @IsString()
  csv?: string;
}

export class PastActivityRowView {
  @ApiProperty({ description: 'Line of the file (1 = the header).' }) line!: number;
  @ApiProperty({ nullable: true, type: String }) recordRef!: string | null;
  @ApiProperty({ example: 'date-in-the-future', description: "The rule's code: the single-record routes' codes, or invalid-value, invalid-row, duplicate-in-file, record-ref-reused, unknown-recruit, unknown-staff; already-imported for a row imported before." })
  code!: string;
  @ApiProperty() reason!: string;
}

export class PastActivityImportLinks {
  @ApiProperty() self!: string;
  @ApiProperty({ description: 'Every rejected row as CSV: line, code, reason and the row as sent.' }) rejectedRows!: string;
  @ApiProperty({ description: "Every imported row as CSV: line, record_ref and the id issued (staff_id or intervention_id)." }) importedRows!: string;
}

export class PastActivityImportView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['recruitment', 'retention'] }) kind!: string;
  @ApiProperty({ format: 'uuid' }) hubId!: string;
  @ApiProperty({ enum: ['running', 'completed', 'failed'] }) status!: string;
  @ApiProperty({ description: 'Data rows in the file (blank lines are skipped).' }) totalRows!: number;
  @ApiProperty({ description: 'Rows processed so far; equals totalRows once completed.' }) processedRows!: number;
  @ApiProperty({ description: 'Rows imported: saved with their events.' }) imported!: number;
  @ApiProperty({ description: 'Rows whose record_ref was imported before with the same values: nothing added.' }) alreadyImported!: number;
  @ApiProperty({ description: 'Rows rejected: nothing saved for them.' }) rejected!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, example: { 'date-in-the-future': 1, 'unknown-pcn': 2 }, description: 'Rejected rows by code.' })
  rejectedByCode!: Record<string, number>;
  @ApiProperty({ type: [PastActivityRowView], description: 'The first 100 rejected rows, in file order; links.rejectedRows has them all.' }) rejectedRows!: PastActivityRowView[];
  @ApiProperty({ type: [PastActivityRowView], description: 'The first 100 rows already imported, in file order.' }) alreadyImportedRows!: PastActivityRowView[];
  @ApiProperty({ type: PastActivityImportLinks }) links!: PastActivityImportLinks;
  @ApiProperty({ nullable: true, type: String, description: 'Why a failed import stopped; the rows imported before it stay, and sending the file again imports the rest.' }) failure!: string | null;
  @ApiProperty() requestedBy!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) finishedAt!: string | null;
}
