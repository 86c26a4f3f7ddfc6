import { KpiArea as KpiAreaMessage, KpiUnit as KpiUnitMessage } from '@traininghubs/contracts';
import { computeKpis } from '../kpi/kpi-definitions';
import { emptyCounters } from '../kpi/kpi-counters';
import { csvField } from '@traininghubs/csv';
import { KPI_RETURN_CSV_HEADER, kpiReturnCsv } from './kpi-return-csv';
import { figuresOf } from './kpi-return-figures';
import { isFrozen, KpiReturnTransitionRefused, nextReturnState, restatementsOf, type KpiReturnAction, type KpiReturnState } from './kpi-return-lifecycle';

describe('KPI return lifecycle', () => {
  it.each<[KpiReturnState, KpiReturnAction, KpiReturnState]>([
    ['draft', 'submit', 'submitted'],
    ['submitted', 'approve', 'approved'],
    ['submitted', 'return', 'returned'],
    ['returned', 'submit', 'submitted'],
  ])('a %s return allows %s, becoming %s', (state, action, expected) => {
    expect(nextReturnState(state, action)).toBe(expected);
  });

  it.each<[KpiReturnState, KpiReturnAction]>([
    ['draft', 'approve'],
    ['draft', 'return'],
    ['submitted', 'submit'],
    ['approved', 'submit'],
    ['approved', 'approve'],
    ['approved', 'return'],
    ['returned', 'approve'],
    ['returned', 'return'],
  ])('refuses on a %s return the step %s, saying which states allow it', (state, action) => {
    expect(() => nextReturnState(state, action)).toThrow(KpiReturnTransitionRefused);
    expect(() => nextReturnState(state, action)).toThrow(new RegExp(`A ${state} return cannot be`));
  });

  it('freezes figures while submitted or approved only', () => {
    expect(['draft', 'submitted', 'approved', 'returned'].filter((s) => isFrozen(s as KpiReturnState))).toEqual(['submitted', 'approved']);
  });
});

describe('re-approval of a restated return', () => {
  it('lets an approved return be approved again only when late records restated it', () => {
    expect(nextReturnState('approved', 'approve', { reapprovalRequired: true })).toBe('approved');
    expect(() => nextReturnState('approved', 'approve')).toThrow(KpiReturnTransitionRefused);
    expect(() => nextReturnState('approved', 'return', { reapprovalRequired: true })).toThrow(KpiReturnTransitionRefused);
  });
});

describe('restatement of a frozen return', () => {
  const frozen = computeKpis({ ...emptyCounters(), participants: 40, placements_offered: 2, placements_filled: 1 });

  it('lists nothing while the current figures equal the frozen ones', () => {
    expect(restatementsOf(frozen, computeKpis({ ...emptyCounters(), participants: 40, placements_offered: 2, placements_filled: 1 }))).toEqual([]);
  });

  it('lists each KPI that changed with its frozen and current value, including rates becoming undefined', () => {
    const current = computeKpis({ ...emptyCounters(), participants: 52, placements_offered: 0, placements_filled: 0 });
    const differences = restatementsOf(frozen, current);
    expect(differences).toEqual(
      expect.arrayContaining([
        { kpiId: 'participants', name: 'Participants', frozenValue: 40, currentValue: 52 },
        { kpiId: 'placements_offered', name: 'Placements offered', frozenValue: 2, currentValue: 0 },
        { kpiId: 'placement_fill_rate', name: 'Placement fill rate', frozenValue: 50, currentValue: null },
      ]),
    );
    expect(differences.map((d) => d.kpiId)).not.toContain('gps_recruited');
  });
});

describe('figures of KpiReturnSubmitted', () => {
  it('scales each value to a whole number in its unit and leaves out KPIs without a value', () => {
    const kpis = computeKpis({ ...emptyCounters(), cpd_minutes: 6000, placement_wte_week_hundredths: 613, arrs_fte_in_post_hundredths: 500, arrs_fte_planned_hundredths: 800, courses_delivered: 3 });
    const figures = figuresOf(kpis);
    const figure = (code: string) => figures.find((f) => f.indicatorCode === code);
    expect(figure('courses_delivered')).toMatchObject({ value: 3n, unit: KpiUnitMessage.COUNT, kpiArea: KpiAreaMessage.EDUCATIONAL_DESIGN });
    expect(figure('cpd_hours')).toMatchObject({ value: 6000n, unit: KpiUnitMessage.MINUTES });
    expect(figure('placement_weeks')).toMatchObject({ value: 613n, unit: KpiUnitMessage.WEEKS_HUNDREDTHS });
    expect(figure('arrs_fte_in_post')).toMatchObject({ value: 500n, unit: KpiUnitMessage.FTE_HUNDREDTHS, kpiArea: KpiAreaMessage.WORKFORCE_PLANNING });
    expect(figure('arrs_fte_in_post_vs_plan')).toMatchObject({ value: 6250n, unit: KpiUnitMessage.PERCENT_HUNDREDTHS });
    expect(figure('placement_fill_rate')).toBeUndefined();
    expect(figures).toHaveLength(kpis.filter((k) => k.value !== null).length);
  });
});

describe('CSV export of a return', () => {
  it('has a header and one row per KPI with current, frozen and restated values', () => {
    const frozenValues = computeKpis({ ...emptyCounters(), participants: 40 });
    const currentValues = computeKpis({ ...emptyCounters(), participants: 52 });
    const csv = kpiReturnCsv({
      hubId: 'hub-a',
      period: '2025-26-H1',
      state: 'submitted',
      submissionNumber: 1,
      currentValues,
      frozenValues,
      restatements: restatementsOf(frozenValues, currentValues),
    });
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(KPI_RETURN_CSV_HEADER.join(','));
    expect(lines).toHaveLength(currentValues.length + 1);
    expect(lines).toContain('hub-a,2025-26-H1,submitted,1,participants,Participants,educational design,count,52,40,52');
    expect(lines).toContain('hub-a,2025-26-H1,submitted,1,gps_recruited,GPs recruited,careers and retention,count,0,0,');
    expect(lines).toContain('hub-a,2025-26-H1,submitted,1,placement_fill_rate,Placement fill rate,educational design,percent,,,');
  });

  it('leaves frozen and restated values empty for a draft', () => {
    const csv = kpiReturnCsv({ hubId: 'h', period: '2025-26-H2', state: 'draft', submissionNumber: 0, currentValues: computeKpis({ ...emptyCounters(), gps_recruited: 2 }), frozenValues: null, restatements: [] });
    expect(csv).toContain('h,2025-26-H2,draft,0,gps_recruited,GPs recruited,careers and retention,count,2,,\r\n');
  });

  it('quotes fields with commas or quotes and defuses spreadsheet formulas', () => {
    expect(csvField('Leadership, management')).toBe('"Leadership, management"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvField(-3)).toBe('-3');
    expect(csvField(null)).toBe('');
  });
});
