import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addCounters, emptyCounters, type KpiCounters } from './kpi-counters';
import { computeKpis, KPI_DEFINITIONS, kpiDefinitionsMarkdown } from './kpi-definitions';
import { count, courseDelivered, placementCompleted, placementWteWeekHundredths, planInForce } from './event-contributions';

const HUB = 'hub-a';
const valueOf = (counters: KpiCounters, id: string) => computeKpis(counters).find((k) => k.id === id)?.value;
const counters = (partial: Partial<KpiCounters>) => ({ ...emptyCounters(), ...partial });

describe('KPI definitions', () => {
  it('docs/kpi-definitions.md is the table the code computes (UPDATE_KPI_DOCS=1 rewrites it)', () => {
    const path = join(__dirname, '../../../docs/kpi-definitions.md');
    if (process.env.UPDATE_KPI_DOCS === '1') writeFileSync(path, kpiDefinitionsMarkdown());
    const doc = readFileSync(path, 'utf8');
    expect(doc).toBe(kpiDefinitionsMarkdown());
  });

  it('covers the four areas and the KPIs the national body asks for', () => {
    expect(new Set(KPI_DEFINITIONS.map((d) => d.area))).toEqual(new Set(['workforce planning', 'careers and retention', 'educational design', 'leadership and management']));
    expect(KPI_DEFINITIONS.map((d) => d.id)).toEqual(
      expect.arrayContaining([
        'courses_delivered', 'participants', 'cpd_hours', 'leadership_sessions', 'leadership_participants', 'placements_offered', 'placements_filled',
        'placement_fill_rate', 'placement_weeks', 'approved_learning_environments', 'gps_recruited', 'gps_retained', 'fellowship_enrolments', 'arrs_fte_in_post_vs_plan',
      ]),
    );
    expect(new Set(KPI_DEFINITIONS.map((d) => d.id)).size).toBe(KPI_DEFINITIONS.length);
  });

  it('computes the KPIs of nothing as zeros, and rates without a denominator as none', () => {
    const kpis = computeKpis(emptyCounters());
    expect(kpis.find((k) => k.id === 'placement_fill_rate')?.value).toBeNull();
    expect(kpis.find((k) => k.id === 'arrs_fte_in_post_vs_plan')?.value).toBeNull();
    expect(kpis.filter((k) => k.value !== null).every((k) => k.value === 0)).toBe(true);
  });

  it('turns CPD minutes into hours, WTE-week hundredths into weeks and FTE hundredths into FTE', () => {
    const c = counters({ cpd_minutes: 450, placement_wte_week_hundredths: 600, arrs_fte_in_post_hundredths: 1250, arrs_fte_planned_hundredths: 1500 });
    expect(valueOf(c, 'cpd_hours')).toBe(7.5);
    expect(valueOf(c, 'placement_weeks')).toBe(6);
    expect(valueOf(c, 'arrs_fte_in_post')).toBe(12.5);
    expect(valueOf(c, 'arrs_fte_planned')).toBe(15);
    expect(valueOf(c, 'arrs_fte_in_post_vs_plan')).toBe(83.33);
  });

  it('computes the fill rate from filled and offered', () => {
    expect(valueOf(counters({ placements_offered: 3, placements_filled: 2 }), 'placement_fill_rate')).toBe(66.67);
    expect(valueOf(counters({ placements_offered: 4, placements_filled: 4 }), 'placement_fill_rate')).toBe(100);
  });

  it('rolls up by adding counters, so a rate is never an average of rates', () => {
    const total = addCounters([counters({ placements_offered: 1, placements_filled: 1 }), counters({ placements_offered: 9, placements_filled: 0 })]);
    expect(valueOf(total, 'placement_fill_rate')).toBe(10);
    expect(total.placements_offered).toBe(10);
  });
});

describe('what each event adds', () => {
  it('counts a delivered session, its participants and CPD minutes, and the course once per period', () => {
    const c = courseDelivered({ hubId: HUB, courseId: 'course-1', participants: 18, cpdMinutesDelivered: 18 * 150, leadershipAndManagement: false });
    expect(c).toEqual({ hubId: HUB, increments: { sessions_delivered: 1, participants: 18, cpd_minutes: 2700 }, distinct: { counter: 'courses_delivered', key: 'course-1' } });
  });

  it('also counts leadership and management sessions and their participants', () => {
    const c = courseDelivered({ hubId: HUB, courseId: 'course-2', participants: 12, cpdMinutesDelivered: 0, leadershipAndManagement: true });
    expect(c.increments).toMatchObject({ leadership_sessions: 1, leadership_participants: 12, sessions_delivered: 1 });
  });

  it('weights placement weeks by WTE: ten weeks at 0.6 WTE are six weeks', () => {
    expect(placementWteWeekHundredths('2026-10-05', '2026-12-13', 60)).toBe(600);
    expect(placementWteWeekHundredths('2026-10-05', '2026-10-11', 100)).toBe(100);
    expect(placementWteWeekHundredths('2024-02-26', '2024-03-03', 100)).toBe(100); // through 29 February
    expect(placementWteWeekHundredths('2026-10-05', '2026-10-04', 100)).toBe(0);
    expect(placementCompleted(HUB, '2026-10-05', '2026-12-13', 60).increments).toEqual({ placement_wte_week_hundredths: 600 });
  });

  it('counts single events', () => {
    expect(count(HUB, 'gps_recruited')).toEqual({ hubId: HUB, increments: { gps_recruited: 1 } });
  });

  it("takes a PCN's latest ARRS plan revision submitted by the period end", () => {
    const revisions = [
      { revision: 1, submittedOn: '2025-04-20', inPostFteHundredths: 500, plannedFteHundredths: 800 },
      { revision: 2, submittedOn: '2025-11-02', inPostFteHundredths: 700, plannedFteHundredths: 900 },
    ];
    expect(planInForce(revisions, '2025-09-30')?.revision).toBe(1);
    expect(planInForce(revisions, '2026-03-31')?.revision).toBe(2);
    expect(planInForce(revisions, '2025-03-31')).toBeUndefined();
  });
});
