import { addCounters, emptyCounters, isKpiCounter, type KpiCounters } from '../domain/kpi/kpi-counters';
import { planInForce, type ArrsPlanRevision } from '../domain/kpi/event-contributions';
import type { ReportingPeriod } from '@traininghubs/calendar';

/** Runs SQL: a data source, or a transaction's manager (which then sees the transaction's own changes). */
export interface SqlRunner {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/** The hubs' counters in the period added together, with the ARRS plans in force at its end. */
export async function countersOfHubs(sql: SqlRunner, hubIds: readonly string[], period: ReportingPeriod): Promise<KpiCounters> {
  if (hubIds.length === 0) return emptyCounters();
  return addCounters([...(await countersByHub(sql, hubIds, period)).values()]);
}

/** Each hub's own counters in the period (zeros for a hub with no events), with the ARRS plans in force at its end. */
export async function countersByHub(sql: SqlRunner, hubIds: readonly string[], period: ReportingPeriod): Promise<Map<string, KpiCounters>> {
  const byHub = new Map<string, KpiCounters>(hubIds.map((id) => [id, emptyCounters()]));
  if (hubIds.length === 0) return byHub;
  const rows = (await sql.query('SELECT hub_id, counter, value::text AS value FROM kpi_counter WHERE period_key = $1 AND hub_id = ANY($2::uuid[])', [
    period.key,
    hubIds,
  ])) as { hub_id: string; counter: string; value: string }[];
  for (const row of rows) {
    const counters = byHub.get(row.hub_id);
    if (counters && isKpiCounter(row.counter)) counters[row.counter] += Number(row.value);
  }

  const plans = (await sql.query(
    `SELECT hub_id, pcn_ods_code, revision, to_char(submitted_on, 'YYYY-MM-DD') AS submitted_on, in_post_fte_hundredths AS in_post, planned_fte_hundredths AS planned
     FROM arrs_plan_revision WHERE financial_year = $1 AND hub_id = ANY($2::uuid[])`,
    [period.key.slice(0, 7), hubIds],
  )) as { hub_id: string; pcn_ods_code: string; revision: number; submitted_on: string; in_post: string; planned: string }[];
  const byPcn = new Map<string, { hubId: string; revisions: ArrsPlanRevision[] }>();
  for (const plan of plans) {
    const key = `${plan.hub_id}/${plan.pcn_ods_code}`;
    const entry = byPcn.get(key) ?? { hubId: plan.hub_id, revisions: [] };
    entry.revisions.push({ revision: plan.revision, submittedOn: plan.submitted_on, inPostFteHundredths: Number(plan.in_post), plannedFteHundredths: Number(plan.planned) });
    byPcn.set(key, entry);
  }
  for (const { hubId, revisions } of byPcn.values()) {
    const inForce = planInForce(revisions, period.end);
    const counters = byHub.get(hubId);
    if (!inForce || !counters) continue;
    counters.arrs_fte_in_post_hundredths += inForce.inPostFteHundredths;
    counters.arrs_fte_planned_hundredths += inForce.plannedFteHundredths;
  }
  return byHub;
}
