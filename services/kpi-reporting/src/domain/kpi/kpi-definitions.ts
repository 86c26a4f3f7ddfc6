import type { KpiCounters } from './kpi-counters';

export type KpiArea = 'workforce planning' | 'careers and retention' | 'educational design' | 'leadership and management';

export type KpiUnit = 'count' | 'hours' | 'weeks' | 'FTE' | 'percent';

/** One KPI: what it is, how it is computed, from which events. The code computes exactly this. */
export interface KpiDefinition {
  id: string;
  name: string;
  area: KpiArea;
  unit: KpiUnit;
  formula: string;
  sourceEvents: readonly string[];
  /**
   * The date an event counts by: the business date in its payload, as a Europe/London day, that
   * decides the reporting period (never when the event was recorded). Events written before the
   * field existed count by their ce_time.
   */
  countsBy: string;
  /** The KPI's value from a hub's (or a roll-up's added) counters; null where undefined (no denominator). */
  compute(counters: KpiCounters): number | null;
}

const round2 = (value: number) => Math.round(value * 100) / 100;
const percent = (numerator: number, denominator: number) => (denominator === 0 ? null : round2((numerator * 100) / denominator));

const COURSE_DELIVERED = 'trainingcatalogue.CourseDelivered';

/** The payload date each counted event type counts by (the projections read the same fields). */
export const COUNTS_BY = {
  courseDelivered: "CourseDelivered.delivered_at: the session's start",
  placementOffered: 'PlacementOffered.offered_on: the day the offer was made',
  placementFilled: 'PlacementFilled.filled_on: the day the learner was placed',
  placementCompleted: 'PlacementCompleted.actual.end_date: the day the placement ended',
  learningEnvironmentApproved: 'LearningEnvironmentApproved.approved_from: the first day of the approval',
  gpRecruited: "GpRecruited.start_date: the GP's first day",
  gpRetained: 'GpRetained.outcome_recorded_on: the day the outcome was recorded',
  fellowshipEnrolled: 'FellowshipEnrolled.start_date: the first day of the fellowship',
  arrsPlan: "the period's financial year (ArrsPlanSubmitted.financial_year), taking the latest revision submitted (ce_time) by the period end",
} as const;

/** The definitions of the Training Hub KPIs, by area; docs/kpi-definitions.md is rendered from this table. */
export const KPI_DEFINITIONS: readonly KpiDefinition[] = [
  {
    id: 'arrs_fte_in_post',
    name: 'ARRS FTE in post',
    area: 'workforce planning',
    unit: 'FTE',
    formula: "Sum over the hub's PCNs of in-post FTE in the latest ArrsPlanSubmitted revision for the period's financial year submitted by the period end",
    sourceEvents: ['workforce.ArrsPlanSubmitted'],
    countsBy: COUNTS_BY.arrsPlan,
    compute: (c) => round2(c.arrs_fte_in_post_hundredths / 100),
  },
  {
    id: 'arrs_fte_planned',
    name: 'ARRS FTE planned',
    area: 'workforce planning',
    unit: 'FTE',
    formula: 'Sum over the same plan lines of planned FTE',
    sourceEvents: ['workforce.ArrsPlanSubmitted'],
    countsBy: COUNTS_BY.arrsPlan,
    compute: (c) => round2(c.arrs_fte_planned_hundredths / 100),
  },
  {
    id: 'arrs_fte_in_post_vs_plan',
    name: 'ARRS FTE in post vs plan',
    area: 'workforce planning',
    unit: 'percent',
    formula: '100 × ARRS FTE in post ÷ ARRS FTE planned (none when nothing is planned)',
    sourceEvents: ['workforce.ArrsPlanSubmitted'],
    countsBy: COUNTS_BY.arrsPlan,
    compute: (c) => percent(c.arrs_fte_in_post_hundredths, c.arrs_fte_planned_hundredths),
  },
  {
    id: 'gps_recruited',
    name: 'GPs recruited',
    area: 'careers and retention',
    unit: 'count',
    formula: 'Number of GpRecruited events in the period',
    sourceEvents: ['workforce.GpRecruited'],
    countsBy: COUNTS_BY.gpRecruited,
    compute: (c) => c.gps_recruited,
  },
  {
    id: 'gps_retained',
    name: 'GPs retained',
    area: 'careers and retention',
    unit: 'count',
    formula: 'Number of GpRetained events in the period (a retention intervention with a recorded outcome)',
    sourceEvents: ['workforce.GpRetained'],
    countsBy: COUNTS_BY.gpRetained,
    compute: (c) => c.gps_retained,
  },
  {
    id: 'fellowship_enrolments',
    name: 'Fellowship enrolments',
    area: 'careers and retention',
    unit: 'count',
    formula: 'Number of FellowshipEnrolled events in the period',
    sourceEvents: ['workforce.FellowshipEnrolled'],
    countsBy: COUNTS_BY.fellowshipEnrolled,
    compute: (c) => c.fellowship_enrolments,
  },
  {
    id: 'courses_delivered',
    name: 'Courses delivered',
    area: 'educational design',
    unit: 'count',
    formula: 'Number of distinct courses with at least one session delivered (CourseDelivered) in the period',
    sourceEvents: [COURSE_DELIVERED],
    countsBy: COUNTS_BY.courseDelivered,
    compute: (c) => c.courses_delivered,
  },
  {
    id: 'sessions_delivered',
    name: 'Course sessions delivered',
    area: 'educational design',
    unit: 'count',
    formula: 'Number of CourseDelivered events in the period',
    sourceEvents: [COURSE_DELIVERED],
    countsBy: COUNTS_BY.courseDelivered,
    compute: (c) => c.sessions_delivered,
  },
  {
    id: 'participants',
    name: 'Participants',
    area: 'educational design',
    unit: 'count',
    formula: 'Sum of participants (attended) of CourseDelivered in the period',
    sourceEvents: [COURSE_DELIVERED],
    countsBy: COUNTS_BY.courseDelivered,
    compute: (c) => c.participants,
  },
  {
    id: 'cpd_hours',
    name: 'CPD hours delivered',
    area: 'educational design',
    unit: 'hours',
    formula: 'Sum of cpd_minutes_delivered of CourseDelivered in the period ÷ 60',
    sourceEvents: [COURSE_DELIVERED],
    countsBy: COUNTS_BY.courseDelivered,
    compute: (c) => round2(c.cpd_minutes / 60),
  },
  {
    id: 'placements_offered',
    name: 'Placements offered',
    area: 'educational design',
    unit: 'count',
    formula: 'Number of PlacementOffered events in the period',
    sourceEvents: ['placements.PlacementOffered'],
    countsBy: COUNTS_BY.placementOffered,
    compute: (c) => c.placements_offered,
  },
  {
    id: 'placements_filled',
    name: 'Placements filled',
    area: 'educational design',
    unit: 'count',
    formula: 'Number of PlacementFilled events in the period',
    sourceEvents: ['placements.PlacementFilled'],
    countsBy: COUNTS_BY.placementFilled,
    compute: (c) => c.placements_filled,
  },
  {
    id: 'placement_fill_rate',
    name: 'Placement fill rate',
    area: 'educational design',
    unit: 'percent',
    formula: '100 × placements filled ÷ placements offered (none when nothing was offered)',
    sourceEvents: ['placements.PlacementOffered', 'placements.PlacementFilled'],
    countsBy: `${COUNTS_BY.placementOffered}; ${COUNTS_BY.placementFilled}`,
    compute: (c) => percent(c.placements_filled, c.placements_offered),
  },
  {
    id: 'placement_weeks',
    name: 'Placement weeks',
    area: 'educational design',
    unit: 'weeks',
    formula: 'Sum over PlacementCompleted in the period of (actual end − actual start + 1 days) ÷ 7 × WTE',
    sourceEvents: ['placements.PlacementCompleted'],
    countsBy: COUNTS_BY.placementCompleted,
    compute: (c) => round2(c.placement_wte_week_hundredths / 100),
  },
  {
    id: 'approved_learning_environments',
    name: 'Approved learning environments',
    area: 'educational design',
    unit: 'count',
    formula: 'Number of LearningEnvironmentApproved events in the period',
    sourceEvents: ['placements.LearningEnvironmentApproved'],
    countsBy: COUNTS_BY.learningEnvironmentApproved,
    compute: (c) => c.learning_environments_approved,
  },
  {
    id: 'leadership_sessions',
    name: 'Leadership and management sessions',
    area: 'leadership and management',
    unit: 'count',
    formula: 'Number of CourseDelivered events in the period whose KPI area is leadership and management',
    sourceEvents: [COURSE_DELIVERED],
    countsBy: COUNTS_BY.courseDelivered,
    compute: (c) => c.leadership_sessions,
  },
  {
    id: 'leadership_participants',
    name: 'Leadership and management participants',
    area: 'leadership and management',
    unit: 'count',
    formula: 'Sum of participants of those CourseDelivered events',
    sourceEvents: [COURSE_DELIVERED],
    countsBy: COUNTS_BY.courseDelivered,
    compute: (c) => c.leadership_participants,
  },
];

export interface KpiValue {
  id: string;
  name: string;
  area: KpiArea;
  unit: KpiUnit;
  value: number | null;
}

/** Every KPI of a hub or a roll-up, from its counters. */
export function computeKpis(counters: KpiCounters): KpiValue[] {
  return KPI_DEFINITIONS.map((d) => ({ id: d.id, name: d.name, area: d.area, unit: d.unit, value: d.compute(counters) }));
}

/** The definitions table as Markdown: docs/kpi-definitions.md must equal this (checked by a unit test). */
export function kpiDefinitionsMarkdown(): string {
  const lines = [
    '# Training Hub KPI definitions',
    '',
    'Generated from `src/domain/kpi/kpi-definitions.ts` (a unit test fails when this file and the code differ).',
    'Each KPI is per Training Hub per reporting period (NHS financial-year half, e.g. `2025-26-H1`); an event counts',
    'in the period of the day it happened, as a Europe/London date: the business date its payload carries ("counts by"),',
    'never the day it was recorded, so a late record counts in (and restates) the period it belongs to. ICB, region and',
    "national figures add the hubs' counters first and then apply the formula, so rates are never averages of rates.",
    '',
    '| KPI | Area | Unit | Formula | Source events | Counts by |',
    '| --- | --- | --- | --- | --- | --- |',
    ...KPI_DEFINITIONS.map((d) => `| ${d.name} (\`${d.id}\`) | ${d.area} | ${d.unit} | ${d.formula} | ${d.sourceEvents.join(', ')} | ${d.countsBy} |`),
    '',
  ];
  return lines.join('\n');
}
