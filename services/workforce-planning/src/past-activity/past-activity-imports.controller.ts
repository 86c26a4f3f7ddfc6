import { Body, Controller, Get, Header, Headers, HttpStatus, Post, Query, Req, Res, UseFilters, type Type } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentCaller, RequireRoles, type Caller } from '@traininghubs/auth';
import { readUploadedCsv } from '../shared/uploaded-file';
import { WorkforceRuleFilter } from '../shared/workforce-rule.filter';
import { COLUMNS, type PastActivityKind } from './past-activity-file';
import { PastActivityFileBody, PastActivityImportView, StartPastActivityImportQuery } from './past-activity.dto';
import { PastActivityImportsService, PATHS } from './past-activity-imports.service';
import { IdParam } from '@traininghubs/runtime';

const WHAT: Readonly<Record<PastActivityKind, { tag: string; summary: string; single: string }>> = {
  recruitment: {
    tag: 'workforce: recruitment and leavers',
    summary: "Import a hub's past recruits (CSV, one row per recruit)",
    single: 'POST /api/v1/workforce/recruitments (GpRecruited / StaffRecruited, ce_time the start of the start date’s London day)',
  },
  retention: {
    tag: 'workforce: retention',
    summary: "Import a hub's past retention interventions with their outcomes (CSV, one row per intervention)",
    single: 'POST /api/v1/workforce/retention and its outcome (FellowshipEnrolled; GpRetained, ce_time the start of the outcome day’s London day)',
  },
};

function description(kind: PastActivityKind): string {
  const columns = COLUMNS[kind].map((c) => `${c.name}${c.required ? '' : ' (optional)'}: ${c.description}`).join(' ');
  return [
    `Header on line 1, columns in any order. ${columns}`,
    `Each row is recorded exactly as ${WHAT[kind].single} records one, by the same rules (dates on or before today, on a day the hub operated, places in the hub's area on the record's own day).`,
    'A rejected row saves nothing and is reported with its line, code and reason; the other rows import. A record_ref imported before is reported already-imported and adds nothing.',
    'An unreadable CSV (400 malformed-csv), a wrong header (422 invalid-header) or a file without rows (422 empty-file) is refused whole.',
    'Files of up to PAST_ACTIVITY_BACKGROUND_ROWS rows (250 by default) answer 200 with the whole report; larger ones 202 and run in the background in chunks: follow Location.',
    'See services/workforce-planning/docs/past-activity-imports.md.',
  ].join(' ');
}

/** The routes of one kind of past-activity import: start, progress and report, the rejected and imported rows as CSV. */
function pastActivityImportsController(kind: PastActivityKind): Type<unknown> {
  const path = PATHS[kind];

  @ApiTags(WHAT[kind].tag)
  @ApiBearerAuth()
  @UseFilters(WorkforceRuleFilter)
  @Controller(path.slice(1))
  class PastActivityImportsController {
    constructor(readonly imports: PastActivityImportsService) {}

    @Post()
    @RequireRoles('national', 'region', 'icb', 'hub_admin')
    @ApiOperation({ summary: WHAT[kind].summary, description: description(kind) })
    @ApiConsumes('text/csv', 'application/json')
    @ApiBody({ description: 'The file as text/csv, or JSON { "csv": "…" }.', type: PastActivityFileBody })
    @ApiOkResponse({ type: PastActivityImportView, description: 'Imported in the request: the whole report. Location names the import.' })
    @ApiAcceptedResponse({ type: PastActivityImportView, description: 'A large file, importing in the background: follow Location for progress and the report.' })
    @ApiBadRequestResponse({ description: 'problem+json malformed-csv (with line); nothing saved.' })
    @ApiUnprocessableEntityResponse({ description: 'problem+json invalid-header or empty-file; nothing saved.' })
    async start(
      @CurrentCaller() caller: Caller,
      @Query() query: StartPastActivityImportQuery,
      @Headers('content-type') contentType: string | undefined,
      @Req() request: Request,
      @Body() body: PastActivityFileBody,
      @Res({ passthrough: true }) response: Response,
    ): Promise<PastActivityImportView> {
      const text = await readUploadedCsv(contentType, request, body);
      const { view, background } = await this.imports.start(caller, kind, query.hubId, text);
      response.status(background ? HttpStatus.ACCEPTED : HttpStatus.OK);
      response.location(view.links.self);
      return view;
    }

    @Get(':importId')
    @ApiOkResponse({ type: PastActivityImportView, description: 'Progress (processedRows of totalRows), counts, rejected rows by code and the first 100 of them.' })
    find(@CurrentCaller() caller: Caller, @IdParam('importId') importId: string): Promise<PastActivityImportView> {
      return this.imports.find(caller, kind, importId);
    }

    @Get(':importId/rejected-rows.csv')
    @Header('Content-Type', 'text/csv; charset=utf-8')
    @ApiProduces('text/csv')
    @ApiOkResponse({ description: 'Every rejected row: line, code, reason, then the row as sent under the file’s header.' })
    rejectedRows(@CurrentCaller() caller: Caller, @IdParam('importId') importId: string, @Res({ passthrough: true }) response: Response): Promise<string> {
      response.setHeader('Content-Disposition', `attachment; filename="${kind}-import-${importId}-rejected-rows.csv"`);
      return this.imports.rejectedRows(caller, kind, importId);
    }

    @Get(':importId/imported-rows.csv')
    @Header('Content-Type', 'text/csv; charset=utf-8')
    @ApiProduces('text/csv')
    @ApiOkResponse({ description: `Every imported row: line, record_ref and the ${kind === 'recruitment' ? 'pseudonymous staff_id' : 'intervention_id'} issued for it.` })
    importedRows(@CurrentCaller() caller: Caller, @IdParam('importId') importId: string, @Res({ passthrough: true }) response: Response): Promise<string> {
      response.setHeader('Content-Disposition', `attachment; filename="${kind}-import-${importId}-imported-rows.csv"`);
      return this.imports.importedRows(caller, kind, importId);
    }
  }
  Object.defineProperty(PastActivityImportsController, 'name', { value: kind === 'recruitment' ? 'RecruitmentImportsController' : 'RetentionImportsController' });
  return PastActivityImportsController;
}

/** POST /api/v1/workforce/recruitment-imports?hubId=… and its reads. */
export const RecruitmentImportsController = pastActivityImportsController('recruitment');
/** POST /api/v1/workforce/retention-imports?hubId=… and its reads. */
export const RetentionImportsController = pastActivityImportsController('retention');
