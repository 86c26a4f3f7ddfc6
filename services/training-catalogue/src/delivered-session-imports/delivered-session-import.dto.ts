import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class DeliveredSessionImportQuery {
  @ApiProperty({ format: 'uuid', description: 'The hub whose past sessions the file holds; you must be able to write to it. Every course in the file must be one of its courses.' })
  @IsUUID()
  hubId!: string;
}

export class RejectedRowView {
  @ApiProperty({ description: 'Line of the file the row starts on (the header is line 1).' }) line!: number;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Its session_ref, when it has a readable one.' }) sessionRef!: string | null;
  @ApiProperty({ example: 'attendance-over-capacity', description: 'Stable error code (see the docs for the list).' }) code!: string;
  @ApiProperty() reason!: string;
}

export class DeliveredSessionImportView {
  @ApiProperty({ format: 'uuid' }) importId!: string;
  @ApiProperty({ format: 'uuid' }) hubId!: string;
  @ApiProperty({ enum: ['running', 'completed', 'failed'] }) status!: string;
  @ApiProperty({ description: 'Attendance rows in the file (blank lines not counted).' }) totalRows!: number;
  @ApiProperty({ description: 'Sessions in the file (distinct session_ref).' }) totalSessions!: number;
  @ApiProperty({ description: 'Rows read and settled so far (imported, already imported or rejected).' }) processedRows!: number;
  @ApiProperty({ description: 'Sessions settled so far.' }) processedSessions!: number;
  @ApiProperty({ description: 'Sessions imported by this import: each a delivered session with a booking per row.' }) sessionsImported!: number;
  @ApiProperty({ description: 'Sessions whose (hub, session_ref) an earlier import already brought in: nothing added, not an error.' }) sessionsAlreadyImported!: number;
  @ApiProperty({ description: 'Sessions not imported because a rule refused one of their rows (a session is imported whole or not at all).' }) sessionsRejected!: number;
  @ApiProperty({ description: 'Bookings (attended or did not attend) recorded by this import.' }) attendanceImported!: number;
  @ApiProperty({ description: 'Learners the hub had not registered before, registered by this import.' }) learnersRegistered!: number;
  @ApiProperty({ description: 'Rows not imported.' }) rejectedRows!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'Rejected rows by error code.' }) rejectedRowsByCode!: Record<string, number>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'Rejected sessions by the code that refused each (its first rejected row).' })
  rejectedSessionsByCode!: Record<string, number>;
  @ApiProperty({ type: RejectedRowView, isArray: true, description: 'The first 100 rejected rows, in line order; every one is in rejectedRowsCsv.' })
  firstRejectedRows!: RejectedRowView[];
  @ApiProperty({ example: '/api/v1/courses/delivered-session-imports/5f0c…/rejected-rows.csv' }) rejectedRowsCsv!: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Why a failed import stopped (what it imported before stays).' }) failure!: string | null;
  @ApiProperty() requestedBy!: string;
  @ApiProperty() startedAt!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) finishedAt!: string | null;
}
