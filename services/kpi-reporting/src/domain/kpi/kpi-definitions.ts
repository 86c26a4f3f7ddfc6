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
  /** The KPI's value from a hub's (or a roll-up's added) counters; null where undefined (no denominator). */
  compute(counters: KpiCounters): number | null;
}

const round2 = (value: number) => Math.round(value * 100) / 100;
const percent = (numerator: number, denominator: number) => (denominator === 0 ? null : round2((numerator * 100) / denominator));

const COURSE_DELIVERED = 'trainingcatalogue.CourseDelivered';

/** The definitions of the Training Hub KPIs, by area; docs/kpi-definitions.md is rendered from this table. */
export const KPI_DEFINITIONS: readonly KpiDefinition[] = [
  {
    id: 'arrs_fte_in_post',
    name: 'ARRS FTE in post',
    area: 'workforce planning',
    unit: 'FTE',
    formula: "Sum over the hub's PCNs of in-post FTE in the latest ArrsPlanSubmitted revision for the period's financial year submitted by the period end",
    sourceEvents: ['workforce.ArrsPlanSubmitted'],
    compute: (c) => round2(c.arrs_fte_in_post_hundredths / 100),
  },
  {
    id: 'arrs_fte_planned',
    name: 'ARRS FTE planned',
    area: 'workforce planning',
    unit: 'FTE',
    formula: 'Sum over the same plan lines of planned FTE',
    sourceEvents: ['workforce.ArrsPlanSubmitted'],
    compute: (c) => round2(c.arrs_fte_planned_hundredths / 100),
  },
  {
    id: 'arrs_fte_in_post_vs_plan',
    name: 'ARRS FTE in post vs plan',
    area: 'workforce planning',
    unit: 'percent',
    formula: '100 × ARRS FTE in post ÷ ARRS FTE planned (none when nothing is planned)',
    sourceEvents: ['workforce.ArrsPlanSubmitted'],
    compute: (c) => percent(c.arrs_fte_in_post_hundredths, c.arrs_fte_planned_hundredths),
  },
  {
    id: 'gps_recruited',
    name: 'GPs recruited',
    area: 'careers and retention',
    unit: 'count',
    formula: 'Number of GpRecruited events in the period',
    sourceEvents: ['workforce.GpRecruited'],
    compute: (c) => c.gps_recruited,
  },
  {
    id: 'gps_retained',
    name: 'GPs retained',
    area: 'careers and retention',
    unit: 'count',
    formula: 'Number of GpRetained events in the period (a retention intervention with a recorded outcome)',
    sourceEvents: ['workforce.GpRetained'],
    compute: (c) => c.gps_retained,
  },
  {
    id: 'fellowship_enrolments',
    name: 'Fellowship enrolments',
    area: 'careers and retention',
    unit: 'count',
    formula: 'Number of FellowshipEnrolled events in the period',
    sourceEvents: ['workforce.FellowshipEnrolled'],
    compute: (c) => c.fellowship_enrolments,
  },
  {
    id: 'courses_delivered',
    name: 'Courses delivered',
    area: 'educational design',
    unit: 'count',
    formula: 'Number of distinct courses with at least one session delivered (CourseDelivered) in the period',
    sourceEvents: [COURSE_DELIVERED],
    compute: (c) => c.courses_delivered,
  },
  {
    id: 'sessions_delivered',
    name: 'Course sessions delivered',
    area: 'educational design',
    unit: 'count',
    formula: 'Number of CourseDelivered events in the period',
    sourceEvents: [COURSE_DELIVERED],
    compute: (c) => c.sessions_delivered,
  },
  {
    id: 'participants',
    name: 'Participants',
    area: 'educational design',
    unit: 'count',
    formula: 'Sum of participants (attended) of CourseDelivered in the period',
    sourceEvents: [COURSE_DELIVERED],
    compute: (c) => c.participants,
  },
  {
    id: 'cpd_hours',
    name: 'CPD hours delivered',
    area: 'educational design',
    unit: 'hours',
    formula: 'Sum of cpd_minutes_delivered of CourseDelivered in the period ÷ 60',
    sourceEvents: [COURSE_DELIVERED],
    compute: (c) => round2(c.cpd_minutes / 60),
  },
  {
    id: 'placements_offered',
    name: 'Placements offered',
    area: 'educational design',
    unit: 'count',
    formula: 'Number of PlacementOffered events in the period',
    sourceEvents: ['placements.PlacementOffered'],
    compute: (c) => c.placements_offered,
  },
  {
    id: 'placements_filled',
    name: 'Placements filled',
    area: 'educational design',
    unit: 'count',
    formula: 'Number of PlacementFilled events in the period',
    sourceEvents: ['placements.PlacementFilled'],
    compute: (c) => c.placements_filled,
  },
  {
    id: 'placement_fill_rate',
    name: 'Placement fill rate',
    area: 'educational design',
    unit: 'percent',
    formula: '100 × placements filled ÷ placements offered (none when nothing was offered)',
    sourceEvents: ['placements.PlacementOffered', 'placements.PlacementFilled'],
    compute: (c) => percent(c.placements_filled, c.placements_offered),
  },
  {
    id: 'placement_weeks',
    name: 'Placement weeks',
    area: 'educational design',
    unit: 'weeks',
    formula: 'Sum over PlacementCompleted in the period of (actual end − actual start + 1 days) ÷ 7 × WTE',
    sourceEvents: ['placements.PlacementCompleted'],
    compute: (c) => round2(c.placement_wte_week_hundredths / 100),
  },
  {
    id: 'approved_learning_environments',
    name: 'Approved learning environments',
    area: 'educational design',
    unit: 'count',
    formula: 'Number of LearningEnvironmentApproved events in the period',
    sourceEvents: ['placements.LearningEnvironmentApproved'],
    compute: (c) => c.learning_environments_approved,
  },
  {
    id: 'leadership_sessions',
    name: 'Leadership and management sessions',
    area: 'leadership and management',
    unit: 'count',
    formula: 'Number of CourseDelivered events in the period whose KPI area is leadership and management',
    sourceEvents: [COURSE_DELIVERED],
    compute: (c) => c.leadership_sessions,
  },
  {
    id: 'leadership_participants',
    name: 'Leadership and management participants',
    area: 'leadership and management',
    unit: 'count',
    formula: 'Sum of participants of those CourseDelivered events',
    sourceEvents: [COURSE_DELIVERED],
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
    "in the period of its `ce_time` as a Europe/London date. ICB, region and national figures add the hubs' counters",
    'first and then apply the formula, so rates are never averages of rates.',
    '',
    '| KPI | Area | Unit | Formula | Source events |',
    '| --- | --- | --- | --- | --- |',
    ...KPI_DEFINITIONS.map((d) => `| ${d.name} (\`${d.id}\`) | ${d.area} | ${d.unit} | ${d.formula} | ${d.sourceEvents.join(', ')} |`),
    '',
  ];
  return lines.join('\n');
}
