import { Body, Controller, Get, Headers, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiProperty, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import type { Request, Response } from 'express';
import { CurrentCaller, RequireRoles, type Caller } from '@traininghubs/auth';
import { readUploadedCsv } from '../shared/uploaded-file';
import { SnapshotImportView, StartSnapshotImportQuery } from './snapshot.dto';
import { SnapshotImportsService } from './snapshot-imports.service';
import { IdParam } from '@traininghubs/runtime';

export class SnapshotFileBody {
  @ApiProperty({ required: false, description: 'The CSV file, when it is not sent as text/csv.' })
  @IsOptional()
  @IsString()
  csv?: string;
}

const COLUMNS_DOC = [
  'A General Practice Workforce (GPW) practice-level CSV ("Practice Level - Detailed"), one row per practice, header on line 1.',
  'Required columns: PRAC_CODE (practice ODS code), PCN_CODE, ICB_CODE (the ICB ODS code, e.g. QOX: it decides the Training Hub), and the staff-group totals',
  'TOTAL_GP_HC, TOTAL_GP_FTE, TOTAL_NURSES_HC, TOTAL_NURSES_FTE, TOTAL_DPC_HC, TOTAL_DPC_FTE, TOTAL_ADMIN_HC, TOTAL_ADMIN_FTE.',
  'Optional: PRAC_NAME, SUB_ICB_CODE, EXTRACT_DATE (YYYY-MM-DD, DD/MM/YYYY or DDMONYYYY; must be the month end), and role columns in pairs',
  'TOTAL_<role>_HC / TOTAL_<role>_FTE where <role> starts GP_ (e.g. GP_SAL_BY_PRAC, GP_TRN_GR_ST3, GP_LOCUM_VAC), N_ (N_PRAC_NURSE), DPC_ (DPC_PHARMA, DPC_SPLW) or ADMIN_ (ADMIN_RECEPT).',
  'Derived GP sums (GP_EXTG, GP_EXL, GP_EXTGL, GP_TRN_GR) and every other column (patients, age and gender breakdowns, area names) are read past and listed in the report.',
  'Headcounts are whole numbers, FTE decimals (37.5 hours a week = 1.0, kept in hundredths); a role cell may be empty or ND. FTE may not exceed 2 a head.',
  'Any problem (unreadable CSV, missing column, bad or negative value, FTE above 2 a head, date not a month end, practice twice, ICB without a hub or outside your scope)',
  'refuses the whole file with 422 and every problem by line, column and reason; nothing is saved. A good file answers 202 with the import (Location header);',
  'it is staged in the background in chunks (GET the import for processed/total) and then replaces the month for its practices in one transaction.',
].join(' ');

@ApiTags('workforce: snapshots')
@ApiBearerAuth()
@Controller('api/v1/workforce/snapshot-imports')
export class SnapshotImportsController {
  constructor(private readonly imports: SnapshotImportsService) {}

  @Post()
  @HttpCode(202)
  @RequireRoles('national', 'region', 'icb', 'hub_admin')
  @ApiOperation({ summary: 'Import a month of practice workforce figures (GPW practice-level CSV)', description: COLUMNS_DOC })
  @ApiConsumes('text/csv', 'application/json')
  @ApiBody({ description: 'The file as text/csv, or JSON { "csv": "…" }.', type: SnapshotFileBody })
  @ApiAcceptedResponse({ type: SnapshotImportView, description: 'Checked and accepted; staging in the background. Location names the import.' })
  @ApiUnprocessableEntityResponse({ description: 'problem+json with code invalid-workforce-file, importId and report.errors [{line, column, practiceOdsCode, reason}]; nothing saved.' })
  async start(
    @CurrentCaller() caller: Caller,
    @Query() query: StartSnapshotImportQuery,
    @Headers('content-type') contentType: string | undefined,
    @Req() request: Request,
    @Body() body: SnapshotFileBody,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SnapshotImportView> {
    const text = await readUploadedCsv(contentType, request, body);
    const started = await this.imports.start(caller, text, query);
    response.location(`/api/v1/workforce/snapshot-imports/${started.id}`);
    return started;
  }

  @Get(':id')
  @ApiOkResponse({ type: SnapshotImportView, description: 'Progress (processedRows of totalRows) and the report of an import.' })
  find(@CurrentCaller() caller: Caller, @IdParam('id') id: string): Promise<SnapshotImportView> {
    return this.imports.find(caller, id);
  }
}
