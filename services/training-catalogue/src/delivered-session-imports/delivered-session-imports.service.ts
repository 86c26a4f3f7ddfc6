import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { HttpException, Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { recordNotFound, type Caller } from '@traininghubs/auth';
import { londonDateOf } from '@traininghubs/calendar';
import { footprintOn, HubDirectoryEntryEntity, HubDirectoryFootprintEntity, HubScope, positionOfFootprint, type HubDirectory } from '@traininghubs/hub-directory';
import { OutboxWriter } from '@traininghubs/messaging';
import { recordAudit } from '@traininghubs/persistence';
import { SERVICE_CONFIG } from '@traininghubs/runtime';
import { CatalogueAccess } from '../catalogue/catalogue-access';
import type { Clock } from '../catalogue/clock';
import { CourseEntity } from '../courses/course.entity';
import { deliveredSessionRecord, saveDeliveredSessions, type DeliveredSessionRecord } from '../sessions/delivered-session.record';
import type { TrainingCatalogueEnvironment } from '../training-catalogue.environment';
import { CLOCK } from '../web/clock.provider';
import { checkFile, rejectSession, type ImportFile, type RejectedRow, type StagedSession } from './delivered-session-import.file';
import type { DeliveredSessionImportView } from './delivered-session-import.dto';
import { chunksOf, countByCode, REPORTED_REJECTED_ROWS } from './delivered-session-import.report';

/** How long a process may hold an import without renewing its claim (renewed with every chunk). */
const LEASE_SECONDS = 60;
/** How often each process looks for imports whose worker stopped (a crash) to resume them. */
const SWEEP_MS = 30_000;
const CHUNK_ATTEMPTS = 3;
/** Staged sessions and rejected rows written per statement when an import starts. */
const STAGE_BATCH = 500;
const REJECTED_BATCH = 5_000;

export const IMPORTS_PATH = '/api/v1/courses/delivered-session-imports';

/** Another process took the import over (this one's lease lapsed): stop without touching it. */
class ClaimLost extends Error {}

interface ImportState {
  hubId: string;
  chunks: number;
  appliedChunks: number;
  processedRows: number;
  processedSessions: number;
  sessionsImported: number;
  sessionsAlreadyImported: number;
  sessionsRejected: number;
  attendanceImported: number;
  learnersRegistered: number;
  rejectedSessionsByCode: Record<string, number>;
  caller: Caller;
}

type Counts = Omit<ImportState, 'hubId' | 'chunks' | 'caller'>;

/** Whether the hub operated on a day (HubScope.knownHubOn): undefined when it did, else the refusal. */
type DayVerdict = { code: string; reason: string } | undefined;

interface ImportRow {
  id: string;
  hub_id: string;
  status: 'running' | 'completed' | 'failed';
  header: string[];
  total_rows: number;
  total_sessions: number;
  chunks: number;
  applied_chunks: number;
  processed_rows: number;
  processed_sessions: number;
  sessions_imported: number;
  sessions_already_imported: number;
  sessions_rejected: number;
  attendance_imported: number;
  learners_registered: number;
  rejected_sessions_by_code: Record<string, number>;
  requested_by: string;
  requested_as: Caller;
  failure: string | null;
  started_at: Date;
  finished_at: Date | null;
}

/**
 * Imports a hub's past sessions with their attendance from CSV (one row per learner's place).
 *
 * The file is checked on its own in the request (rows, then sessions by the rules of POST
 * …/delivered-sessions); what passes is staged with the import in one transaction, and applied in
 * chunks of whole sessions (about IMPORT_CHUNK_ROWS rows), each chunk one transaction that also
 * writes its events to the outbox and advances the import's progress. Per session the database
 * checks come then: a course of the hub, a day the hub operated, not imported before. A session is
 * imported whole or not at all; other sessions go on. Re-importing adds nothing: a session is keyed
 * by (hub, session_ref).
 *
 * A process works on an import under a lease renewed by every chunk. On shutdown it stops after the
 * current chunk and hands the import back; after a crash the lease lapses. Either way the next
 * process that looks (at start and every 30 s) resumes it from its last committed chunk.
 */
@Injectable()
export class DeliveredSessionImportsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('DeliveredSessionImport');
  private readonly workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly working = new Map<string, Promise<void>>();
  private stopping = false;
  private sweeper?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly access: CatalogueAccess,
    @Inject(SERVICE_CONFIG) private readonly config: TrainingCatalogueEnvironment,
    @Inject(CLOCK) private readonly clock: Clock,
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

  /** Claims the running imports no live process is working on and resumes them. */
  async resumeInterrupted(): Promise<string[]> {
    if (this.stopping) return [];
    let claimed: Array<{ id: string }> = [];
    try {
      [claimed] = (await this.dataSource.query(
        `UPDATE delivered_session_import SET worker_id = $1, lease_until = now() + make_interval(secs => $2)
          WHERE status = 'running' AND (worker_id IS NULL OR lease_until < now()) RETURNING id`,
        [this.workerId, LEASE_SECONDS],
      )) as [Array<{ id: string }>, number];
    } catch (error) {
      this.logger.warn(`could not look for interrupted imports: ${(error as Error).message}`);
      return [];
    }
    for (const { id } of claimed) {
      this.logger.log(`resuming delivered-session import ${id}`);
      this.launch(id);
    }
    return claimed.map((c) => c.id);
  }

  /** Resolves when the background work on an import in this process has stopped (for tests and the benchmark). */
  async settled(id: string): Promise<void> {
    await this.working.get(id);
  }

  /** May the caller import into this hub? Unknown hub → 422; analysts and callers outside its scope → 403. */
  assertMayImport(caller: Caller, hubId: string): Promise<void> {
    return this.access.assertCanWriteToHub(caller, hubId);
  }

  /**
   * Checks the file, records the import with what passed, and applies it: in the request when it
   * has at most IMPORT_BACKGROUND_ROWS rows (the report is complete), else in the background.
   */
  async start(caller: Caller, hubId: string, file: ImportFile): Promise<{ report: DeliveredSessionImportView; background: boolean }> {
    await this.assertMayImport(caller, hubId);
    const checkedAt = this.clock.now();
    const checked = checkFile(file, checkedAt);
    const chunks = chunksOf(
      checked.sessions.map((s) => s.attendance.length),
      this.config.IMPORT_CHUNK_ROWS,
    );
    const id = randomUUID();
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO delivered_session_import (id, hub_id, status, header, total_rows, total_sessions, chunks, processed_rows, processed_sessions,
                                               sessions_rejected, rejected_sessions_by_code, requested_by, requested_as, checked_at, worker_id, lease_until, started_at)
         VALUES ($1, $2, 'running', $3, $4, $5, $6, $7, $8, $8, $9, $10, $11, $12, $13, now() + make_interval(secs => $14), now())`,
        [
          id,
          hubId,
          file.header,
          checked.totalRows,
          checked.totalSessions,
          checked.sessions.length === 0 ? 0 : chunks[chunks.length - 1] + 1,
          checked.rejected.length,
          checked.rejectedSessions.length,
          JSON.stringify(countByCode(checked.rejectedSessions.map((s) => s.code))),
          caller.subject,
          JSON.stringify(caller),
          checkedAt.toISOString(),
          this.workerId,
          LEASE_SECONDS,
        ],
      );
      for (let start = 0; start < checked.sessions.length; start += STAGE_BATCH) {
        const batch = checked.sessions.slice(start, start + STAGE_BATCH).map((session, i) => ({ seq: start + i, chunk: chunks[start + i], session }));
        await manager.query(
          `INSERT INTO delivered_session_import_session (import_id, seq, chunk, session)
           SELECT $1, s.seq, s.chunk, s.session FROM jsonb_to_recordset($2::jsonb) AS s(seq integer, chunk integer, session jsonb)`,
          [id, JSON.stringify(batch)],
        );
      }
      await insertRejectedRows(manager, id, checked.rejected);
    });
    const background = checked.totalRows > this.config.IMPORT_BACKGROUND_ROWS;
    if (background) this.launch(id);
    else await this.process(id);
    return { report: (await this.report(id)) as DeliveredSessionImportView, background };
  }

  /** The import's progress and report, for a caller who may write to its hub (404 outside their scope, 403 read-only). */
  async find(caller: Caller, id: string): Promise<DeliveredSessionImportView> {
    await this.assertMayRead(caller, id);
    return (await this.report(id)) as DeliveredSessionImportView;
  }

  /** The import's file header, once the caller may see its rejected rows. */
  async headerFor(caller: Caller, id: string): Promise<string[]> {
    const row = await this.assertMayRead(caller, id);
    return row.header;
  }

  /** Rejected rows after `afterLine`, in line order, a page at a time (for rejected-rows.csv). */
  async rejectedRowsPage(id: string, afterLine: number, limit: number): Promise<RejectedRow[]> {
    const rows = (await this.dataSource.query(
      `SELECT line, session_ref, code, reason, fields FROM delivered_session_import_rejected_row
        WHERE import_id = $1 AND line > $2 ORDER BY line LIMIT $3`,
      [id, afterLine, limit],
    )) as Array<{ line: number; session_ref: string | null; code: string; reason: string; fields: string[] }>;
    return rows.map((r) => ({ line: r.line, sessionRef: r.session_ref, code: r.code, reason: r.reason, fields: r.fields }));
  }

  private async assertMayRead(caller: Caller, id: string): Promise<ImportRow> {
    const [row] = (await this.dataSource.query('SELECT hub_id, header FROM delivered_session_import WHERE id = $1', [id])) as ImportRow[];
    const detail = `No delivered-session import ${id}`;
    if (!row) throw recordNotFound(detail);
    await this.access.assertCanChangeRecord(caller, row.hub_id, detail);
    return row;
  }

  private async report(id: string): Promise<DeliveredSessionImportView | undefined> {
    const [row] = (await this.dataSource.query('SELECT * FROM delivered_session_import WHERE id = $1', [id])) as ImportRow[];
    if (!row) return undefined;
    const byCode = (await this.dataSource.query(
      `SELECT code, count(*)::int AS n FROM delivered_session_import_rejected_row WHERE import_id = $1 GROUP BY code ORDER BY code`,
      [id],
    )) as Array<{ code: string; n: number }>;
    const first = await this.rejectedRowsPage(id, 0, REPORTED_REJECTED_ROWS);
    return {
      importId: row.id,
      hubId: row.hub_id,
      status: row.status,
      totalRows: row.total_rows,
      totalSessions: row.total_sessions,
      processedRows: row.processed_rows,
      processedSessions: row.processed_sessions,
      sessionsImported: row.sessions_imported,
      sessionsAlreadyImported: row.sessions_already_imported,
      sessionsRejected: row.sessions_rejected,
      attendanceImported: row.attendance_imported,
      learnersRegistered: row.learners_registered,
      rejectedRows: byCode.reduce((n, c) => n + c.n, 0),
      rejectedRowsByCode: Object.fromEntries(byCode.map((c) => [c.code, c.n])),
      rejectedSessionsByCode: row.rejected_sessions_by_code,
      firstRejectedRows: first.map(({ line, sessionRef, code, reason }) => ({ line, sessionRef, code, reason })),
      rejectedRowsCsv: `${IMPORTS_PATH}/${row.id}/rejected-rows.csv`,
      failure: row.failure,
      requestedBy: row.requested_by,
      startedAt: new Date(row.started_at).toISOString(),
      finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
    };
  }

  private launch(id: string): void {
    const work = this.process(id)
      .catch((error: Error) => this.logger.error(`delivered-session import ${id} stopped: ${error.message}`))
      .finally(() => {
        if (this.working.get(id) === work) this.working.delete(id);
      });
    this.working.set(id, work);
  }

  private async process(id: string): Promise<void> {
    const [row] = (await this.dataSource.query(`SELECT * FROM delivered_session_import WHERE id = $1 AND worker_id = $2 AND status = 'running'`, [
      id,
      this.workerId,
    ])) as ImportRow[];
    if (!row) return;
    const state: ImportState = {
      hubId: row.hub_id,
      chunks: row.chunks,
      appliedChunks: row.applied_chunks,
      processedRows: row.processed_rows,
      processedSessions: row.processed_sessions,
      sessionsImported: row.sessions_imported,
      sessionsAlreadyImported: row.sessions_already_imported,
      sessionsRejected: row.sessions_rejected,
      attendanceImported: row.attendance_imported,
      learnersRegistered: row.learners_registered,
      rejectedSessionsByCode: row.rejected_sessions_by_code,
      caller: row.requested_as,
    };
    try {
      while (state.appliedChunks < state.chunks) {
        if (this.stopping) {
          await this.dataSource.query(`UPDATE delivered_session_import SET worker_id = NULL, lease_until = NULL WHERE id = $1 AND worker_id = $2`, [id, this.workerId]);
          return;
        }
        Object.assign(state, await this.chunkWithRetries(id, state));
      }
      await this.dataSource.transaction(async (manager) => {
        const [, finished] = (await manager.query(
          `UPDATE delivered_session_import SET status = 'completed', finished_at = now(), worker_id = NULL, lease_until = NULL
            WHERE id = $1 AND worker_id = $2 AND status = 'running'`,
          [id, this.workerId],
        )) as [unknown, number];
        if (finished !== 1) throw new ClaimLost(`import ${id} is no longer this process's to finish`);
        await manager.query('DELETE FROM delivered_session_import_session WHERE import_id = $1', [id]);
        await this.audit(manager, id, state, 'delivered-sessions.imported');
      });
    } catch (error) {
      if (error instanceof ClaimLost) return;
      await this.dataSource
        .transaction(async (manager) => {
          const [, failed] = (await manager.query(
            `UPDATE delivered_session_import SET status = 'failed', failure = $2, finished_at = now(), worker_id = NULL, lease_until = NULL
              WHERE id = $1 AND worker_id = $3 AND status = 'running'`,
            [id, (error as Error).message, this.workerId],
          )) as [unknown, number];
          if (failed === 1) {
            await manager.query('DELETE FROM delivered_session_import_session WHERE import_id = $1', [id]);
            await this.audit(manager, id, state, 'delivered-sessions.import-failed', (error as Error).message);
          }
        })
        .catch(() => undefined);
      throw error;
    }
  }

  private audit(manager: EntityManager, id: string, state: ImportState, action: string, failure?: string): Promise<void> {
    return recordAudit(manager, {
      actor: state.caller.subject,
      actorRole: state.caller.role,
      action,
      entityType: 'delivered_session_import',
      entityId: id,
      changes: {
        hubId: state.hubId,
        sessionsImported: state.sessionsImported,
        sessionsAlreadyImported: state.sessionsAlreadyImported,
        sessionsRejected: state.sessionsRejected,
        attendanceImported: state.attendanceImported,
        learnersRegistered: state.learnersRegistered,
        rejectedSessionsByCode: state.rejectedSessionsByCode,
        ...(failure ? { failure } : {}),
      },
    });
  }

  /** One chunk in one transaction, tried again after a transient failure; nothing of a failed attempt stays. */
  private async chunkWithRetries(id: string, state: ImportState): Promise<Counts> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction((manager) => this.applyChunk(manager, id, state));
      } catch (error) {
        if (error instanceof ClaimLost || attempt >= CHUNK_ATTEMPTS || this.stopping) throw error;
        this.logger.warn(`delivered-session import ${id}: chunk ${state.appliedChunks + 1} of ${state.chunks} failed (${(error as Error).message}); trying again`);
        await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt));
      }
    }
  }

  /**
   * Applies one chunk of staged sessions: the database's rules per session, then — set-based, for
   * all the sessions that pass — the claim of their (hub, session_ref), the learners found or
   * registered by e-mail within the hub, the sessions, bookings and outbox events, the rejected
   * rows, and the import's progress (only while this process still holds the import).
   */
  private async applyChunk(manager: EntityManager, id: string, state: ImportState): Promise<Counts> {
    const now = this.clock.now();
    const staged = (
      (await manager.query(`SELECT session FROM delivered_session_import_session WHERE import_id = $1 AND chunk = $2 ORDER BY seq`, [id, state.appliedChunks])) as Array<{
        session: StagedSession;
      }>
    ).map((r) => r.session);
    const counts: Counts = {
      appliedChunks: state.appliedChunks + 1,
      processedRows: state.processedRows,
      processedSessions: state.processedSessions + staged.length,
      sessionsImported: state.sessionsImported,
      sessionsAlreadyImported: state.sessionsAlreadyImported,
      sessionsRejected: state.sessionsRejected,
      attendanceImported: state.attendanceImported,
      learnersRegistered: state.learnersRegistered,
      rejectedSessionsByCode: { ...state.rejectedSessionsByCode },
    };
    for (const session of staged) counts.processedRows += session.attendance.length;

    const rejected: RejectedRow[] = [];
    const reject = (session: StagedSession, code: string, reason: string) => {
      rejected.push(...rejectSession(session, code, reason));
      counts.sessionsRejected += 1;
      counts.rejectedSessionsByCode = countByCode([code], counts.rejectedSessionsByCode);
    };

    // 1. Imported before (by this file earlier, or another import): nothing to add.
    const refs = staged.map((s) => s.sessionRef);
    const before = new Set(
      ((await manager.query(`SELECT session_ref FROM imported_session WHERE hub_id = $1 AND session_ref = ANY($2::text[])`, [state.hubId, refs])) as Array<{ session_ref: string }>).map(
        (r) => r.session_ref,
      ),
    );
    counts.sessionsAlreadyImported += before.size;

    // 2. The rules that need the database: a course of this hub, on a day the hub operated.
    const fresh = staged.filter((s) => !before.has(s.sessionRef));
    const courseIds = [...new Set(fresh.map((s) => s.courseId))];
    const courses = new Map((courseIds.length === 0 ? [] : await manager.findBy(CourseEntity, { courseId: In(courseIds) })).map((c) => [c.courseId, c]));
    const accepted: Array<{ session: StagedSession; course: CourseEntity }> = [];
    const hubOn = await this.hubOnDays(manager, state.hubId);
    for (const session of fresh) {
      const course = courses.get(session.courseId);
      if (!course || (course.hubId !== state.hubId && !(await this.access.canReadRecord(state.caller, course.hubId, manager)))) {
        // A course of a hub outside the caller's scope is not theirs to learn about: the same as none.
        reject(session, 'unknown-course', `course_id ${session.courseId} is not a course of the training catalogue: add it with POST /api/v1/courses first`);
        continue;
      }
      if (course.hubId !== state.hubId) {
        reject(session, 'course-of-another-hub', `course ${session.courseId} belongs to another hub (${course.hubId}); this import is for hub ${state.hubId}`);
        continue;
      }
      const verdict = await hubOn(londonDateOf(new Date(session.startsAt)));
      if (verdict) {
        reject(session, verdict.code, verdict.reason);
        continue;
      }
      accepted.push({ session, course });
    }

    // 3. Claim each session's key; one another import claimed meanwhile is already imported.
    const sessionIds = new Map(accepted.map(({ session }) => [session.sessionRef, randomUUID()]));
    const claimedRefs = new Set<string>();
    if (accepted.length > 0) {
      const ordered = [...sessionIds.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const claimed = (await manager.query(
        `INSERT INTO imported_session (hub_id, session_ref, session_id, import_id, imported_at)
         SELECT $1, k.session_ref, k.session_id, $2, $3 FROM unnest($4::text[], $5::uuid[]) WITH ORDINALITY AS k(session_ref, session_id, ord) ORDER BY k.ord
         ON CONFLICT (hub_id, session_ref) DO NOTHING RETURNING session_ref`,
        [state.hubId, id, now.toISOString(), ordered.map(([ref]) => ref), ordered.map(([, sessionId]) => sessionId)],
      )) as Array<{ session_ref: string }>;
      for (const { session_ref } of claimed) claimedRefs.add(session_ref);
    }
    const toImport = accepted.filter(({ session }) => claimedRefs.has(session.sessionRef));
    counts.sessionsAlreadyImported += accepted.length - toImport.length;

    // 4. The learners, found or registered by e-mail within the hub; then the sessions, bookings and events.
    if (toImport.length > 0) {
      const learners = await this.findOrRegisterLearners(manager, state.hubId, toImport.map((t) => t.session), now);
      counts.learnersRegistered += learners.registered;
      const records: DeliveredSessionRecord[] = toImport.map(({ session, course }) =>
        deliveredSessionRecord(
          course,
          { startsAt: new Date(session.startsAt), endsAt: new Date(session.endsAt), capacity: session.capacity, venue: session.venue, onlineLink: session.onlineLink },
          session.attendance.map((a) => ({
            learnerId: learners.ids.get(a.emailKey) as string,
            profession: a.profession,
            employerOdsCode: a.employerOdsCode,
            attended: a.attended,
          })),
          now,
          sessionIds.get(session.sessionRef),
        ),
      );
      await saveDeliveredSessions(manager, this.outbox, records);
      counts.sessionsImported += records.length;
      counts.attendanceImported += records.reduce((n, r) => n + r.bookings.length, 0);
    }

    await insertRejectedRows(manager, id, rejected);
    const [, advanced] = (await manager.query(
      `UPDATE delivered_session_import
          SET applied_chunks = $3, processed_rows = $4, processed_sessions = $5, sessions_imported = $6, sessions_already_imported = $7,
              sessions_rejected = $8, attendance_imported = $9, learners_registered = $10, rejected_sessions_by_code = $11,
              lease_until = now() + make_interval(secs => $12)
        WHERE id = $1 AND worker_id = $2 AND applied_chunks = $13 AND status = 'running'`,
      [
        id,
        this.workerId,
        counts.appliedChunks,
        counts.processedRows,
        counts.processedSessions,
        counts.sessionsImported,
        counts.sessionsAlreadyImported,
        counts.sessionsRejected,
        counts.attendanceImported,
        counts.learnersRegistered,
        JSON.stringify(counts.rejectedSessionsByCode),
        LEASE_SECONDS,
        state.appliedChunks,
      ],
    )) as [unknown, number];
    if (advanced !== 1) throw new ClaimLost(`import ${id} is no longer this process's to work on`);
    return counts;
  }

  /**
   * Whether the hub operated on a day, by HubScope.knownHubOn — the rule POST …/delivered-sessions
   * applies — judged on the hub's directory entry and footprints as this chunk's transaction reads
   * them (two reads per chunk, not two per session). undefined when it did; else its refusal
   * (422 outside-hub-active-span). Any other failure (a hub not known yet: 503) fails the chunk,
   * which is tried again.
   */
  private async hubOnDays(manager: EntityManager, hubId: string): Promise<(day: string) => Promise<DayVerdict>> {
    const scope = new HubScope(await hubSnapshot(manager, hubId));
    const verdicts = new Map<string, DayVerdict>();
    return async (day) => {
      if (verdicts.has(day)) return verdicts.get(day);
      let verdict: DayVerdict;
      try {
        await scope.knownHubOn(hubId, day, manager);
      } catch (error) {
        const refused = error instanceof HttpException && error.getStatus() === 422;
        const response = refused ? (error.getResponse() as { code?: unknown; detail?: unknown }) : undefined;
        if (!response || typeof response.code !== 'string') throw error;
        verdict = { code: response.code, reason: typeof response.detail === 'string' ? response.detail : (error as Error).message };
      }
      verdicts.set(day, verdict);
      return verdict;
    };
  }

  /**
   * The hub's learner id for every e-mail of these sessions, as POST /learners keys them (hub and
   * lower-case e-mail): an e-mail the hub registered before keeps its learner and details (a past
   * session does not change who they are now); a new one is registered with its first row's details.
   */
  private async findOrRegisterLearners(manager: EntityManager, hubId: string, sessions: readonly StagedSession[], now: Date) {
    const first = new Map<string, StagedSession['attendance'][number]>();
    for (const session of sessions) for (const a of session.attendance) if (!first.has(a.emailKey)) first.set(a.emailKey, a);
    // In a fixed order, so imports registering overlapping learners cannot deadlock.
    const people = [...first.values()].sort((a, b) => (a.emailKey < b.emailKey ? -1 : a.emailKey > b.emailKey ? 1 : 0));
    const registered = (await manager.query(
      `INSERT INTO learner (learner_id, hub_id, email, display_name, profession, employer_ods_code, created_at)
       SELECT l.learner_id, $1, l.email, l.display_name, l.profession, l.employer_ods_code, $2
         FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[]) WITH ORDINALITY AS l(learner_id, email, display_name, profession, employer_ods_code, ord)
        ORDER BY l.ord
       ON CONFLICT (hub_id, lower(email)) DO NOTHING RETURNING learner_id`,
      [
        hubId,
        now.toISOString(),
        people.map(() => randomUUID()),
        people.map((p) => p.email),
        people.map((p) => p.displayName),
        people.map((p) => p.profession),
        people.map((p) => p.employerOdsCode),
      ],
    )) as unknown[];
    const rows = (await manager.query(`SELECT learner_id, lower(email) AS email_key FROM learner WHERE hub_id = $1 AND lower(email) = ANY($2::text[])`, [
      hubId,
      people.map((p) => p.emailKey),
    ])) as Array<{ learner_id: string; email_key: string }>;
    const ids = new Map(rows.map((r) => [r.email_key, r.learner_id]));
    return { ids, registered: registered.length };
  }
}

/** One hub's entry of the service's hub directory, read once, answering as HubDirectory does (`positionOf`, `on` a day). */
async function hubSnapshot(manager: EntityManager, hubId: string): Promise<Pick<HubDirectory, 'positionOf' | 'on'>> {
  const hub = await manager.findOneBy(HubDirectoryEntryEntity, { hubId });
  const footprints = hub ? await manager.findBy(HubDirectoryFootprintEntity, { hubId }) : [];
  return {
    positionOf: async (id) => (hub && id === hubId ? { hubId, icbCode: hub.icbCode, regionCode: hub.regionCode } : undefined),
    on: async (id, day) => {
      if (!hub || id !== hubId) return undefined;
      const footprint = footprintOn(footprints, day);
      return { name: hub.name, span: { activeFrom: hub.activeFrom, activeUntil: hub.activeUntil }, position: footprint ? positionOfFootprint(hubId, footprint) : undefined };
    },
  };
}

async function insertRejectedRows(manager: EntityManager, importId: string, rows: readonly RejectedRow[]): Promise<void> {
  for (let start = 0; start < rows.length; start += REJECTED_BATCH) {
    const batch = rows.slice(start, start + REJECTED_BATCH).map((r) => ({ line: r.line, session_ref: r.sessionRef, code: r.code, reason: r.reason, fields: r.fields }));
    await manager.query(
      `INSERT INTO delivered_session_import_rejected_row (import_id, line, session_ref, code, reason, fields)
       SELECT $1, r.line, r.session_ref, r.code, r.reason, r.fields FROM jsonb_to_recordset($2::jsonb) AS r(line integer, session_ref text, code text, reason text, fields jsonb)`,
      [importId, JSON.stringify(batch)],
    );
  }
}
