import type { EntityManager } from 'typeorm';
import { computeKpis } from '../domain/kpi/kpi-definitions';
import { restatementsOf, type FrozenKpiValue } from '../domain/kpi-return/kpi-return-lifecycle';
import { parseReportingPeriod } from '@traininghubs/calendar';
import { countersOfHubs, type SqlRunner } from '../kpis/hub-counters.query';

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
 * After the projections changed a hub's counters for some periods (inside the event's
 * transaction): each submitted or approved return of those periods compares its frozen figures
 * with the current ones and records the differences as a restatement. The frozen figures never
 * change; a return whose figures agree again (e.g. after a rebuild) is no longer restated.
 */
export async function restateFrozenReturns(manager: EntityManager, hubId: string, periodKeys: readonly string[]): Promise<void> {
  await restateFrozenReturnsOf(
    manager,
    periodKeys.map((periodKey) => ({ hubId, periodKey })),
  );
}

/**
 * The same for many hubs and periods at once (a run of events): every hub-period lock in one
 * statement, in one order (so concurrent runs cannot deadlock), then the returns of all of them
 * in one read; only those are recomputed.
 */
export async function restateFrozenReturnsOf(manager: EntityManager, changed: ReadonlyArray<{ hubId: string; periodKey: string }>): Promise<void> {
  if (changed.length === 0) return;
  const lockKeys = [...new Set(changed.map((c) => hubPeriodLockKey(c.hubId, c.periodKey)))].sort();
  await manager.query('SELECT pg_advisory_xact_lock(hashtext(k)) FROM unnest($1::text[]) WITH ORDINALITY AS l(k, n) ORDER BY n', [lockKeys]);
  const returns: { id: string; hub_id: string; period_key: string; frozen_values: FrozenKpiValue[]; restatements: unknown }[] = await manager.query(
    `SELECT r.id, r.hub_id, r.period_key, r.frozen_values, r.restatements
       FROM kpi_return r JOIN unnest($1::uuid[], $2::text[]) AS c(hub_id, period_key) ON r.hub_id = c.hub_id AND r.period_key = c.period_key
      WHERE r.state IN ('submitted', 'approved')
      ORDER BY r.id`,
    [changed.map((c) => c.hubId), changed.map((c) => c.periodKey)],
  );
  for (const kpiReturn of returns) {
    const current = computeKpis(await countersOfHubs(manager, [kpiReturn.hub_id], parseReportingPeriod(kpiReturn.period_key)));
    const differences = restatementsOf(kpiReturn.frozen_values, current);
    if (JSON.stringify(differences) === JSON.stringify(kpiReturn.restatements)) continue;
    await manager.query(
      `UPDATE kpi_return SET restated = $2, restatements = $3::jsonb, restated_at = CASE WHEN $2 THEN now() ELSE NULL END, updated_at = now() WHERE id = $1`,
      [kpiReturn.id, differences.length > 0, JSON.stringify(differences)],
    );
  }
}
