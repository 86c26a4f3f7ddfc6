import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { create } from '@bufbuild/protobuf';
import { Injectable, Logger, UnprocessableEntityException, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { canRead, canWrite, formatScope, recordNotFound, type Caller, type HierarchyPosition } from '@traininghubs/auth';
import { startOfLondonDay } from '@traininghubs/calendar';
import { localDateFromIso, StaffGroupFigureSchema, WorkforceFigureSchema, WorkforceSnapshotImportedSchema, WorkforceSource } from '@traininghubs/contracts';
import { HubDirectoryEntryEntity } from '@traininghubs/hub-directory';
import { OutboxWriter, type OutboxEvent } from '@traininghubs/messaging';
import type { DataSource, EntityManager } from 'typeorm';
import { checkPracticeFile, STAFF_GROUP_CODES, type FileProblem, type IcbLookup, type PracticeWorkforce } from '../domain/snapshots/gpw-practice-file';
import { isMonthEnd } from '../domain/snapshots/month-end';
import { auditChange } from '../shared/audit';
import { staffGroupMessage } from '../shared/event-contracts';
import { PLAN_TOPIC } from '../shared/topics';
import type { DATA_SOURCES, SnapshotImportView, StartSnapshotImportQuery } from './snapshot.dto';
import { SnapshotImportEntity, type SnapshotImportReport } from './snapshot-import.entity';

export const SNAPSHOT_IMPORTED = 'uk.nhs.traininghubs.workforce.workforce_snapshot_imported.v1';
const PROBLEMS = 'https://traininghubs.nhs.uk/problems/workforce-planning/';
/** Practices staged per transaction: small enough to keep each short, large enough to be quick. */
export const STAGING_CHUNK = 250;
/** Problems listed in a report; the count covers them all. */
export const MAX_REPORTED_PROBLEMS = 1_000;
/** A staging import not heard from for this long was interrupted (the process stopped). */
const STALE_AFTER = '2 minutes';
const GROUP_COLUMN = { GP: 'gp', NURSE: 'nurse', DIRECT_PATIENT_CARE: 'dpc', ADMIN_NON_CLINICAL: 'admin' } as const;

export const importNotFound = (id: string) => `No workforce snapshot import ${id}`;

/**
 * Imports of GPW practice files. A file is checked whole first: any problem refuses it whole
 * (422 with every problem), nothing saved. A good file is staged in chunks in the background
 * (progress visible) and then swapped in for its month in one transaction, with its events.
 */
@Injectable()
export class SnapshotImportsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SnapshotImportsService.name);
  private readonly running = new Set<Promise<void>>();
  private sweeper?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
  ) {}

  onApplicationBootstrap(): void {
    const sweep = () => void this.failInterruptedImports().catch((error: unknown) => this.logger.warn({ err: error }, 'could not sweep interrupted imports'));
    sweep();
    this.sweeper = setInterval(sweep, 60_000).unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.allSettled([...this.running]);
  }

  /** Checks the file; refuses it whole (422) on any problem, else starts staging it and answers at once. */
  async start(caller: Caller, text: string, query: StartSnapshotImportQuery): Promise<SnapshotImportView> {
    if (query.snapshotDate && !isMonthEnd(query.snapshotDate)) {
      throw new UnprocessableEntityException({
        type: `${PROBLEMS}not-a-month-end`,
        title: 'Breaks a workforce-planning rule',
        detail: `${query.snapshotDate} is not the last day of a month; workforce snapshots are taken on the last calendar day of the month.`,
        code: 'not-a-month-end',
      });
    }
    const dataSource = query.dataSource ?? 'GPW_PRACTICE';
    const check = checkPracticeFile(text, query.snapshotDate ?? null, await this.icbLookup(caller));
    const report: SnapshotImportReport = {
      errorCount: check.problems.length,
      errors: check.problems.slice(0, MAX_REPORTED_PROBLEMS),
      ignoredColumns: check.layout?.ignored ?? [],
      warnings: check.layout?.warnings ?? [],
    };
    const hubIds = [...new Set(check.practices.map((p) => p.hubId))];
    const record = this.dataSource.getRepository(SnapshotImportEntity).create({
      id: randomUUID(),
      status: check.problems.length > 0 ? 'rejected' : 'staging',
      snapshotDate: check.snapshotDate,
      dataSource,
      importedBy: caller.subject,
      importerRole: caller.role,
      totalRows: check.totalRows,
      processedRows: 0,
      practiceCount: check.problems.length > 0 ? 0 : check.practices.length,
      hubIds: check.problems.length > 0 ? [] : hubIds,
      report,
      failure: null,
      createdAt: new Date(),
      updatedAt: new Date(),
      appliedAt: null,
    });
    await this.dataSource.getRepository(SnapshotImportEntity).insert(record);
    if (check.problems.length > 0) throw refused(record, check.problems);
    const snapshotDate = check.snapshotDate as string;
    const job = this.stageAndApply(caller, record.id, snapshotDate, dataSource, check.practices).catch((error: unknown) => this.fail(record.id, error));
    this.running.add(job);
    void job.finally(() => this.running.delete(job));
    return viewOf(record);
  }

  async find(caller: Caller, id: string): Promise<SnapshotImportView> {
    const record = await this.dataSource.getRepository(SnapshotImportEntity).findOneBy({ id });
    if (!record || !(await this.mayRead(caller, record))) throw recordNotFound(importNotFound(id));
    return viewOf(record);
  }

  /** Waits for the imports running in this process (tests, shutdown). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }

  private async mayRead(caller: Caller, record: SnapshotImportEntity): Promise<boolean> {
    if (caller.scope.kind === 'national' || caller.subject === record.importedBy) return true;
    if (record.hubIds.length === 0) return false;
    const hubs = await this.dataSource.getRepository(HubDirectoryEntryEntity).findBy(record.hubIds.map((hubId) => ({ hubId })));
    return hubs.some((h) => canRead(caller, positionOf(h)));
  }

  /**
   * Which hub each ICB's practices belong to (the ICS-level hub serving the ICB in the hub
   * directory), and whether the caller may import for it.
   */
  private async icbLookup(caller: Caller): Promise<IcbLookup> {
    const hubs = await this.dataSource.getRepository(HubDirectoryEntryEntity).find({ where: { active: true }, order: { level: 'ASC', name: 'ASC' } });
    const places = new Map<string, { hubId: string } | { refused: string }>();
    return (icbCode) => {
      let place = places.get(icbCode);
      if (!place) {
        const hub = hubs.find((h) => h.icbCode === icbCode && h.level === 'ics') ?? hubs.find((h) => h.icbCode === icbCode);
        if (!hub) place = { refused: `no Training Hub is known for ICB ${icbCode}; hub-registry announces the hubs and the ICBs they serve` };
        else if (!canWrite(caller, positionOf(hub))) place = { refused: `ICB ${icbCode} is outside your scope (${formatScope(caller.scope)}); you may import practices of your own area only` };
        else place = { hubId: hub.hubId };
        places.set(icbCode, place);
      }
      return place;
    };
  }

  private async stageAndApply(caller: Caller, importId: string, snapshotDate: string, dataSource: string, practices: PracticeWorkforce[]): Promise<void> {
    for (let start = 0; start < practices.length; start += STAGING_CHUNK) {
      const chunk = practices.slice(start, start + STAGING_CHUNK);
      await this.dataSource.transaction(async (manager) => {
        await stage(manager, importId, snapshotDate, dataSource, chunk);
        await manager.query('UPDATE workforce_snapshot_import SET processed_rows = processed_rows + $2, updated_at = now() WHERE id = $1', [importId, chunk.length]);
      });
      await nextTurn();
    }
    await this.dataSource.transaction(async (manager) => {
      // one month's snapshot is swapped by one import at a time
      await manager.query("SELECT pg_advisory_xact_lock(hashtext('workforce-snapshot:' || $1))", [snapshotDate]);
      const [status] = (await manager.query('SELECT status FROM workforce_snapshot_import WHERE id = $1 FOR UPDATE', [importId])) as Array<{ status: string }>;
      if (status?.status !== 'staging') throw new Error(`import ${importId} is ${status?.status ?? 'gone'}, not staging`);
      const [, replaced] = (await manager.query(
        `DELETE FROM practice_workforce_snapshot s USING practice_workforce_snapshot_staged g
          WHERE g.import_id = $1 AND s.snapshot_date = g.snapshot_date AND s.practice_ods_code = g.practice_ods_code`,
        [importId],
      )) as [unknown, number];
      const groupColumns = STAFF_GROUP_CODES.flatMap((g) => [`${GROUP_COLUMN[g]}_headcount`, `${GROUP_COLUMN[g]}_fte_hundredths`]).join(', ');
      await manager.query(
        `INSERT INTO practice_workforce_snapshot (snapshot_date, practice_ods_code, practice_name, pcn_ods_code, sub_icb_code, icb_code, hub_id, import_id, data_source, ${groupColumns})
         SELECT snapshot_date, practice_ods_code, practice_name, pcn_ods_code, sub_icb_code, icb_code, hub_id, import_id, data_source, ${groupColumns}
           FROM practice_workforce_snapshot_staged WHERE import_id = $1`,
        [importId],
      );
      await manager.query(
        `INSERT INTO practice_workforce_role (snapshot_date, practice_ods_code, role_code, staff_group, headcount, fte_hundredths)
         SELECT $2::date, practice_ods_code, role_code, staff_group, headcount, fte_hundredths FROM practice_workforce_role_staged WHERE import_id = $1`,
        [importId, snapshotDate],
      );
      await this.outbox.appendAll(manager, snapshotEvents(importId, snapshotDate, dataSource, practices));
      await manager.query('DELETE FROM practice_workforce_snapshot_staged WHERE import_id = $1', [importId]);
      await manager.query(
        `UPDATE workforce_snapshot_import SET status = 'applied', processed_rows = total_rows, applied_at = now(), updated_at = now(),
                report = report || jsonb_build_object('replacedPractices', $2::int) WHERE id = $1`,
        [importId, replaced],
      );
      await auditChange(manager, caller, 'workforce-snapshot.imported', 'workforce-snapshot-import', importId, { snapshotDate, practiceCount: practices.length, replacedPractices: replaced });
    });
  }

  private async fail(importId: string, error: unknown): Promise<void> {
    this.logger.error({ err: error, importId }, 'workforce snapshot import failed; nothing of it was applied');
    await this.dataSource
      .transaction(async (manager) => {
        await manager.query('DELETE FROM practice_workforce_snapshot_staged WHERE import_id = $1', [importId]);
        await manager.query(
          "UPDATE workforce_snapshot_import SET status = 'failed', failure = $2, updated_at = now() WHERE id = $1 AND status = 'staging'",
          [importId, `The import stopped before it was applied, so nothing of it was saved (${error instanceof Error ? error.message : String(error)}). Import the file again.`],
        );
      })
      .catch((cleanup: unknown) => this.logger.error({ err: cleanup, importId }, 'could not record the failed import; the sweep will'));
  }

  /** Imports left staging by a stopped process never half-apply: their staged rows go, and they are marked failed. */
  async failInterruptedImports(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const stale = (await manager.query(
        `UPDATE workforce_snapshot_import SET status = 'failed', updated_at = now(),
                failure = 'The import was interrupted before it was applied, so nothing of it was saved. Import the file again.'
          WHERE status = 'staging' AND updated_at < now() - interval '${STALE_AFTER}' RETURNING id`,
      )) as [Array<{ id: string }>, number];
      const ids = stale[0].map((r) => r.id);
      if (ids.length > 0) await manager.query('DELETE FROM practice_workforce_snapshot_staged WHERE import_id = ANY($1::uuid[])', [ids]);
      return ids.length;
    });
  }
}

/** Stages a chunk of practices (and their roles) with one statement per table. */
async function stage(manager: EntityManager, importId: string, snapshotDate: string, dataSource: string, practices: PracticeWorkforce[]): Promise<void> {
  const column = <T>(pick: (p: PracticeWorkforce) => T) => practices.map(pick);
  await manager.query(
    `INSERT INTO practice_workforce_snapshot_staged (import_id, snapshot_date, data_source, practice_ods_code, practice_name, pcn_ods_code, sub_icb_code, icb_code, hub_id,
        gp_headcount, gp_fte_hundredths, nurse_headcount, nurse_fte_hundredths, dpc_headcount, dpc_fte_hundredths, admin_headcount, admin_fte_hundredths)
     SELECT $1::uuid, $2::date, $3::text, * FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::uuid[],
        $10::int[], $11::int[], $12::int[], $13::int[], $14::int[], $15::int[], $16::int[], $17::int[])`,
    [
      importId,
      snapshotDate,
      dataSource,
      column((p) => p.practiceOdsCode),
      column((p) => p.practiceName),
      column((p) => p.pcnOdsCode),
      column((p) => p.subIcbCode),
      column((p) => p.icbCode),
      column((p) => p.hubId),
      ...STAFF_GROUP_CODES.flatMap((g) => [column((p) => p.groups[g].headcount), column((p) => p.groups[g].fteHundredths)]),
    ],
  );
  const roles = practices.flatMap((p) => p.roles.map((r) => ({ practice: p.practiceOdsCode, ...r })));
  if (roles.length === 0) return;
  await manager.query(
    `INSERT INTO practice_workforce_role_staged (import_id, practice_ods_code, role_code, staff_group, headcount, fte_hundredths)
     SELECT $1::uuid, * FROM unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::int[])`,
    [importId, roles.map((r) => r.practice), roles.map((r) => r.roleCode), roles.map((r) => r.staffGroup), roles.map((r) => r.headcount), roles.map((r) => r.fteHundredths)],
  );
}

/** One WorkforceSnapshotImported per PCN (and hub) of the import, keyed by the PCN's ODS code; ce_time the start of the London day of the snapshot (the month end it describes). */
export function snapshotEvents(importId: string, snapshotDate: string, dataSource: string, practices: readonly PracticeWorkforce[]): OutboxEvent[] {
  const byPcn = new Map<string, PracticeWorkforce[]>();
  for (const practice of practices) {
    const key = `${practice.pcnOdsCode}\u001f${practice.hubId}`;
    byPcn.set(key, [...(byPcn.get(key) ?? []), practice]);
  }
  const occurredAt = startOfLondonDay(snapshotDate);
  return [...byPcn.values()].map((members) => {
    const { pcnOdsCode, hubId, icbCode } = members[0];
    return {
      topic: PLAN_TOPIC,
      key: pcnOdsCode,
      aggregateType: 'workforce-snapshot',
      aggregateId: `${pcnOdsCode}:${snapshotDate}`,
      type: SNAPSHOT_IMPORTED,
      occurredAt,
      message: create(WorkforceSnapshotImportedSchema, {
        hubId,
        pcnOdsCode,
        icbOdsCode: icbCode,
        importId,
        snapshotDate: localDateFromIso(snapshotDate),
        dataSource: dataSource === 'LOCAL_RETURN' ? WorkforceSource.LOCAL_RETURN : WorkforceSource.GPW_PRACTICE,
        practiceCount: members.length,
        staffGroupTotals: STAFF_GROUP_CODES.map((group) =>
          create(StaffGroupFigureSchema, {
            staffGroup: staffGroupMessage(group),
            headcount: members.reduce((sum, p) => sum + p.groups[group].headcount, 0),
            fteHundredths: BigInt(members.reduce((sum, p) => sum + p.groups[group].fteHundredths, 0)),
          }),
        ),
        figures: members.flatMap((p) =>
          p.roles.map((r) =>
            create(WorkforceFigureSchema, {
              organisationOdsCode: p.practiceOdsCode,
              staffGroup: staffGroupMessage(r.staffGroup),
              roleCode: r.roleCode,
              headcount: r.headcount,
              fteHundredths: BigInt(r.fteHundredths),
            }),
          ),
        ),
      }),
    };
  });
}

function positionOf(hub: HubDirectoryEntryEntity): HierarchyPosition {
  return { hubId: hub.hubId, icbCode: hub.icbCode, regionCode: hub.regionCode };
}

function refused(record: SnapshotImportEntity, problems: readonly FileProblem[]): UnprocessableEntityException {
  return new UnprocessableEntityException({
    type: `${PROBLEMS}invalid-workforce-file`,
    title: 'The workforce file has problems; nothing was imported',
    detail: `${problems.length} problem(s) in ${record.totalRows} practice row(s). Correct them and send the whole file again; a file is imported whole or not at all.`,
    code: 'invalid-workforce-file',
    importId: record.id,
    report: record.report,
  });
}

export function viewOf(r: SnapshotImportEntity): SnapshotImportView {
  return {
    id: r.id,
    status: r.status,
    snapshotDate: r.snapshotDate,
    dataSource: r.dataSource as (typeof DATA_SOURCES)[number],
    totalRows: r.totalRows,
    processedRows: r.processedRows,
    practiceCount: r.practiceCount,
    hubIds: r.hubIds,
    report: r.report,
    failure: r.failure,
    createdAt: r.createdAt.toISOString(),
    appliedAt: r.appliedAt ? r.appliedAt.toISOString() : null,
  };
}
