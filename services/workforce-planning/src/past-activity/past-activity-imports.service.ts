import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { BadRequestException, Inject, Injectable, Logger, UnprocessableEntityException, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { recordNotFound, type Caller } from '@traininghubs/auth';
import { HubScope } from '@traininghubs/hub-directory';
import { recordAudit } from '@traininghubs/persistence';
import { SERVICE_CONFIG } from '@traininghubs/runtime';
import type { DataSource, EntityManager } from 'typeorm';
import { WorkforceRuleBroken } from '../domain/workforce-rule.error';
import { RecruitmentsService } from '../recruitments/recruitments.service';
import { StaffPostEntity } from '../recruitments/staff-post.entity';
import { RetentionService } from '../retention/retention.service';
import type { WorkforcePlanningEnvironment } from '../workforce-planning.environment';
import {
  PastActivityFileRefused,
  readPastActivityFile,
  rejectedRowsCsv,
  csvLine,
  type CheckedRow,
  type PastActivityKind,
  type RecruitmentRowCommand,
  type RetentionRowCommand,
  type RowRejection,
} from './past-activity-file';
import type { PastActivityImportView, PastActivityRowView } from './past-activity.dto';
import { isRecordRefTaken, rowRejectionOf } from './row-rejection';

const PROBLEMS = 'https://traininghubs.nhs.uk/problems/workforce-planning/';
/** Rows listed in an import's report; the CSV files have them all. */
export const REPORTED_ROWS = 100;
/** A running import not heard from for this long was interrupted (its process stopped). */
const STALE_AFTER = '2 minutes';
const ALREADY_IMPORTED = 'already-imported';

export const PATHS: Readonly<Record<PastActivityKind, string>> = {
  recruitment: '/api/v1/workforce/recruitment-imports',
  retention: '/api/v1/workforce/retention-imports',
};
const RECORD_ID_COLUMN: Readonly<Record<PastActivityKind, string>> = { recruitment: 'staff_id', retention: 'intervention_id' };

export const pastActivityImportNotFound = (id: string) => `No past-activity import ${id}`;

interface Counts {
  processedRows: number;
  imported: number;
  alreadyImported: number;
  rejected: number;
  rejectedByCode: Record<string, number>;
}

/** An import this process is working on: who asked (their scope was checked; each row is checked again), and the checked rows. */
interface Run {
  id: string;
  kind: PastActivityKind;
  hubId: string;
  caller: Caller;
  rows: CheckedRow[];
  counts: Counts;
}

/** A row the import did not import, as stored: rejected (with the row as sent) or already imported. */
interface RowOutcome {
  line: number;
  recordRef: string | null;
  code: string;
  reason: string;
  fields: string[] | null;
}

class Interrupted extends Error {}

/**
 * Imports of a hub's past activity: a file of recruits, or of retention interventions with their
 * outcomes. A file that cannot be read, has the wrong header or no rows is refused whole, nothing
 * saved. Otherwise each row is imported by the single-record routes' own command code
 * (RecruitmentsService.recordRecruit; RetentionService.enrolIn and recordOutcomeIn), with the same
 * rules and the same events, in chunks of PAST_ACTIVITY_CHUNK_ROWS rows, one transaction each
 * with its events and the import's progress. A row a rule refuses is rolled back to its savepoint
 * and reported with its line, code and reason; the others import. The hub's own reference of
 * each row imported (hub, kind, record_ref) makes a second import of the same rows add nothing.
 * Files of more than PAST_ACTIVITY_BACKGROUND_ROWS rows run in the background (202 with Location).
 * One audit entry per import, when it ends. An import interrupted by a stopped process is marked
 * failed; its committed chunks stay, and sending the file again imports the rest.
 */
@Injectable()
export class PastActivityImportsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PastActivityImportsService.name);
  private readonly running = new Set<Promise<void>>();
  private stopping = false;
  private sweeper?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scope: HubScope,
    private readonly recruitments: RecruitmentsService,
    private readonly retention: RetentionService,
    @Inject(SERVICE_CONFIG) private readonly config: WorkforcePlanningEnvironment,
  ) {}

  onApplicationBootstrap(): void {
    const sweep = () => void this.failInterruptedImports().catch((error: unknown) => this.logger.warn({ err: error }, 'could not sweep interrupted past-activity imports'));
    sweep();
    this.sweeper = setInterval(sweep, 60_000).unref();
  }

  /** Background imports stop after their current chunk and are marked failed (sending the file again imports the rest). */
  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.sweeper);
    this.stopping = true;
    await Promise.allSettled([...this.running]);
  }

  /**
   * Checks the caller may write to the hub (404 for a hub outside its scope, 403 for a read-only
   * role) and reads the file (refused whole: 400 malformed-csv, 422 invalid-header or empty-file),
   * then imports it: in the request up to PAST_ACTIVITY_BACKGROUND_ROWS rows (the report is
   * complete), else in the background.
   */
  async start(caller: Caller, kind: PastActivityKind, hubId: string, text: string): Promise<{ view: PastActivityImportView; background: boolean }> {
    await this.scope.knownHub(hubId);
    await this.scope.assertCanWrite(caller, hubId, `No Training Hub ${hubId}`);
    let file;
    try {
      file = readPastActivityFile(kind, text);
    } catch (error) {
      if (error instanceof PastActivityFileRefused) throw fileRefused(error);
      throw error;
    }
    const run: Run = { id: randomUUID(), kind, hubId, caller, rows: file.rows, counts: { processedRows: 0, imported: 0, alreadyImported: 0, rejected: 0, rejectedByCode: {} } };
    await this.dataSource.query(
      `INSERT INTO past_activity_import (id, kind, hub_id, status, header, total_rows, requested_by, requester_role) VALUES ($1, $2, $3, 'running', $4, $5, $6, $7)`,
      [run.id, kind, hubId, file.header, file.rows.length, caller.subject, caller.role],
    );
    const background = file.rows.length > this.config.PAST_ACTIVITY_BACKGROUND_ROWS;
    if (background) {
      const job = this.run(run).catch((error: unknown) => this.logger.error({ err: error, importId: run.id }, 'past-activity import failed'));
      this.running.add(job);
      void job.finally(() => this.running.delete(job));
    } else {
      await this.run(run);
    }
    return { view: await this.viewOf(run.id, kind), background };
  }

  /** An import and its report, for a caller who may read the hub's records (404 otherwise, and for an import of the other kind). */
  async find(caller: Caller, kind: PastActivityKind, id: string): Promise<PastActivityImportView> {
    await this.readable(caller, kind, id);
    return this.viewOf(id, kind);
  }

  /** Every rejected row: line, code, reason, then the row as sent under the file's header. */
  async rejectedRows(caller: Caller, kind: PastActivityKind, id: string): Promise<string> {
    const { header } = await this.readable(caller, kind, id);
    const rows = (await this.dataSource.query(
      `SELECT line, code, reason, fields FROM past_activity_import_row WHERE import_id = $1 AND code <> $2 ORDER BY line`,
      [id, ALREADY_IMPORTED],
    )) as Array<{ line: number; code: string; reason: string; fields: string[] | null }>;
    return rejectedRowsCsv(header, rows);
  }

  /** Every imported row: line, record_ref and the id the service issued for it (staff_id or intervention_id). */
  async importedRows(caller: Caller, kind: PastActivityKind, id: string): Promise<string> {
    await this.readable(caller, kind, id);
    const rows = (await this.dataSource.query('SELECT line, record_ref, record_id FROM past_activity_record WHERE import_id = $1 ORDER BY line', [id])) as Array<{
      line: number;
      record_ref: string;
      record_id: string;
    }>;
    return `${[csvLine(['line', 'record_ref', RECORD_ID_COLUMN[kind]]), ...rows.map((r) => csvLine([r.line, r.record_ref, r.record_id]))].join('\r\n')}\r\n`;
  }

  /** Waits for the imports running in this process (tests, shutdown). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }

  /** Imports left running by a stopped process are marked failed, with their one audit entry; what their committed chunks imported stays. */
  async failInterruptedImports(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const [stale] = (await manager.query(
        `UPDATE past_activity_import SET status = 'failed', finished_at = now(), updated_at = now(),
                failure = 'The import was interrupted after ' || processed_rows || ' of ' || total_rows || ' rows. Send the file again: the rows already imported are reported already-imported, the rest are imported.'
          WHERE status = 'running' AND updated_at < now() - interval '${STALE_AFTER}'
          RETURNING id, kind, hub_id, requested_by, requester_role, processed_rows, imported, already_imported, rejected`,
      )) as [Array<{ id: string; kind: PastActivityKind; hub_id: string; requested_by: string; requester_role: string; processed_rows: number; imported: number; already_imported: number; rejected: number }>, number];
      for (const s of stale) {
        await recordAudit(manager, {
          actor: s.requested_by,
          actorRole: s.requester_role,
          action: `workforce.${s.kind}-import.interrupted`,
          entityType: 'past-activity-import',
          entityId: s.id,
          changes: { hubId: s.hub_id, processedRows: s.processed_rows, imported: s.imported, alreadyImported: s.already_imported, rejected: s.rejected },
        });
      }
      return stale.length;
    });
  }

  private async readable(caller: Caller, kind: PastActivityKind, id: string): Promise<{ hubId: string; header: string[] }> {
    const [found] = (await this.dataSource.query('SELECT hub_id, header FROM past_activity_import WHERE id = $1 AND kind = $2', [id, kind])) as Array<{ hub_id: string; header: string[] }>;
    if (!found) throw recordNotFound(pastActivityImportNotFound(id));
    await this.scope.assertCanRead(caller, found.hub_id, pastActivityImportNotFound(id));
    return { hubId: found.hub_id, header: found.header };
  }

  /** Runs the import chunk by chunk to the end, then completes it with its audit entry; on an error it is marked failed (with its audit entry) and the error rethrown. */
  private async run(run: Run): Promise<void> {
    const size = this.config.PAST_ACTIVITY_CHUNK_ROWS;
    try {
      while (run.counts.processedRows < run.rows.length) {
        if (this.stopping) throw new Interrupted(`the service stopped after ${run.counts.processedRows} of ${run.rows.length} rows`);
        const chunk = run.rows.slice(run.counts.processedRows, run.counts.processedRows + size);
        run.counts = await this.dataSource.transaction((manager) => this.applyChunk(manager, run, chunk));
        await nextTurn();
      }
      await this.dataSource.transaction(async (manager) => {
        await manager.query(`UPDATE past_activity_import SET status = 'completed', finished_at = now(), updated_at = now() WHERE id = $1`, [run.id]);
        await this.audit(manager, run, 'completed');
      });
    } catch (error) {
      await this.fail(run, error);
      if (!(error instanceof Interrupted)) throw error;
    }
  }

  private async fail(run: Run, error: unknown): Promise<void> {
    const why = error instanceof Error ? error.message : String(error);
    await this.dataSource
      .transaction(async (manager) => {
        const [, updated] = (await manager.query(
          `UPDATE past_activity_import SET status = 'failed', finished_at = now(), updated_at = now(), failure = $2 WHERE id = $1 AND status = 'running'`,
          [
            run.id,
            `The import stopped after ${run.counts.processedRows} of ${run.rows.length} rows (${why}). The rows imported before stay; send the file again: they are reported already-imported, the rest are imported.`,
          ],
        )) as [unknown, number];
        if (updated === 1) await this.audit(manager, run, 'failed');
      })
      .catch((cleanup: unknown) => this.logger.error({ err: cleanup, importId: run.id }, 'could not record the failed import; the sweep will'));
  }

  /** The import's one audit entry, with what it did. */
  private async audit(manager: EntityManager, run: Run, outcome: 'completed' | 'failed'): Promise<void> {
    await recordAudit(manager, {
      actor: run.caller.subject,
      actorRole: run.caller.role,
      action: `workforce.${run.kind}-import.${outcome}`,
      entityType: 'past-activity-import',
      entityId: run.id,
      changes: { hubId: run.hubId, totalRows: run.rows.length, ...run.counts },
    });
  }

  /**
   * One chunk in the caller's transaction: each row imported under its own savepoint (a rule it
   * breaks rolls back what it wrote, and the chunk goes on), then the rows not imported and the
   * import's progress. Returns the counts after the chunk; nothing of them holds unless it commits.
   */
  private async applyChunk(manager: EntityManager, run: Run, chunk: readonly CheckedRow[]): Promise<Counts> {
    const counts: Counts = { ...run.counts, rejectedByCode: { ...run.counts.rejectedByCode } };
    const refs = chunk.filter((r) => r.command !== undefined && r.recordRef !== null).map((r) => r.recordRef as string);
    const earlier = await this.earlierRecords(manager, run, refs);
    const outcomes: RowOutcome[] = [];
    for (const row of chunk) {
      const outcome = row.rejection ? rejected(row, row.rejection) : await this.importRow(manager, run, row, earlier.get(row.recordRef as string));
      if (outcome === 'imported') {
        counts.imported += 1;
        continue;
      }
      outcomes.push(outcome);
      if (outcome.code === ALREADY_IMPORTED) counts.alreadyImported += 1;
      else {
        counts.rejected += 1;
        counts.rejectedByCode[outcome.code] = (counts.rejectedByCode[outcome.code] ?? 0) + 1;
      }
    }
    if (outcomes.length > 0) {
      await manager.query(
        `INSERT INTO past_activity_import_row (import_id, line, record_ref, code, reason, fields)
         SELECT $1::uuid, r.line, r.record_ref, r.code, r.reason, r.fields FROM jsonb_to_recordset($2::jsonb) AS r (line int, record_ref text, code text, reason text, fields jsonb)`,
        [run.id, JSON.stringify(outcomes.map((o) => ({ line: o.line, record_ref: o.recordRef, code: o.code, reason: o.reason, fields: o.fields })))],
      );
    }
    counts.processedRows += chunk.length;
    const [, advanced] = (await manager.query(
      `UPDATE past_activity_import SET processed_rows = $2, imported = $3, already_imported = $4, rejected = $5, rejected_by_code = $6, updated_at = now()
        WHERE id = $1 AND status = 'running' AND processed_rows = $7`,
      [run.id, counts.processedRows, counts.imported, counts.alreadyImported, counts.rejected, JSON.stringify(counts.rejectedByCode), run.counts.processedRows],
    )) as [unknown, number];
    if (advanced !== 1) throw new Error(`import ${run.id} is no longer running here`);
    return counts;
  }

  private async earlierRecords(manager: EntityManager, run: Run, refs: readonly string[]): Promise<Map<string, EarlierRecord>> {
    if (refs.length === 0) return new Map();
    const rows = (await manager.query(
      'SELECT record_ref, fingerprint, import_id, line FROM past_activity_record WHERE hub_id = $1 AND kind = $2 AND record_ref = ANY($3)',
      [run.hubId, run.kind, [...refs]],
    )) as Array<{ record_ref: string } & EarlierRecord>;
    return new Map(rows.map((r) => [r.record_ref, r]));
  }

  /** Imports one checked row under a savepoint, unless its reference was imported before. */
  private async importRow(manager: EntityManager, run: Run, row: CheckedRow, earlier: EarlierRecord | undefined): Promise<'imported' | RowOutcome> {
    if (earlier) return againOutcome(row, earlier);
    await manager.query('SAVEPOINT past_activity_row');
    try {
      const recordId = await this.apply(manager, run, row);
      await manager.query(
        'INSERT INTO past_activity_record (hub_id, kind, record_ref, record_id, fingerprint, import_id, line) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [run.hubId, run.kind, row.recordRef, recordId, row.fingerprint, run.id, row.line],
      );
      await manager.query('RELEASE SAVEPOINT past_activity_row');
      return 'imported';
    } catch (error) {
      await manager.query('ROLLBACK TO SAVEPOINT past_activity_row');
      await manager.query('RELEASE SAVEPOINT past_activity_row');
      if (isRecordRefTaken(error)) {
        // Another import of the same rows committed this reference first.
        const taken = (await this.earlierRecords(manager, run, [row.recordRef as string])).get(row.recordRef as string);
        if (taken) return againOutcome(row, taken);
      }
      const rejection = rowRejectionOf(error);
      if (!rejection) throw error;
      return rejected(row, rejection);
    }
  }

  /** The single-record command for the row, in the chunk's transaction; the id of what it recorded. */
  private async apply(manager: EntityManager, run: Run, row: CheckedRow): Promise<string> {
    if (run.kind === 'recruitment') {
      const command = row.command as RecruitmentRowCommand;
      return (await this.recruitments.recordRecruit(manager, run.caller, { ...command, hubId: run.hubId })).staffId;
    }
    const command = row.command as RetentionRowCommand;
    const staffId = await this.staffOf(manager, run.hubId, command.staff);
    const { intervention } = await this.retention.enrolIn(manager, run.caller, { ...command.enrol, staffId });
    await this.retention.recordOutcomeIn(manager, run.caller, intervention, command.outcome);
    return intervention.id;
  }

  /** The member of staff a retention row is about: a recruit imported for the hub (recruit_ref), or a staff post of the hub (staff_id). */
  private async staffOf(manager: EntityManager, hubId: string, staff: RetentionRowCommand['staff']): Promise<string> {
    if ('recruitRef' in staff) {
      const [found] = (await manager.query(`SELECT record_id FROM past_activity_record WHERE hub_id = $1 AND kind = 'recruitment' AND record_ref = $2`, [hubId, staff.recruitRef])) as Array<{
        record_id: string;
      }>;
      if (!found) throw new WorkforceRuleBroken('unknown-recruit', `No recruit with record_ref ${staff.recruitRef} was imported for this hub; import the recruitment file first.`);
      return found.record_id;
    }
    const post = await manager.findOneBy(StaffPostEntity, { staffId: staff.staffId });
    if (!post || post.hubId !== hubId) throw new WorkforceRuleBroken('unknown-staff', `No member of staff ${staff.staffId} in this hub.`);
    return post.staffId;
  }

  private async viewOf(id: string, kind: PastActivityKind): Promise<PastActivityImportView> {
    const [r] = (await this.dataSource.query(
      `SELECT id, kind, hub_id, status, total_rows, processed_rows, imported, already_imported, rejected, rejected_by_code, failure, requested_by, created_at, finished_at
         FROM past_activity_import WHERE id = $1`,
      [id],
    )) as Array<{
      id: string;
      kind: PastActivityKind;
      hub_id: string;
      status: string;
      total_rows: number;
      processed_rows: number;
      imported: number;
      already_imported: number;
      rejected: number;
      rejected_by_code: Record<string, number>;
      failure: string | null;
      requested_by: string;
      created_at: Date;
      finished_at: Date | null;
    }>;
    const listed = async (already: boolean): Promise<PastActivityRowView[]> =>
      (
        (await this.dataSource.query(
          `SELECT line, record_ref AS "recordRef", code, reason FROM past_activity_import_row WHERE import_id = $1 AND (code = $2) = $3 ORDER BY line LIMIT ${REPORTED_ROWS}`,
          [id, ALREADY_IMPORTED, already],
        )) as PastActivityRowView[]
      ).map((row) => ({ line: row.line, recordRef: row.recordRef, code: row.code, reason: row.reason }));
    const self = `${PATHS[kind]}/${id}`;
    return {
      id: r.id,
      kind: r.kind,
      hubId: r.hub_id,
      status: r.status,
      totalRows: r.total_rows,
      processedRows: r.processed_rows,
      imported: r.imported,
      alreadyImported: r.already_imported,
      rejected: r.rejected,
      rejectedByCode: r.rejected_by_code,
      rejectedRows: await listed(false),
      alreadyImportedRows: await listed(true),
      links: { self, rejectedRows: `${self}/rejected-rows.csv`, importedRows: `${self}/imported-rows.csv` },
      failure: r.failure,
      requestedBy: r.requested_by,
      createdAt: r.created_at.toISOString(),
      finishedAt: r.finished_at ? r.finished_at.toISOString() : null,
    };
  }
}

interface EarlierRecord {
  fingerprint: string;
  import_id: string;
  line: number;
}

function rejected(row: CheckedRow, rejection: RowRejection): RowOutcome {
  return { line: row.line, recordRef: row.recordRef, code: rejection.code, reason: rejection.reason, fields: row.fields };
}

/** A reference imported before: the same row again adds nothing; other values under it are refused, not taken as a correction. */
function againOutcome(row: CheckedRow, earlier: EarlierRecord): RowOutcome {
  if (earlier.fingerprint === row.fingerprint) {
    return { line: row.line, recordRef: row.recordRef, code: ALREADY_IMPORTED, reason: `imported before (line ${earlier.line} of import ${earlier.import_id}); nothing added`, fields: null };
  }
  return rejected(row, {
    code: 'record-ref-reused',
    reason: `record_ref ${row.recordRef} was imported before (line ${earlier.line} of import ${earlier.import_id}) with other values; an import does not change a record. Correct it through the single-record routes, or give a new record its own record_ref.`,
  });
}

function fileRefused(refusal: PastActivityFileRefused): BadRequestException | UnprocessableEntityException {
  const body = {
    type: `${PROBLEMS}${refusal.code}`,
    title: refusal.code === 'malformed-csv' ? 'The CSV file cannot be read' : 'The file is not a past-activity file',
    detail: `${refusal.message} Nothing was imported.`,
    code: refusal.code,
    ...(refusal.line === undefined ? {} : { line: refusal.line }),
  };
  return refusal.code === 'malformed-csv' ? new BadRequestException(body) : new UnprocessableEntityException(body);
}
