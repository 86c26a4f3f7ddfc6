import { Controller, Get, HttpStatus, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentCaller, type Caller } from '@traininghubs/auth';
import { MalformedCsvError } from '@traininghubs/csv';
import { readCsvBody } from './csv-body';
import { DeliveredSessionImportQuery, DeliveredSessionImportView } from './delivered-session-import.dto';
import { ImportFileError, MAX_ATTENDANCE_PER_SESSION, OPTIONAL_COLUMNS, readImportFile, REQUIRED_COLUMNS, type ImportFile } from './delivered-session-import.file';
import { rejectedRowCsvLine, rejectedRowsCsvHeader } from './delivered-session-import.report';
import { DeliveredSessionImportsService, IMPORTS_PATH } from './delivered-session-imports.service';
import { importFileRefused, malformedCsv } from './import-problems';
import { IdParam } from '@traininghubs/runtime';

const CSV_PAGE = 5_000;

const COLUMNS_DOC = [
  'The past sessions of one hub (`hubId`) with their attendance, as text/csv (UTF-8), one row per learner’s place. Line 1 is the header, naming the columns in any order:',
  '`session_ref` (the hub’s own reference of the session, up to 100 characters: it keys the session, so importing the same file again adds nothing),',
  '`course_id` (a course of the hub, POST /api/v1/courses), `starts_at` and `ends_at` (Europe/London wall time, `2021-03-10T09:30` or `2021-03-10 09:30`),',
  '`venue` and/or `online_link` (https://; at least one per session), `capacity` (places, at least 1),',
  '`learner_email`, `learner_name`, `profession` (a Profession, e.g. NURSE), `employer_ods_code` (optional) and `attended` (true or false).',
  `\`venue\`, \`online_link\` and \`employer_ods_code\` may be left out of the header; every other column is required (${REQUIRED_COLUMNS.join(', ')}; optional ${OPTIONAL_COLUMNS.join(', ')}).`,
  'Every row of a session repeats its session columns. A learner is found in the hub by e-mail or registered with the row’s details, as POST /api/v1/learners does;',
  'the booking keeps the row’s profession and employer. Each session must follow the rules of POST /api/v1/courses/{courseId}/delivered-sessions: it has ended,',
  `on a day the hub operated, each learner once, attendance within its capacity (at most ${MAX_ATTENDANCE_PER_SESSION} rows). A rejected row rejects its whole session`,
  '(nothing of it is saved); the other sessions are imported, each as a delivered session with a booking per row, publishing BookingConfirmed per place and',
  'CourseDelivered with ce_time the session’s start. A session already imported (same hub and session_ref) is counted as already imported, not an error.',
  'Files of up to IMPORT_BACKGROUND_ROWS rows (1,000 by default) are applied at once (200 with the report); larger ones answer 202 Accepted and run in the',
  'background in chunks — follow the Location header for progress and the report. The file is at most IMPORT_BODY_LIMIT_BYTES (25 MiB by default; 413 beyond).',
].join(' ');

@ApiTags('delivered-session imports')
@ApiBearerAuth()
@Controller('api/v1/courses/delivered-session-imports')
export class DeliveredSessionImportsController {
  constructor(private readonly imports: DeliveredSessionImportsService) {}

  @Post()
  @ApiOperation({ summary: "Import a hub's past sessions and their attendance (CSV, one row per learner's place)", description: COLUMNS_DOC })
  @ApiConsumes('text/csv')
  @ApiBody({
    schema: { type: 'string', example: 'session_ref,course_id,starts_at,ends_at,venue,capacity,learner_email,learner_name,profession,attended\nNEL-2021-014,…,2021-03-10T09:30,2021-03-10T12:30,Lakeside Centre,20,a.nurse@nhs.net,Alex Morgan,NURSE,true' },
  })
  @ApiOkResponse({ type: DeliveredSessionImportView, description: 'Applied in the request: the full report. Location names the import.' })
  @ApiAcceptedResponse({ type: DeliveredSessionImportView, description: 'Checked and staged; applying in the background. Location gives its progress and report.' })
  @ApiBadRequestResponse({ description: 'problem+json malformed-csv (with the line): the file cannot be read as CSV; nothing saved.' })
  @ApiPayloadTooLargeResponse({ description: 'problem+json body-too-large: the file is over IMPORT_BODY_LIMIT_BYTES; nothing read or saved.' })
  @ApiUnprocessableEntityResponse({ description: 'problem+json invalid-import-header or empty-import-file: the whole file is refused; nothing saved.' })
  async start(
    @CurrentCaller() caller: Caller,
    @Query() query: DeliveredSessionImportQuery,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<DeliveredSessionImportView> {
    // Who may import is settled before the file is read: a caller who may not gets 403 whatever they send.
    await this.imports.assertMayImport(caller, query.hubId);
    const file = readFile(await readCsvBody(request));
    const { report, background } = await this.imports.start(caller, query.hubId, file);
    response.status(background ? HttpStatus.ACCEPTED : HttpStatus.OK);
    response.setHeader('Location', `${IMPORTS_PATH}/${report.importId}`);
    return report;
  }

  @Get(':importId')
  @ApiOperation({ summary: 'Progress (rows and sessions settled of the total) and report of an import of past sessions' })
  @ApiOkResponse({ type: DeliveredSessionImportView })
  find(@CurrentCaller() caller: Caller, @IdParam('importId') importId: string): Promise<DeliveredSessionImportView> {
    return this.imports.find(caller, importId);
  }

  @Get(':importId/rejected-rows.csv')
  @ApiProduces('text/csv')
  @ApiOperation({
    summary: 'Every rejected row of an import, as CSV: line, error_code, reason, then the row as it was in the file (its header), to correct and import again',
  })
  async rejectedRows(@CurrentCaller() caller: Caller, @IdParam('importId') importId: string, @Res() response: Response): Promise<void> {
    const header = await this.imports.headerFor(caller, importId);
    response.status(HttpStatus.OK);
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="rejected-rows-${importId}.csv"`);
    response.write(rejectedRowsCsvHeader(header));
    // Page by page: the answer is never held whole in memory, whatever the number of rows.
    for (let after = 0; ; ) {
      const page = await this.imports.rejectedRowsPage(importId, after, CSV_PAGE);
      if (page.length === 0) break;
      const text = page.map((row) => rejectedRowCsvLine(row, header.length)).join('');
      if (!response.write(text)) {
        await new Promise((resolve) => {
          response.once('drain', resolve);
          response.once('close', resolve);
        });
      }
      if (response.destroyed) return;
      after = page[page.length - 1].line;
      if (page.length < CSV_PAGE) break;
    }
    response.end();
  }
}

/** The file read, or the whole file refused: 400 malformed-csv, 422 invalid-import-header / empty-import-file. */
function readFile(text: string): ImportFile {
  try {
    return readImportFile(text);
  } catch (error) {
    if (error instanceof MalformedCsvError) throw malformedCsv(error.message, error.line);
    if (error instanceof ImportFileError) throw importFileRefused(error.code, error.message);
    throw error;
  }
}
