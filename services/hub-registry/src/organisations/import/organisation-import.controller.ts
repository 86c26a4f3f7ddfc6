import { Body, Controller, Get, Headers, HttpStatus, Post, Query, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString } from 'class-validator';
import type { Request, Response } from 'express';
import { CurrentCaller, recordNotFound, RequireRoles, type Caller } from '@traininghubs/auth';
import { malformedCsv } from '../../problems/registry-problems';
import { csvLine, MalformedCsvError, type CsvRecord } from '@traininghubs/csv';
import { IdParam, readRequestText } from '@traininghubs/runtime';
import { readImportFile, type ImportableKind } from './organisation-import';
import { OrganisationImportService, REJECTED_SAMPLE, type ImportReport } from './organisation-import.service';

export class ImportQuery {
  @ApiProperty({ enum: ['pcn', 'gp_practice'] })
  @IsIn(['pcn', 'gp_practice'])
  type!: ImportableKind;
}

export class ImportBody {
  @ApiProperty({ description: 'The CSV file (when not sent as text/csv)', required: false })
  @IsOptional()
  @IsString()
  csv?: string;
}

@ApiTags('organisations')
@ApiBearerAuth()
@Controller('api/v1/organisations/import')
export class OrganisationImportController {
  constructor(private readonly imports: OrganisationImportService) {}

  @Post()
  @RequireRoles('national', 'region', 'icb')
  @ApiConsumes('text/csv', 'application/json')
  @ApiBody({ description: 'code,name,postcode,parent_code,open_date,close_date — as text/csv, or JSON { "csv": "…" }' })
  @ApiOperation({
    summary: 'Import PCNs or practices: valid rows land, invalid rows come back with the reason',
    description:
      'National callers import anywhere; region and ICB callers only rows whose parent lies in their area (other rows are rejected with the reason). ' +
      'Files of up to IMPORT_BACKGROUND_ROWS rows (1,000 by default) are applied at once (200 with the report); larger ones answer 202 Accepted and run in ' +
      'the background in chunks of 500 rows — follow the Location header for progress and the report.',
  })
  @ApiOkResponse({ description: 'The import ran to completion; the report' })
  @ApiAcceptedResponse({ description: 'The import runs in the background; Location gives its progress' })
  async import(
    @CurrentCaller() caller: Caller,
    @Query() query: ImportQuery,
    @Headers('content-type') contentType: string | undefined,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @Body() body: ImportBody,
  ): Promise<ImportReport> {
    const text = contentType?.startsWith('text/csv') ? await readRequestText(request) : body?.csv;
    if (text === undefined || text.trim() === '') throw malformedCsv('send the file as text/csv, or as JSON { "csv": "…" }');
    let records: CsvRecord[];
    try {
      records = readImportFile(text);
    } catch (error) {
      if (error instanceof MalformedCsvError) throw malformedCsv(error.message, error.line);
      throw error;
    }
    const { report, background } = await this.imports.start(caller, query.type, records);
    response.status(background ? HttpStatus.ACCEPTED : HttpStatus.OK);
    response.setHeader('Location', `/api/v1/organisations/import/${report.id}`);
    return report;
  }

  @Get(':importId')
  @ApiOperation({
    summary: 'Progress (processedRows of totalRows) and report of an import; national callers see every import, others their own',
    description: `The report counts rejected rows (rejectedCount, rejectedByRule) and shows the first ${REJECTED_SAMPLE}; rejectedRowsCsv downloads every one.`,
  })
  async progress(@CurrentCaller() caller: Caller, @IdParam('importId') importId: string): Promise<ImportReport> {
    return this.readable(caller, importId);
  }

  @Get(':importId/rejected-rows.csv')
  @ApiOperation({ summary: 'Every rejected row of an import as CSV: line, code, rule, reason' })
  @ApiProduces('text/csv')
  async rejectedRows(@CurrentCaller() caller: Caller, @IdParam('importId') importId: string, @Res() response: Response): Promise<void> {
    await this.readable(caller, importId);
    response.status(HttpStatus.OK).type('text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="organisation-import-${importId}-rejected-rows.csv"`);
    response.write(csvLine(['line', 'code', 'rule', 'reason']));
    // a page at a time: the whole list never sits in memory, however many rows were rejected
    for (let after = 0; ; ) {
      const page = await this.imports.rejectedRows(importId, after, 5_000);
      if (page.length === 0) break;
      const text = page.map((r) => csvLine([r.line, r.code, r.rule, r.reason])).join('');
      if (!response.write(text)) await new Promise((resolve) => response.once('drain', resolve));
      after = page[page.length - 1].line;
    }
    response.end();
  }

  private async readable(caller: Caller, importId: string): Promise<ImportReport> {
    const report = await this.imports.find(importId);
    if (!report || (caller.scope.kind !== 'national' && report.requestedBy !== caller.subject)) throw recordNotFound(`No import ${importId}`);
    return report;
  }
}
