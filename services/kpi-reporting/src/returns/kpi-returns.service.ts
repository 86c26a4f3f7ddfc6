import { randomUUID } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import { ConflictException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { recordNotFound, type Caller } from '@traininghubs/auth';
import { KpiReturnApprovedSchema, KpiReturnReturnedSchema, KpiReturnSubmittedSchema } from '@traininghubs/contracts';
import { HubScope } from '@traininghubs/hub-directory';
import { OutboxWriter } from '@traininghubs/messaging';
import { recordAudit } from '@traininghubs/persistence';
import { pageOf, type Page } from '@traininghubs/runtime';
import { computeKpis } from '../domain/kpi/kpi-definitions';
import { figuresOf } from '../domain/kpi-return/kpi-return-figures';
import { KpiReturnTransitionRefused, nextReturnState, type FrozenKpiValue, type KpiRestatement, type KpiReturnAction, type KpiReturnState } from '../domain/kpi-return/kpi-return-lifecycle';
import { positionsOn } from '../domain/hierarchy/organisation-hierarchy';
import { invalidQuery, KPI_PROBLEMS } from '../problems';
import { InvalidReportingPeriod, parseReportingPeriod, type ReportingPeriod } from '@traininghubs/calendar';
import { countersOfHubs, type SqlRunner } from '../kpis/hub-counters.query';
import { lockHubPeriod } from './kpi-restatement';
import type { DraftKpiReturn, KpiReturnQuery, KpiReturnView } from './kpi-return.dto';

export const KPI_RETURN_TOPIC = 'traininghubs.kpireporting.kpi-return.v1';
const EVENT = 'uk.nhs.traininghubs.kpireporting';
/** ODS code of NHS England, the approver of a return approved nationally. */
export const NHS_ENGLAND_ODS_CODE = 'X24';

const notFound = (id: string) => `No KPI return ${id}`;

/** A row of kpi_return as read. */
export interface KpiReturnRow {
  id: string;
  hub_id: string;
  period_key: string;
  state: KpiReturnState;
  submission_number: number;
  frozen_values: FrozenKpiValue[] | null;
  submitted_at: Date | null;
  submitted_by: string | null;
  decided_at: Date | null;
  decided_by: string | null;
  returned_reason: string | null;
  restated: boolean;
  restatements: KpiRestatement[];
  restated_at: Date | null;
  reapproval_required: boolean;
  version: number;
}

/**
 * Training Hubs' six-monthly KPI returns: drafted and submitted by the hub, approved or returned
 * by NHS England (nationally or the hub's region). Submitting freezes the hub's KPIs for the
 * period; each command is one transaction with its audit record and its event in the outbox.
 */
@Injectable()
export class KpiReturns {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly scope: HubScope,
  ) {}

  async draft(caller: Caller, command: DraftKpiReturn): Promise<KpiReturnView> {
    const hubId = command.hubId.toLowerCase();
    const period = periodOf(command.period);
    await this.scope.assertCanWrite(caller, hubId, `No Training Hub ${hubId} is known to KPI reporting`);
    await this.scope.knownHub(hubId);
    const row = await this.dataSource.transaction(async (manager) => {
      const existing: { id: string }[] = await manager.query('SELECT id FROM kpi_return WHERE hub_id = $1 AND period_key = $2', [hubId, period.key]);
      if (existing.length > 0) {
        throw new ConflictException({
          type: `${KPI_PROBLEMS}return-exists`,
          title: 'The return already exists',
          detail: `Training Hub ${hubId} already has a return for ${period.key}: ${existing[0].id}.`,
          code: 'return-exists',
          returnId: existing[0].id,
        });
      }
      const id = randomUUID();
      await manager.query(
        `INSERT INTO kpi_return (id, hub_id, period_key, state, version, created_at, updated_at) VALUES ($1, $2, $3, 'draft', 1, now(), now())`,
        [id, hubId, period.key],
      );
      await this.audit(manager, caller, id, 'kpi_return.drafted', { hubId, period: period.key });
      return this.row(manager, id);
    });
    return this.viewOf(row);
  }

  async find(caller: Caller, id: string): Promise<KpiReturnView> {
    const row = await this.readable(caller, id);
    return this.viewOf(row);
  }

  /** The row, once the caller's scope covers its hub (404 otherwise, as for a return that is not there). */
  async readable(caller: Caller, id: string): Promise<KpiReturnRow> {
    const rows: KpiReturnRow[] = await this.dataSource.query('SELECT * FROM kpi_return WHERE id = $1', [id]);
    if (rows.length === 0) throw recordNotFound(notFound(id));
    await this.scope.assertCanRead(caller, rows[0].hub_id, notFound(id));
    return rows[0];
  }

  async list(caller: Caller, query: KpiReturnQuery): Promise<Page<KpiReturnView>> {
    const builder = this.scope.restrict(this.dataSource.createQueryBuilder().select('r.*').from('kpi_return', 'r'), caller, 'r');
    if (query.hubId) builder.andWhere('r.hub_id = :hubId', { hubId: query.hubId.toLowerCase() });
    if (query.period) builder.andWhere('r.period_key = :period', { period: periodOf(query.period).key });
    if (query.state) builder.andWhere('r.state = :state', { state: query.state });
    const counted = await builder.clone().select('count(*)::int', 'total').getRawOne<{ total: number }>();
    const total = counted?.total ?? 0;
    const rows: KpiReturnRow[] = await builder.orderBy('r.period_key', 'DESC').addOrderBy('r.hub_id').addOrderBy('r.id').offset(query.offset).limit(query.limit).getRawMany();
    const views: KpiReturnView[] = [];
    for (const row of rows) views.push(await this.viewOf(row));
    return pageOf(views, total, query);
  }

  /** Freezes the hub's KPIs for the period and publishes KpiReturnSubmitted. */
  async submit(caller: Caller, id: string): Promise<KpiReturnView> {
    const row = await this.dataSource.transaction(async (manager) => {
      const current = await this.locked(manager, caller, id, 'submit');
      // taken before reading the counters: an event for the period either is in the snapshot or restates it
      await lockHubPeriod(manager, current.hub_id, current.period_key);
      const period = parseReportingPeriod(current.period_key);
      const frozen = computeKpis(await countersOfHubs(manager, [current.hub_id], period));
      const submissionNumber = current.submission_number + 1;
      const version = current.version + 1;
      await manager.query(
        `UPDATE kpi_return SET state = 'submitted', submission_number = $2, frozen_values = $3::jsonb, submitted_at = now(), submitted_by = $4,
           restated = false, restatements = '[]'::jsonb, restated_at = NULL, reapproval_required = false, version = $5, updated_at = now() WHERE id = $1`,
        [id, submissionNumber, JSON.stringify(frozen), caller.subject, version],
      );
      await this.appendEvent(manager, current, version, 'kpi_return_submitted', create(KpiReturnSubmittedSchema, {
        hubId: current.hub_id,
        returnId: id,
        periodKey: current.period_key,
        submissionNumber,
        icbOdsCode: await this.icbInPeriod(manager, current.hub_id, period),
        figures: figuresOf(frozen),
      }));
      await this.audit(manager, caller, id, 'kpi_return.submitted', { submissionNumber, state: 'submitted' });
      return this.row(manager, id);
    });
    return this.viewOf(row);
  }

  /** Makes the frozen figures the official ones for the period; publishes KpiReturnApproved. */
  async approve(caller: Caller, id: string): Promise<KpiReturnView> {
    const row = await this.dataSource.transaction(async (manager) => {
      const current = await this.locked(manager, caller, id, 'approve');
      const version = current.version + 1;
      await manager.query(`UPDATE kpi_return SET state = 'approved', reapproval_required = false, decided_at = now(), decided_by = $2, version = $3, updated_at = now() WHERE id = $1`, [
        id,
        caller.subject,
        version,
      ]);
      await this.appendEvent(manager, current, version, 'kpi_return_approved', create(KpiReturnApprovedSchema, {
        hubId: current.hub_id,
        returnId: id,
        periodKey: current.period_key,
        submissionNumber: current.submission_number,
        approverOdsCode: this.reviewerOdsCode(caller),
      }));
      await this.audit(manager, caller, id, 'kpi_return.approved', { submissionNumber: current.submission_number, state: 'approved', reapproval: current.reapproval_required });
      return this.row(manager, id);
    });
    return this.viewOf(row);
  }

  /** Sends the return back to the hub with a reason; the hub corrects and submits it again. Publishes KpiReturnReturned. */
  async sendBack(caller: Caller, id: string, reason: string): Promise<KpiReturnView> {
    const row = await this.dataSource.transaction(async (manager) => {
      const current = await this.locked(manager, caller, id, 'return');
      const version = current.version + 1;
      await manager.query(
        `UPDATE kpi_return SET state = 'returned', returned_reason = $2, decided_at = now(), decided_by = $3, version = $4, updated_at = now() WHERE id = $1`,
        [id, reason, caller.subject, version],
      );
      await this.appendEvent(manager, current, version, 'kpi_return_returned', create(KpiReturnReturnedSchema, {
        hubId: current.hub_id,
        returnId: id,
        periodKey: current.period_key,
        submissionNumber: current.submission_number,
        returnerOdsCode: this.reviewerOdsCode(caller),
        reason,
      }));
      await this.audit(manager, caller, id, 'kpi_return.returned', { reason, submissionNumber: current.submission_number, state: 'returned' });
      return this.row(manager, id);
    });
    return this.viewOf(row);
  }

  /** Appends one of a return's events to the outbox in the command's transaction, keyed by its hub. */
  private async appendEvent(manager: EntityManager, current: KpiReturnRow, version: number, event: string, message: unknown): Promise<void> {
    await this.outbox.append(manager, {
      topic: KPI_RETURN_TOPIC,
      key: current.hub_id,
      aggregateType: 'kpi_return',
      aggregateId: current.id,
      aggregateVersion: version,
      type: `${EVENT}.${event}.v1`,
      occurredAt: new Date(),
      message,
    });
  }

  /** The NHS England body deciding on a return: the caller's region, or NHS England nationally. */
  private reviewerOdsCode(caller: Caller): string {
    return caller.scope.kind === 'region' ? caller.scope.code : NHS_ENGLAND_ODS_CODE;
  }

  /** The return locked for the transaction, once the caller may change it and its state allows `action` (409 otherwise). */
  private async locked(manager: EntityManager, caller: Caller, id: string, action: KpiReturnAction): Promise<KpiReturnRow> {
    const rows: KpiReturnRow[] = await manager.query('SELECT * FROM kpi_return WHERE id = $1 FOR UPDATE', [id]);
    if (rows.length === 0) throw recordNotFound(notFound(id));
    await this.scope.assertCanWrite(caller, rows[0].hub_id, notFound(id), manager);
    try {
      nextReturnState(rows[0].state, action, { reapprovalRequired: rows[0].reapproval_required });
    } catch (error) {
      if (!(error instanceof KpiReturnTransitionRefused)) throw error;
      throw new ConflictException({
        type: `${KPI_PROBLEMS}invalid-return-transition`,
        title: 'The return is not in a state that allows this',
        detail: error.message,
        code: 'invalid-return-transition',
        state: error.state,
      });
    }
    return rows[0];
  }

  private async row(sql: SqlRunner, id: string): Promise<KpiReturnRow> {
    const rows = (await sql.query('SELECT * FROM kpi_return WHERE id = $1', [id])) as KpiReturnRow[];
    return rows[0];
  }

  /** The ICB the hub served in on the period's last day (as hub-registry announced it). */
  private async icbInPeriod(sql: SqlRunner, hubId: string, period: ReportingPeriod): Promise<string> {
    const rows = (await sql.query(`SELECT hub_id, to_char(effective_from, 'YYYY-MM-DD') AS effective_from, icb_code, region_code, sequence FROM hub_position WHERE hub_id = $1`, [
      hubId,
    ])) as { hub_id: string; effective_from: string; icb_code: string; region_code: string; sequence: string }[];
    const changes = rows.map((r) => ({ hubId: r.hub_id, effectiveFrom: r.effective_from, icbCode: r.icb_code, regionCode: r.region_code, sequence: Number(r.sequence) }));
    return positionsOn(changes, period.end).get(hubId)?.icbCode ?? '';
  }

  async viewOf(row: KpiReturnRow): Promise<KpiReturnView> {
    const currentValues = computeKpis(await countersOfHubs(this.dataSource, [row.hub_id], parseReportingPeriod(row.period_key)));
    const causes: Array<{ event_type: string; event_source: string; event_id: string; occurred_on: string; recorded_at: Date }> = await this.dataSource.query(
      `SELECT event_type, event_source, event_id, to_char(occurred_on, 'YYYY-MM-DD') AS occurred_on, recorded_at
         FROM kpi_return_restatement_cause WHERE return_id = $1 AND submission_number = $2 ORDER BY recorded_at, event_id`,
      [row.id, row.submission_number],
    );
    const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());
    return {
      id: row.id,
      hubId: row.hub_id,
      period: row.period_key,
      state: row.state,
      submissionNumber: row.submission_number,
      currentValues,
      frozenValues: row.frozen_values,
      restated: row.restated,
      restatements: row.restatements,
      restatedBy: causes.map((c) => ({ eventType: c.event_type, eventSource: c.event_source, eventId: c.event_id, occurredOn: c.occurred_on, recordedAt: new Date(c.recorded_at).toISOString() })),
      reapprovalRequired: row.reapproval_required,
      returnedReason: row.returned_reason,
      submittedAt: iso(row.submitted_at),
      submittedBy: row.submitted_by,
      decidedAt: iso(row.decided_at),
      decidedBy: row.decided_by,
      restatedAt: iso(row.restated_at),
      version: row.version,
    };
  }

  private async audit(manager: EntityManager, caller: Caller, id: string, action: string, changes: Record<string, unknown>): Promise<void> {
    await recordAudit(manager, {
      actor: caller.subject,
      actorRole: caller.role,
      action,
      entityType: 'kpi_return',
      entityId: id,
      changes,
    });
  }
}

function periodOf(key: string): ReportingPeriod {
  try {
    return parseReportingPeriod(key);
  } catch (error) {
    if (!(error instanceof InvalidReportingPeriod)) throw error;
    throw invalidQuery(error);
  }
}
