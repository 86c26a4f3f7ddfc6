import { financialYear } from '../workforce/financial-year';
import { arrsPlanJudgedOn, checkArrsPlan, planVsActual, type ArrsPost, type SubmittedPlan } from './arrs-plan';
import { arrsRoleFor, type ArrsRoleReference } from './arrs-role';

const roles: ArrsRoleReference[] = [
  { code: 'CLINICAL_PHARMACIST', name: 'Clinical pharmacist', validFrom: '2019-07-01', validTo: null, afcBandCap: null, maxReimbursementPenceByYear: {} },
  { code: 'GP', name: 'Recently qualified GP', validFrom: '2024-10-01', validTo: null, afcBandCap: null, maxReimbursementPenceByYear: { '2025-26': 10_588_200 } },
  { code: 'RETIRED_ROLE', name: 'A role that left the scheme', validFrom: '2019-07-01', validTo: '2023-03-31', afcBandCap: null, maxReimbursementPenceByYear: {} },
];
const fy2526 = financialYear('2025-26');

describe('ARRS roles as dated reference data', () => {
  it('offers a role only in the years the scheme covers it', () => {
    expect(arrsRoleFor(roles, 'GP', financialYear('2024-25')).code).toBe('GP');
    expect(() => arrsRoleFor(roles, 'GP', financialYear('2023-24'))).toThrow(/not part of the scheme in 2023-24/);
    expect(() => arrsRoleFor(roles, 'RETIRED_ROLE', fy2526)).toThrow(/not part of the scheme/);
    expect(() => arrsRoleFor(roles, 'ASTRONAUT', fy2526)).toThrow(/not an ARRS role/);
  });
});

describe('ARRS plan', () => {
  const line = (role: string, plannedFteHundredths: number, plannedClaimPence = 0) => ({ role, inPostFteHundredths: 0, plannedFteHundredths, plannedClaimPence });

  it('accepts a claim up to the maximum reimbursement for the planned FTE', () => {
    expect(() => checkArrsPlan([line('GP', 150, 15_882_300), line('CLINICAL_PHARMACIST', 200, 1)], roles, fy2526)).not.toThrow();
  });

  it('refuses a claim above the maximum, duplicate roles and an empty plan', () => {
    expect(() => checkArrsPlan([line('GP', 100, 10_588_201)], roles, fy2526)).toThrow(/above the maximum reimbursement/);
    expect(() => checkArrsPlan([line('GP', 100), line('GP', 50)], roles, fy2526)).toThrow(/more than once/);
    expect(() => checkArrsPlan([], roles, fy2526)).toThrow(/at least one role/);
  });
});

describe('plan vs actual', () => {
  const plans: SubmittedPlan[] = [
    { pcnOdsCode: 'U1', icbCode: 'QOX', financialYear: '2025-26', lines: [{ role: 'GP', inPostFteHundredths: 0, plannedFteHundredths: 200, plannedClaimPence: 0 }, { role: 'CLINICAL_PHARMACIST', inPostFteHundredths: 100, plannedFteHundredths: 300, plannedClaimPence: 0 }] },
    { pcnOdsCode: 'U2', icbCode: 'QOX', financialYear: '2025-26', lines: [{ role: 'GP', inPostFteHundredths: 0, plannedFteHundredths: 100, plannedClaimPence: 0 }] },
    { pcnOdsCode: 'U1', icbCode: 'QOX', financialYear: '2024-25', lines: [{ role: 'GP', inPostFteHundredths: 0, plannedFteHundredths: 900, plannedClaimPence: 0 }] },
  ];
  const posts: ArrsPost[] = [
    { pcnOdsCode: 'U1', icbCode: 'QOX', role: 'GP', fteHundredths: 100, startedOn: '2025-06-01', leftOn: null },
    { pcnOdsCode: 'U1', icbCode: 'QOX', role: 'CLINICAL_PHARMACIST', fteHundredths: 80, startedOn: '2022-01-01', leftOn: '2025-09-30' },
    { pcnOdsCode: 'U2', icbCode: 'QOX', role: 'GP', fteHundredths: 50, startedOn: '2026-04-01', leftOn: null },
  ];

  it('compares the latest plan with posts filled at the year end, by PCN', () => {
    expect(planVsActual(plans, posts, fy2526, 'pcn', '2099-01-01')).toEqual([
      { group: 'U1', financialYear: '2025-26', plannedFteHundredths: 500, actualFteHundredths: 100, varianceFteHundredths: -400 },
      { group: 'U2', financialYear: '2025-26', plannedFteHundredths: 100, actualFteHundredths: 0, varianceFteHundredths: -100 },
    ]);
  });

  it('counts posts in post today while the year runs, and groups by role or ICB', () => {
    expect(planVsActual(plans, posts, fy2526, 'role', '2025-07-01')).toEqual([
      { group: 'CLINICAL_PHARMACIST', financialYear: '2025-26', plannedFteHundredths: 300, actualFteHundredths: 80, varianceFteHundredths: -220 },
      { group: 'GP', financialYear: '2025-26', plannedFteHundredths: 300, actualFteHundredths: 100, varianceFteHundredths: -200 },
    ]);
    expect(planVsActual(plans, posts, fy2526, 'icb', '2025-07-01')).toEqual([
      { group: 'QOX', financialYear: '2025-26', plannedFteHundredths: 600, actualFteHundredths: 180, varianceFteHundredths: -420 },
    ]);
  });
});

describe('the day an ARRS plan is judged on', () => {
  it('is the first day of its financial year, whenever the plan is submitted', () => {
    expect(arrsPlanJudgedOn(fy2526, null)).toBe('2025-04-01');
    expect(arrsPlanJudgedOn(fy2526, '2020-04-01')).toBe('2025-04-01');
    expect(arrsPlanJudgedOn(fy2526, '2025-04-01')).toBe('2025-04-01');
  });

  it('is the hub’s first day when the hub started later in that year', () => {
    expect(arrsPlanJudgedOn(fy2526, '2025-06-01')).toBe('2025-06-01');
    expect(arrsPlanJudgedOn(fy2526, '2026-03-31')).toBe('2026-03-31');
  });

  it('stays the year’s first day for a hub that started after the year (the hub directory then refuses it)', () => {
    expect(arrsPlanJudgedOn(fy2526, '2026-04-01')).toBe('2025-04-01');
  });
});
