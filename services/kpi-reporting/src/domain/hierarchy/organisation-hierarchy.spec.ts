import { hubsOfScope, InvalidRollUpScope, parseRollUpScope, positionsOn, successorsOf, type HubPositionChange, type IcbSuccession } from './organisation-hierarchy';

const A = '0b9c8f52-4f6f-4c59-9f43-2a3f8d9a1e01';
const B = '5d6e7f80-1a2b-4c3d-8e9f-0a1b2c3d4e5f';
const C = '6e7f8091-2b3c-4d5e-9f0a-1b2c3d4e5f60';

const changes: HubPositionChange[] = [
  { hubId: A, effectiveFrom: '2022-07-01', icbCode: 'QOX', regionCode: 'Y58', sequence: 1 },
  { hubId: B, effectiveFrom: '2022-07-01', icbCode: 'QSL', regionCode: 'Y58', sequence: 2 },
  { hubId: C, effectiveFrom: '2022-07-01', icbCode: 'QKK', regionCode: 'Y56', sequence: 3 },
  // B's ICB merged into QOX on 1 April 2026; hub-registry moves the hub then
  { hubId: B, effectiveFrom: '2026-04-01', icbCode: 'QOX', regionCode: 'Y58', sequence: 4 },
];
const merger: IcbSuccession[] = [{ predecessorCode: 'QSL', successorCode: 'QOX', effectiveDate: '2026-04-01' }];

describe('the organisation hierarchy of a period', () => {
  it('places hubs where they were on the last day of the period', () => {
    expect(positionsOn(changes, '2025-09-30').get(B)).toEqual({ hubId: B, icbCode: 'QSL', regionCode: 'Y58' });
    expect(positionsOn(changes, '2026-09-30').get(B)).toEqual({ hubId: B, icbCode: 'QOX', regionCode: 'Y58' });
  });

  it('places a hub registered after the period where it first appeared', () => {
    expect(positionsOn([{ hubId: A, effectiveFrom: '2027-01-01', icbCode: 'QOX', regionCode: 'Y58', sequence: 1 }], '2025-09-30').get(A)?.icbCode).toBe('QOX');
  });

  it('breaks same-day ties by arrival', () => {
    const sameDay = [
      { hubId: A, effectiveFrom: '2025-05-01', icbCode: 'QOX', regionCode: 'Y58', sequence: 2 },
      { hubId: A, effectiveFrom: '2025-05-01', icbCode: 'QSL', regionCode: 'Y58', sequence: 1 },
    ];
    expect(positionsOn(sameDay, '2025-09-30').get(A)?.icbCode).toBe('QOX');
  });

  it('rolls an ICB up from the hubs in it at the period end', () => {
    expect(hubsOfScope({ kind: 'icb', code: 'QSL' }, changes, [], '2025-09-30', '2025-10-01')).toEqual([B]);
    expect(hubsOfScope({ kind: 'icb', code: 'QOX' }, changes, [], '2025-09-30', '2025-10-01')).toEqual([A]);
  });

  it('re-rolls a past period to the successor ICB after a merger', () => {
    expect(hubsOfScope({ kind: 'icb', code: 'QOX' }, changes, merger, '2025-09-30', '2026-05-01')).toEqual([A, B].sort());
    // before the merger took effect the successor had only its own hubs
    expect(hubsOfScope({ kind: 'icb', code: 'QOX' }, changes, merger, '2025-09-30', '2026-03-01')).toEqual([A]);
  });

  it('follows chains of mergers', () => {
    const chain = [...merger, { predecessorCode: 'QOX', successorCode: 'QZZ', effectiveDate: '2027-04-01' }];
    expect([...successorsOf('QSL', chain, '2027-05-01')].sort()).toEqual(['QOX', 'QZZ']);
    expect(hubsOfScope({ kind: 'icb', code: 'QZZ' }, changes, chain, '2025-09-30', '2027-05-01')).toEqual([A, B].sort());
  });

  it('rolls regions and the nation up', () => {
    expect(hubsOfScope({ kind: 'region', code: 'Y58' }, changes, merger, '2025-09-30', '2026-05-01')).toEqual([A, B].sort());
    expect(hubsOfScope({ kind: 'national' }, changes, merger, '2025-09-30', '2026-05-01')).toHaveLength(3);
    expect(hubsOfScope({ kind: 'hub', hubId: C }, changes, merger, '2025-09-30', '2026-05-01')).toEqual([C]);
    expect(hubsOfScope({ kind: 'hub', hubId: '11111111-2222-4333-8444-555555555555' }, changes, merger, '2025-09-30', '2026-05-01')).toEqual([]);
  });

  it('reads scopes and refuses anything else', () => {
    expect(parseRollUpScope('national')).toEqual({ kind: 'national' });
    expect(parseRollUpScope(`hub:${A}`)).toEqual({ kind: 'hub', hubId: A });
    expect(parseRollUpScope('icb:QOX')).toEqual({ kind: 'icb', code: 'QOX' });
    expect(parseRollUpScope('region:Y58')).toEqual({ kind: 'region', code: 'Y58' });
    for (const bad of ['hub:not-a-uuid', 'icb:', 'pcn:U1', 'region:Y58:x', 'icb:qox']) expect(() => parseRollUpScope(bad)).toThrow(InvalidRollUpScope);
  });
});
