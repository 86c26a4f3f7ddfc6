import fc from 'fast-check';
import type { Caller, CallerScope, Role } from '../caller/caller';
import { canRead, canWrite, scopeCovers, type HierarchyPosition } from './coverage';

const REGIONS = ['Y56', 'Y58', 'Y59', 'Y60', 'Y61', 'Y62', 'Y63'];
const ICBS = ['QMJ', 'QKK', 'QOX', 'QUY', 'QU9', 'QHG', 'S1Y5D', 'D7T5G', 'QOP', 'QWO'];

const regionCode = fc.constantFrom(...REGIONS);
const icbCode = fc.constantFrom(...ICBS);
// A small pool of hubs as well as fresh uuids, so that generated callers and records often meet.
const hubId = fc.oneof(fc.constantFrom('11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222'), fc.uuid());

const position: fc.Arbitrary<HierarchyPosition> = fc.record({ hubId, icbCode, regionCode }, { requiredKeys: [] });

const scope: fc.Arbitrary<CallerScope> = fc.oneof(
  fc.constant<CallerScope>({ kind: 'national' }),
  regionCode.map<CallerScope>((code) => ({ kind: 'region', code })),
  icbCode.map<CallerScope>((code) => ({ kind: 'icb', code })),
  hubId.map<CallerScope>((id) => ({ kind: 'hub', hubId: id })),
);

const roleFor: Record<CallerScope['kind'], Exclude<Role, 'analyst'>> = { national: 'national', region: 'region', icb: 'icb', hub: 'hub_admin' };
const caller: fc.Arbitrary<Caller> = fc
  .tuple(scope, fc.boolean())
  .map(([s, asAnalyst]) => ({ subject: 'someone', role: asAnalyst ? 'analyst' : roleFor[s.kind], scope: s }));
const analyst = scope.map<Caller>((s) => ({ subject: 'analyst', role: 'analyst', scope: s }));

describe('coverage rules hold for every caller and record', () => {
  it('an analyst never writes', () => {
    fc.assert(fc.property(analyst, position, (a, p) => !canWrite(a, p)));
  });

  it('a hub admin never reads or writes another hub, nor a record with no hub', () => {
    fc.assert(
      fc.property(hubId, position, (own, p) => {
        const admin: Caller = { subject: 'h', role: 'hub_admin', scope: { kind: 'hub', hubId: own } };
        fc.pre(p.hubId !== own);
        return !canRead(admin, p) && !canWrite(admin, p);
      }),
    );
  });

  it('whoever may write a record may read it', () => {
    fc.assert(fc.property(caller, position, (c, p) => !canWrite(c, p) || canRead(c, p)));
  });

  it('for every role but analyst, reading and writing cover the same records', () => {
    fc.assert(fc.property(caller, position, (c, p) => c.role === 'analyst' || canWrite(c, p) === canRead(c, p)));
  });

  it('an analyst reads exactly what the role holding the same scope reads', () => {
    fc.assert(fc.property(analyst, position, (a, p) => canRead(a, p) === canRead({ ...a, role: roleFor[a.scope.kind] }, p)));
  });

  it('national callers read and write everything', () => {
    fc.assert(fc.property(position, (p) => canRead({ subject: 'n', role: 'national', scope: { kind: 'national' } }, p) && canWrite({ subject: 'n', role: 'national', scope: { kind: 'national' } }, p)));
  });

  it('a region, ICB or hub scope covers a record exactly when the record names that region, ICB or hub', () => {
    fc.assert(
      fc.property(scope, position, (s, p) => {
        const expected = s.kind === 'national' ? true : s.kind === 'region' ? p.regionCode === s.code : s.kind === 'icb' ? p.icbCode === s.code : p.hubId === s.hubId;
        return scopeCovers(s, p) === expected;
      }),
    );
  });

  it('a record placed nowhere in the hierarchy (a national roll-up) is read by national scopes alone', () => {
    fc.assert(fc.property(caller, (c) => canRead(c, {}) === (c.scope.kind === 'national')));
  });
});
