/**
 * What the projections count per Training Hub per reporting period. Every KPI is computed from
 * these (see kpi-definitions.ts); roll-ups add the counters of their hubs first, then compute.
 */
export const KPI_COUNTERS = [
  'courses_delivered',
  'sessions_delivered',
  'participants',
  'cpd_minutes',
  'leadership_sessions',
  'leadership_participants',
  'placements_offered',
  'placements_filled',
  'placement_wte_week_hundredths',
  'learning_environments_approved',
  'gps_recruited',
  'gps_retained',
  'fellowship_enrolments',
  'arrs_fte_in_post_hundredths',
  'arrs_fte_planned_hundredths',
] as const;

export type KpiCounter = (typeof KPI_COUNTERS)[number];

export type KpiCounters = Record<KpiCounter, number>;

export function emptyCounters(): KpiCounters {
  return Object.fromEntries(KPI_COUNTERS.map((c) => [c, 0])) as KpiCounters;
}

export function isKpiCounter(name: string): name is KpiCounter {
  return (KPI_COUNTERS as readonly string[]).includes(name);
}

/** The counters of several hubs (or of one hub's partial rows) added together. */
export function addCounters(all: readonly Partial<KpiCounters>[]): KpiCounters {
  const total = emptyCounters();
  for (const counters of all) {
    for (const counter of KPI_COUNTERS) total[counter] += counters[counter] ?? 0;
  }
  return total;
}
