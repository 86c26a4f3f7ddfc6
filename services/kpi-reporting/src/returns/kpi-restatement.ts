import { create } from '@bufbuild/protobuf';
import type { EntityManager } from 'typeorm';
import { parseReportingPeriod } from '@traininghubs/calendar';
import { KpiReturnRestatedSchema, localDateFromIso, topics } from '@traininghubs/contracts';
import type { OutboxWriter } from '@traininghubs/messaging';
import { computeKpis } from '../domain/kpi/kpi-definitions';
import { restatementsOf, type FrozenKpiValue, type KpiRestatement, type KpiReturnState } from '../domain/kpi-return/kpi-return-lifecycle';
import { countersOfHubs, type SqlRunner } from '../kpis/hub-counters.query';

export const KPI_RETURN_RESTATED = 'uk.nhs.traininghubs.kpireporting.kpi_return_restated.v1';

/** The record (its event) that changed a hub's counters for a period. */
export interface RestatementCause {
  eventSource: string;
  eventId: string;
  eventType: string;
  /** The London day it happened, which put it in the period. */
  occurredOn: string;
  /** When the platform recorded it: ce_recordedtime, or ce_time for events older than that attribute (their ce_time was the recording time). */
  recordedAt: Date;
}

/** A hub and period whose counters changed, and the record that changed them when there is one. */
export interface ChangedPeriod {
  hubId: string;
  periodKey: string;
  cause?: RestatementCause;
}

interface FrozenReturnRow {
  id: string;
  hub_id: string;
  period_key: string;
  state: KpiReturnState;
  submission_number: number;
  submitted_at: Date;
  frozen_values: FrozenKpiValue[];
  restatements: KpiRestatement[];
  reapproval_required: boolean;
}

/**
 * Serialises a hub's return submission with the projections' changes to the same hub and period:
 * whichever commits second sees the other (the submission freezes the event's effect, or the
 * event finds the submitted return and restates it). Transaction-scoped.
 */
export async function lockHubPeriod(sql: SqlRunner, hubId: string, periodKey: string): Promise<void> {
  await sql.query('SELECT pg_advisory_xact_lock(hashtext($1))', [hubPeriodLockKey(hubId, periodKey)]);
}

export function hubPeriodLockKey(hubId: string, periodKey: string): string {
  return `kpi_return:${hubId}:${periodKey}`;
}

/**
 * After the projections changed hubs' counters for some periods (inside the events'
 * transaction): each submitted or approved return of those periods compares its frozen figures
 * with the current ones and records the differences as a restatement. The frozen figures never
 * change; a return whose figures agree again (e.g. after a rebuild) is no longer restated.
 *
 * A record recorded after the return's submission is a cause of its restatement: it is listed
 * with the return, an approved return is flagged for re-approval, and KpiReturnRestated is
 * published once for the causes newly found. A replay finds the same causes again and publishes
 * nothing more. Every hub-period lock is taken in one statement, in one order (so concurrent
 * runs cannot deadlock), then the returns of all of them are read at once.
 */
export async function restateFrozenReturnsOf(manager: EntityManager, outbox: OutboxWriter, changed: readonly ChangedPeriod[]): Promise<void> {
  if (changed.length === 0) return;
  const lockKeys = [...new Set(changed.map((c) => hubPeriodLockKey(c.hubId, c.periodKey)))].sort();
  await manager.query('SELECT pg_advisory_xact_lock(hashtext(k)) FROM unnest($1::text[]) WITH ORDINALITY AS l(k, n) ORDER BY n', [lockKeys]);
  const returns: FrozenReturnRow[] = await manager.query(
    `SELECT DISTINCT r.id, r.hub_id, r.period_key, r.state, r.submission_number, r.submitted_at, r.frozen_values, r.restatements, r.reapproval_required
       FROM kpi_return r JOIN unnest($1::uuid[], $2::text[]) AS c(hub_id, period_key) ON r.hub_id = c.hub_id AND r.period_key = c.period_key
      WHERE r.state IN ('submitted', 'approved')
      ORDER BY r.id`,
    [changed.map((c) => c.hubId), changed.map((c) => c.periodKey)],
  );
  for (const kpiReturn of returns) {
    const lateRecords = changed
      .filter((c) => c.hubId === kpiReturn.hub_id && c.periodKey === kpiReturn.period_key && c.cause && c.cause.recordedAt > new Date(kpiReturn.submitted_at))
      .map((c) => c.cause as RestatementCause);
    const newCauses = await recordCauses(manager, kpiReturn, lateRecords);
    const current = computeKpis(await countersOfHubs(manager, [kpiReturn.hub_id], parseReportingPeriod(kpiReturn.period_key)));
    const differences = restatementsOf(kpiReturn.frozen_values, current);
    const restatedAnew = newCauses.length > 0 && differences.length > 0;
    if (!restatedAnew && JSON.stringify(differences) === JSON.stringify(kpiReturn.restatements)) continue;
    const reapprovalRequired = kpiReturn.reapproval_required || (restatedAnew && kpiReturn.state === 'approved');
    await manager.query(
      // restated_at: when the latest late record was recorded, so a replay gives the same answer
      `UPDATE kpi_return SET restated = $2, restatements = $3::jsonb, reapproval_required = $4, updated_at = now(),
              restated_at = CASE WHEN $2 THEN COALESCE(
                (SELECT max(c.recorded_at) FROM kpi_return_restatement_cause c WHERE c.return_id = $1 AND c.submission_number = kpi_return.submission_number),
                restated_at, now()) ELSE NULL END
        WHERE id = $1`,
      [kpiReturn.id, differences.length > 0, JSON.stringify(differences), reapprovalRequired],
    );
    if (restatedAnew) await appendRestated(manager, outbox, kpiReturn, differences, newCauses, reapprovalRequired);
  }
}

/** Lists a return's late records; answers those not listed before. */
async function recordCauses(manager: EntityManager, kpiReturn: FrozenReturnRow, causes: readonly RestatementCause[]): Promise<RestatementCause[]> {
  if (causes.length === 0) return [];
  const inserted: Array<{ event_source: string; event_id: string }> = await manager.query(
    `INSERT INTO kpi_return_restatement_cause (return_id, submission_number, event_source, event_id, event_type, occurred_on, recorded_at)
     SELECT $1, $2, * FROM unnest($3::text[], $4::text[], $5::text[], $6::date[], $7::timestamptz[])
     ON CONFLICT DO NOTHING
     RETURNING event_source, event_id`,
    [
      kpiReturn.id,
      kpiReturn.submission_number,
      causes.map((c) => c.eventSource),
      causes.map((c) => c.eventId),
      causes.map((c) => c.eventType),
      causes.map((c) => c.occurredOn),
      causes.map((c) => c.recordedAt.toISOString()),
    ],
  );
  const fresh = new Set(inserted.map((r) => `${r.event_source} ${r.event_id}`));
  return causes.filter((c) => fresh.has(`${c.eventSource} ${c.eventId}`));
}

async function appendRestated(
  manager: EntityManager,
  outbox: OutboxWriter,
  kpiReturn: FrozenReturnRow,
  differences: readonly KpiRestatement[],
  causes: readonly RestatementCause[],
  reapprovalRequired: boolean,
): Promise<void> {
  const latest = causes.reduce((a, b) => (b.recordedAt > a.recordedAt ? b : a));
  await outbox.append(manager, {
    topic: topics.kpiReturn.name,
    key: kpiReturn.hub_id,
    aggregateType: 'kpi_return',
    aggregateId: kpiReturn.id,
    type: KPI_RETURN_RESTATED,
    occurredAt: latest.recordedAt,
    message: create(KpiReturnRestatedSchema, {
      hubId: kpiReturn.hub_id,
      returnId: kpiReturn.id,
      periodKey: kpiReturn.period_key,
      submissionNumber: kpiReturn.submission_number,
      reapprovalRequired,
      differences: differences.map((d) => ({ kpiId: d.kpiId, frozenValue: d.frozenValue ?? undefined, currentValue: d.currentValue ?? undefined })),
      causes: causes.map((c) => ({ eventType: c.eventType, eventSource: c.eventSource, eventId: c.eventId, occurredOn: localDateFromIso(c.occurredOn) })),
    }),
  });
}
