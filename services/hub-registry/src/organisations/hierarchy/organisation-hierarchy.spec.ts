import type { OrganisationRecord, ParentLink, Succession } from '../organisation-kind';
import { icbOn, parentOn, regionOn, successorOn, type HierarchyExtract } from './organisation-hierarchy';

const org = (odsCode: string, kind: OrganisationRecord['kind'], openDate: string | null = null, closeDate: string | null = null): OrganisationRecord => ({ odsCode, kind, name: odsCode, openDate, closeDate });
const link = (childCode: string, parentCode: string, validFrom: string | null = null, validTo: string | null = null): ParentLink => ({ childCode, parentCode, validFrom, validTo });
const step = (predecessorCode: string, successorCode: string, kind: Succession['kind'] = 'merger'): Succession => ({ predecessorCode, successorCode, effectiveDate: '2026-04-01', kind, predecessorCloses: true, successorIsNew: true });

const extract: HierarchyExtract = {
  organisations: new Map(
    [org('Y61', 'nhse_region'), org('QMM', 'icb', '2022-07-01', '2026-03-31'), org('T6Y0W', 'icb', '2026-04-01'), org('QNQ', 'icb', '2022-07-01', '2026-03-31'),
      org('S0E4D', 'icb', '2026-04-01'), org('S9B9J', 'icb', '2026-04-01'), org('U11111', 'pcn', '2020-01-01'), org('D82001', 'gp_practice', '1974-04-01'),
      org('U22222', 'pcn', '2020-01-01')].map((o) => [o.odsCode, o]),
  ),
  links: [link('QMM', 'Y61', '2022-07-01', '2026-03-31'), link('T6Y0W', 'Y61', '2026-04-01'), link('U11111', 'QMM', '2020-07-01'), link('D82001', 'U11111', '2020-07-01'), link('U22222', 'QNQ', '2020-07-01')],
  successions: [step('QMM', 'T6Y0W'), step('QNQ', 'S0E4D', 'split'), step('QNQ', 'S9B9J', 'split')],
};

describe('organisation hierarchy as of a day', () => {
  it('gives a practice the ICB of its PCN before the merger', () => {
    expect(icbOn(extract, 'D82001', '2025-10-01')).toBe('QMM');
  });

  it('rolls a practice on to the successor ICB from 1 April 2026', () => {
    expect(icbOn(extract, 'D82001', '2026-04-01')).toBe('T6Y0W');
    expect(icbOn(extract, 'D82001', '2026-03-31')).toBe('QMM');
  });

  it('does not guess the successor of an ICB that split', () => {
    expect(successorOn(extract, 'QNQ', '2026-04-01')).toBeUndefined();
    expect(icbOn(extract, 'U22222', '2026-04-01')).toBeUndefined();
    expect(icbOn(extract, 'U22222', '2026-03-31')).toBe('QNQ');
  });

  it('has no parent before a link starts', () => {
    expect(parentOn(extract, 'D82001', '2019-01-01')).toBeUndefined();
    expect(icbOn(extract, 'D82001', '2019-01-01')).toBeUndefined();
  });

  it('finds an ICB’s region on a day', () => {
    expect(regionOn(extract, 'T6Y0W', '2026-05-01')).toBe('Y61');
    expect(regionOn(extract, 'QMM', '2024-01-01')).toBe('Y61');
  });

  it('knows nothing of an unknown code', () => {
    expect(icbOn(extract, 'ZZZ', '2025-01-01')).toBeUndefined();
  });
});
