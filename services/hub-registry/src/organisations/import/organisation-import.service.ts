import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { canWrite, type Caller, type HierarchyPosition } from '@traininghubs/auth';
import { recordAudit } from '@traininghubs/persistence';
import type { CsvRecord } from '@traininghubs/csv';
import { SERVICE_CONFIG } from '@traininghubs/runtime';
import { dayBefore, today } from '../../calendar/calendar-day';
import type { HubRegistryEnvironment } from '../../hub-registry.environment';
import { icbOn, regionOn } from '../hierarchy/organisation-hierarchy';
import type { OrganisationKind } from '../organisation-kind';
import { OrganisationsRepository } from '../organisations.repository';
import { checkRow, isBlank, isRejected, parentKindAllowed, postcodeDistrict, type ImportableKind, type ImportRow, type RejectedRow, type RejectionRule } from './organisation-import';
import { OrganisationRecordPublisher } from './organisation-record.publisher';

/** Rows per transaction: a chunk lands whole or not at all, and progress is visible between chunks. */
export const IMPORT_CHUNK = 500;
/** How long a process may hold an import without renewing its claim (renewed with every chunk). */
const LEASE_SECONDS = 60;
/** How often each process looks for imports whose worker stopped (a crash) to resume them. */
const SWEEP_MS = 30_000;
const CHUNK_ATTEMPTS = 3;
/** Rejected rows a report shows; the rest are counted, and all of them are in the rejected-rows CSV. */
export const REJECTED_SAMPLE = 100;

export type ImportStatus = 'running' | 'completed' | 'failed';

export interface ImportReport {
  id: string;
  type: ImportableKind;
  status: ImportStatus;
  totalRows: number;
  processedRows: number;
  created: number;
  updated: number;
  unchanged: number;
  /** The first REJECTED_SAMPLE rejected rows. */
  rejected: RejectedRow[];
  rejectedCount: number;
  /** Rejected rows by rule, e.g. { "unknown-parent": 412 }. */
  rejectedByRule: Record<string, number>;
  /** Every rejected row (line, code, rule, reason), as CSV. */
  rejectedRowsCsv: string;
  failure?: string | null;
  requestedBy?: string;
  startedAt?: Date;
  finishedAt?: Date | null;
}

type Outcome = 'created' | 'updated' | 'unchanged';
type Counts = Pick<ImportReport, 'processedRows' | 'created' | 'updated' | 'unchanged' | 'rejected' | 'rejectedCount' | 'rejectedByRule'>;

/** An organisation as an import looks it up. */
interface KnownOrganisation {
  kind: OrganisationKind;
  name: string;
  postcode: string | null;
  open_date: string | null;
  close_date: string | null;
}

/** Another process took the import over (this one's lease lapsed): stop without touching it. */
class ClaimLost extends Error {}

/**
 * Imports PCNs or practices. Valid rows land (created, corrected or left as they are); invalid
 * rows come back with the reason; re-importing the same file changes nothing.
 *
 * The rows are stored with the import and applied in chunks of IMPORT_CHUNK, each one transaction
 * that also advances the import's progress, so a chunk is applied whole or not at all. A process
 * works on an import under a lease renewed by every chunk. On shutdown it stops after the current
 * chunk and hands the import back; after a crash the lease lapses. Either way an interrupted import
 * is resumed from its last committed chunk by the next process that looks (at start and every 30 s).
 */
@Injectable()
export class OrganisationImportService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('OrganisationImport');
  private readonly workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly working = new Map<string, Promise<void>>();
  private stopping = false;
  private sweeper?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    private readonly organisations: OrganisationsRepository,
    private readonly records: OrganisationRecordPublisher,
    @Inject(SERVICE_CONFIG) private readonly config: HubRegistryEnvironment,
  ) {}

  onApplicationBootstrap(): void {
    void this.resumeInterrupted();
    this.sweeper = setInterval(() => void this.resumeInterrupted(), SWEEP_MS);
    this.sweeper.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.sweeper);
    await this.drain();
  }

  /** Stops background imports after their current chunk and hands them back for resumption. */
  async drain(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.working.values()]);
    this.stopping = false;
  }

  /** Claims the imports no live process is working on and resumes them. */
  async resumeInterrupted(): Promise<string[]> {
    if (this.stopping) return [];
    let claimed: Array<{ id: string }> = [];
    try {
      [claimed] = (await this.dataSource.query(
        `UPDATE organisation_import SET worker_id = $1, lease_until = now() + make_interval(secs => $2)
          WHERE status = 'running' AND (worker_id IS NULL OR lease_until < now()) RETURNING id`,
        [this.workerId, LEASE_SECONDS],
      )) as [Array<{ id: string }>, number];
    } catch (error) {
      this.logger.warn(`could not look for interrupted imports: ${(error as Error).message}`);
      return [];
    }
    for (const { id } of claimed) {
      this.logger.log(`resuming organisation import ${id}`);
      this.launch(id);
    }
    return claimed.map((c) => c.id);
  }

  /**
   * Records the import and applies it: in the request when it has at most
   * IMPORT_BACKGROUND_ROWS rows (the report is complete), else in the background.
   */
  async start(caller: Caller, kind: ImportableKind, records: CsvRecord[]): Promise<{ report: ImportReport; background: boolean }> {
    const id = randomUUID();
    await this.dataSource.query(
      `INSERT INTO organisation_import (id, kind, status, total_rows, requested_by, requested_as, rows, worker_id, lease_until)
       VALUES ($1, $2, 'running', $3, $4, $5, $6, $7, now() + make_interval(secs => $8))`,
      [id, kind, records.length, caller.subject, JSON.stringify(caller), JSON.stringify(records), this.workerId, LEASE_SECONDS],
    );
    const background = records.length > this.config.IMPORT_BACKGROUND_ROWS;
    if (background) this.launch(id);
    else await this.process(id);
    return { report: (await this.find(id)) as ImportReport, background };
  }

  async find(id: string): Promise<ImportReport | undefined> {
    const [row] = (await this.dataSource.query(
      `SELECT id, kind AS type, status, total_rows AS "totalRows", processed_rows AS "processedRows", created, updated, unchanged, rejected,
              rejected_count AS "rejectedCount", rejected_by_rule AS "rejectedByRule",
              failure, requested_by AS "requestedBy", started_at AS "startedAt", finished_at AS "finishedAt"
         FROM organisation_import WHERE id = $1`,
      [id],
    )) as ImportReport[];
    return row ? { ...row, rejectedRowsCsv: `/api/v1/organisations/import/${id}/rejected-rows.csv` } : undefined;
  }

  /** An import's rejected rows in line order, a page at a time after `afterLine` (for the CSV download). */
  async rejectedRows(id: string, afterLine: number, limit: number): Promise<RejectedRow[]> {
    return (await this.dataSource.query(
      'SELECT line, code, rule, reason FROM organisation_import_rejection WHERE import_id = $1 AND line > $2 ORDER BY line LIMIT $3',
      [id, afterLine, limit],
    )) as RejectedRow[];
  }

  private launch(id: string): void {
    const work = this.process(id)
      .catch((error: Error) => this.logger.error(`organisation import ${id} stopped: ${error.message}`))
      .finally(() => this.working.delete(id));
    this.working.set(id, work);
  }

  private async process(id: string): Promise<void> {
    const [state] = (await this.dataSource.query(
      `SELECT kind, total_rows, processed_rows, created, updated, unchanged, rejected, rejected_count, rejected_by_rule, rows, requested_as
         FROM organisation_import WHERE id = $1 AND worker_id = $2 AND status = 'running'`,
      [id, this.workerId],
    )) as Array<{
      kind: ImportableKind;
      total_rows: number;
      processed_rows: number;
      created: number;
      updated: number;
      unchanged: number;
      rejected: RejectedRow[];
      rejected_count: number;
      rejected_by_rule: Record<string, number>;
      rows: CsvRecord[];
      requested_as: Caller;
    }>;
    if (!state) return;
    const caller = state.requested_as;
    const counts: Counts = {
      processedRows: state.processed_rows,
      created: state.created,
      updated: state.updated,
      unchanged: state.unchanged,
      rejected: state.rejected,
      rejectedCount: state.rejected_count,
      rejectedByRule: state.rejected_by_rule,
    };
    // Codes that landed before an interruption: a later row with the same code is a duplicate.
    const rejectedLines = new Set(
      counts.processedRows === 0
        ? []
        : ((await this.dataSource.query('SELECT line FROM organisation_import_rejection WHERE import_id = $1', [id])) as Array<{ line: number }>).map((r) => r.line),
    );
    const seen = new Set(
      state.rows
        .slice(0, counts.processedRows)
        .filter((r) => !isBlank(r.fields) && !rejectedLines.has(r.line))
        .map((r) => (r.fields[0] ?? '').trim().toUpperCase()),
    );
    try {
      while (counts.processedRows < state.total_rows) {
        if (this.stopping) {
          await this.dataSource.query(`UPDATE organisation_import SET worker_id = NULL, lease_until = NULL WHERE id = $1 AND worker_id = $2`, [id, this.workerId]);
          return;
        }
        const chunk = state.rows.slice(counts.processedRows, counts.processedRows + IMPORT_CHUNK);
        const next = await this.chunkWithRetries(id, state.kind, caller, chunk, counts, seen);
        Object.assign(counts, next.counts);
        for (const code of next.landed) seen.add(code);
      }
      await this.dataSource.transaction(async (manager) => {
        await manager.query(`UPDATE organisation_import SET status = 'completed', finished_at = now(), rows = NULL, worker_id = NULL, lease_until = NULL WHERE id = $1`, [id]);
        await recordAudit(manager, {
          actor: caller.subject,
          actorRole: caller.role,
          action: 'organisations.imported',
          entityType: 'organisation_import',
          entityId: id,
          changes: { type: state.kind, created: counts.created, updated: counts.updated, unchanged: counts.unchanged, rejected: counts.rejectedCount },
        });
      });
    } catch (error) {
      if (error instanceof ClaimLost) return;
      await this.dataSource
        .query(`UPDATE organisation_import SET status = 'failed', failure = $2, finished_at = now(), worker_id = NULL, lease_until = NULL WHERE id = $1 AND worker_id = $3`, [
          id,
          (error as Error).message,
          this.workerId,
        ])
        .catch(() => undefined);
      throw error;
    }
  }

  /** One chunk in one transaction, tried again after a transient failure; nothing of a failed attempt stays. */
  private async chunkWithRetries(id: string, kind: ImportableKind, caller: Caller, chunk: CsvRecord[], counts: Counts, seen: ReadonlySet<string>) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction((manager) => this.applyChunk(manager, id, kind, caller, chunk, counts, seen));
      } catch (error) {
        if (error instanceof ClaimLost || attempt >= CHUNK_ATTEMPTS || this.stopping) throw error;
        this.logger.warn(`organisation import ${id}: chunk from row ${counts.processedRows + 1} failed (${(error as Error).message}); trying again`);
        await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt));
      }
    }
  }

  private async applyChunk(manager: EntityManager, id: string, kind: ImportableKind, caller: Caller, chunk: CsvRecord[], before: Counts, seenBefore: ReadonlySet<string>) {
    const counts: Counts = { ...before, rejected: [...before.rejected], rejectedByRule: { ...before.rejectedByRule } };
    const rejections: RejectedRow[] = [];
    const landed = new Set<string>();
    const changed: string[] = [];
    const areas = new Map<string, HierarchyPosition>();
    const known = await this.knownOrganisations(manager, chunk);
    for (const { line, fields } of chunk) {
      if (isBlank(fields)) {
        counts.unchanged++;
        continue;
      }
      const checked = checkRow(fields, line);
      if (!isRejected(checked) && (seenBefore.has(checked.code) || landed.has(checked.code))) {
        rejections.push({ line, code: checked.code, rule: 'duplicate-in-file', reason: `${checked.code} appears earlier in the file` });
        continue;
      }
      const outcome = isRejected(checked) ? checked : await this.apply(manager, kind, checked, caller, areas, known);
      if (typeof outcome === 'string') {
        counts[outcome]++;
        landed.add((checked as ImportRow).code);
        if (outcome !== 'unchanged') changed.push((checked as ImportRow).code);
      } else rejections.push(outcome);
    }
    await this.recordRejections(manager, id, rejections, counts);
    // OrganisationRecorded for what this chunk created or changed, committed with it.
    await this.records.publish(manager, changed);
    counts.processedRows = before.processedRows + chunk.length;
    const [, advanced] = (await manager.query(
      `UPDATE organisation_import SET processed_rows = $2, created = $3, updated = $4, unchanged = $5, rejected = $6, rejected_count = $10, rejected_by_rule = $11,
              lease_until = now() + make_interval(secs => $9)
        WHERE id = $1 AND worker_id = $7 AND processed_rows = $8`,
      [
        id,
        counts.processedRows,
        counts.created,
        counts.updated,
        counts.unchanged,
        JSON.stringify(counts.rejected),
        this.workerId,
        before.processedRows,
        LEASE_SECONDS,
        counts.rejectedCount,
        JSON.stringify(counts.rejectedByRule),
      ],
    )) as [unknown, number];
    if (advanced !== 1) throw new ClaimLost(`import ${id} is no longer this process's to work on`);
    return { counts, landed };
  }

  /** A chunk's rejected rows in one statement; the import keeps their count, the count per rule and the first ones. */
  private async recordRejections(manager: EntityManager, id: string, rejections: readonly RejectedRow[], counts: Counts): Promise<void> {
    if (rejections.length === 0) return;
    await manager.query(
      `INSERT INTO organisation_import_rejection (import_id, line, code, rule, reason)
       SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::text[])`,
      [id, rejections.map((r) => r.line), rejections.map((r) => r.code), rejections.map((r) => r.rule), rejections.map((r) => r.reason)],
    );
    counts.rejectedCount += rejections.length;
    for (const r of rejections) counts.rejectedByRule[r.rule] = (counts.rejectedByRule[r.rule] ?? 0) + 1;
    counts.rejected.push(...rejections.slice(0, Math.max(0, REJECTED_SAMPLE - counts.rejected.length)));
  }

  /** Where an organisation sits today (its ICB and region), for checking a regional or ICB caller's area. */
  private async areaOf(manager: EntityManager, odsCode: string, cache: Map<string, HierarchyPosition>): Promise<HierarchyPosition> {
    const cached = cache.get(odsCode);
    if (cached) return cached;
    const extract = await this.organisations.extractAbove([odsCode], manager);
    const day = today();
    const icbCode = icbOn(extract, odsCode, day);
    const position: HierarchyPosition = icbCode ? { icbCode, regionCode: regionOn(extract, icbCode, day) } : {};
    cache.set(odsCode, position);
    return position;
  }

  /**
   * The organisations a chunk names (its rows' codes and parents) in one read: a row's parent is
   * of another kind than the rows, and a code twice is refused as a duplicate, so nothing the
   * chunk writes changes what a later row of it looks up.
   */
  private async knownOrganisations(manager: EntityManager, chunk: readonly CsvRecord[]): Promise<Map<string, KnownOrganisation>> {
    const codes = new Set<string>();
    for (const { fields } of chunk) {
      if (fields[0]) codes.add(fields[0].trim().toUpperCase());
      if (fields[3]) codes.add(fields[3].trim().toUpperCase());
    }
    const rows = (await manager.query(
      `SELECT ods_code, kind, name, postcode, open_date::text AS open_date, close_date::text AS close_date FROM organisation WHERE ods_code = ANY($1::text[])`,
      [[...codes]],
    )) as Array<KnownOrganisation & { ods_code: string }>;
    return new Map(rows.map((r) => [r.ods_code, r]));
  }

  private async apply(
    manager: EntityManager,
    kind: ImportableKind,
    row: ImportRow,
    caller: Caller,
    areas: Map<string, HierarchyPosition>,
    known: ReadonlyMap<string, KnownOrganisation>,
  ): Promise<Outcome | RejectedRow> {
    const reject = (rule: RejectionRule, reason: string): RejectedRow => ({ line: row.line, code: row.code, rule, reason });
    const parent = known.get(row.parentCode);
    if (!parent) return reject('unknown-parent', `parent_code ${row.parentCode} is not an organisation the registry knows`);
    if (!parentKindAllowed(kind, parent.kind)) return reject('wrong-parent-kind', `parent_code ${row.parentCode} is a ${parent.kind}; a ${kind} belongs to a ${kind === 'pcn' ? 'ICB' : 'PCN or ICB'}`);
    const existing = known.get(row.code);
    if (existing && existing.kind !== kind) return reject('registered-as-other-kind', `${row.code} is already registered as a ${existing.kind}`);
    if (caller.scope.kind !== 'national') {
      const area = await this.areaOf(manager, row.parentCode, areas);
      if (!canWrite(caller, area)) return reject('outside-your-area', `parent_code ${row.parentCode} lies in ICB ${area.icbCode ?? 'unknown'} (region ${area.regionCode ?? 'unknown'}), outside your area`);
      if (existing && !canWrite(caller, await this.areaOf(manager, row.code, new Map()))) return reject('outside-your-area', `${row.code} is registered outside your area; ask its ICB or the national team to move it`);
    }
    let outcome: Outcome = 'unchanged';
    const district = row.postcode ? postcodeDistrict(row.postcode) : null;
    if (!existing) {
      await manager.query(
        `INSERT INTO organisation (ods_code, kind, name, postcode, postcode_district, open_date, close_date) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [row.code, kind, row.name, row.postcode, district, row.openDate, row.closeDate],
      );
      outcome = 'created';
    } else if (existing.name !== row.name || existing.postcode !== row.postcode || existing.open_date !== row.openDate || existing.close_date !== row.closeDate) {
      await manager.query(
        `UPDATE organisation SET name = $2, postcode = $3, postcode_district = $4, open_date = $5, close_date = $6, updated_at = now() WHERE ods_code = $1`,
        [row.code, row.name, row.postcode, district, row.openDate, row.closeDate],
      );
      outcome = 'updated';
    }
    const [current] = (await manager.query(
      `SELECT parent_code, valid_from::text AS valid_from, valid_to::text AS valid_to FROM organisation_link WHERE child_code = $1 ORDER BY valid_from DESC LIMIT 1`,
      [row.code],
    )) as Array<{ parent_code: string; valid_from: string; valid_to: string | null }>;
    if (!current) {
      await manager.query(`INSERT INTO organisation_link (child_code, parent_code, valid_from, valid_to) VALUES ($1, $2, $3, $4)`, [row.code, row.parentCode, row.openDate, row.closeDate]);
    } else if (current.parent_code !== row.parentCode) {
      // The organisation moved: the old membership ends the day before the move, kept as history.
      const from = [row.openDate, today()].sort().at(-1) as string;
      if (from <= current.valid_from) {
        await manager.query(`UPDATE organisation_link SET parent_code = $2, valid_to = $3 WHERE child_code = $1 AND valid_from = $4`, [row.code, row.parentCode, row.closeDate, current.valid_from]);
      } else {
        await manager.query(`UPDATE organisation_link SET valid_to = $3 WHERE child_code = $1 AND valid_from = $2`, [row.code, current.valid_from, dayBefore(from)]);
        await manager.query(`INSERT INTO organisation_link (child_code, parent_code, valid_from, valid_to) VALUES ($1, $2, $3, $4)`, [row.code, row.parentCode, from, row.closeDate]);
      }
      outcome = 'updated';
    } else if (current.valid_to !== row.closeDate) {
      await manager.query(`UPDATE organisation_link SET valid_to = $3 WHERE child_code = $1 AND valid_from = $2`, [row.code, current.valid_from, row.closeDate]);
      outcome = 'updated';
    }
    return outcome;
  }
}
