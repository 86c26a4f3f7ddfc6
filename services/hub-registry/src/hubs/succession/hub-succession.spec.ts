import type { OrganisationRecord, Succession } from '../../organisations/organisation-kind';
import { HubRuleViolation, type HubSummary } from '../hub-rules';
import { planHubSuccession, soleWhollyPassingSuccessor, unambiguousFollower, type HubSuccessionFacts, type HubSuccessionRequest } from './hub-succession';

const D = '2026-04-01';
const step = (predecessorCode: string, successorCode: string, kind: Succession['kind'] = 'merger', successorIsNew = true): Succession => ({
  predecessorCode,
  successorCode,
  effectiveDate: D,
  kind,
  predecessorCloses: true,
  successorIsNew,
});
// A slice of the 1 April 2026 map: QMJ + QRV → Z9B2Z; QMM → T6Y0W and QJG split between D7T5G and T6Y0W;
// Frimley (QNQ) split between S0E4D, S9B9J and QRL (which carries on).
const successions: Succession[] = [
  step('QMJ', 'Z9B2Z'),
  step('QRV', 'Z9B2Z'),
  step('QMM', 'T6Y0W'),
  step('QJG', 'T6Y0W', 'split'),
  step('QJG', 'D7T5G', 'split'),
  step('QNQ', 'S0E4D', 'split'),
  step('QNQ', 'S9B9J', 'split'),
  step('QNQ', 'QRL', 'territory_transfer', false),
];
const icb = (odsCode: string): OrganisationRecord => ({ odsCode, kind: 'icb', name: odsCode, openDate: D, closeDate: null });
const hub = (id: string, icbCode: string, extra: Partial<HubSummary> = {}): HubSummary & { activeFrom: string } => ({
  id,
  name: `${icbCode} Training Hub`,
  level: 'ics',
  icbCode,
  status: 'active',
  activeFrom: '2024-04-01',
  ...extra,
});
const ncl = hub('ncl', 'QMJ');
const nwl = hub('nwl', 'QRV');

function facts(over: Partial<HubSuccessionFacts> = {}): HubSuccessionFacts {
  return { hub: ncl, successions, successorIcb: icb('Z9B2Z'), hubOfSuccessor: undefined, hubsOfOtherSuccessors: [], localityHubs: [], ...over };
}
const request = (over: Partial<HubSuccessionRequest> = {}): HubSuccessionRequest => ({ successorIcbCode: 'Z9B2Z', effectiveFrom: D, ...over });

function ruleOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error instanceof HubRuleViolation ? error.rule : 'not a rule';
  }
}

describe('hubs following an ICB succession', () => {
  it('re-parents the hub onto a successor ICB that has no hub yet, taking its locality hubs along', () => {
    const locality = { hub: hub('camden', 'QMJ', { level: 'locality' }), covered: [{ odsCode: 'U10001', organisation: undefined, icbCode: 'Z9B2Z' }] };
    expect(planHubSuccession(request(), facts({ localityHubs: [locality] }))).toEqual({ kind: 're-parent', successorIcbCode: 'Z9B2Z', effectiveFrom: D, localityHubIds: ['camden'] });
  });

  it('refuses a second hub for the successor ICB unless it merges into the one there', () => {
    const f = facts({ hub: nwl, hubOfSuccessor: { ...ncl, icbCode: 'Z9B2Z' } });
    expect(ruleOf(() => planHubSuccession(request(), f))).toBe('icb-already-has-hub');
    const merged = planHubSuccession(request({ mergeInto: 'ncl' }), { ...f, mergeInto: { hub: { ...ncl, icbCode: 'Z9B2Z' }, icbOnDay: 'Z9B2Z' } });
    expect(merged).toMatchObject({ kind: 'merge', intoHubId: 'ncl', reason: 'merged', successorHubIds: ['ncl'] });
  });

  it('merges only into an active ICS-level hub that serves the successor on the day', () => {
    const f = facts({ hub: nwl });
    expect(ruleOf(() => planHubSuccession(request({ mergeInto: 'ncl' }), { ...f, mergeInto: { hub: ncl, icbOnDay: 'QMJ' } }))).toBe('hub-rule-broken');
    expect(ruleOf(() => planHubSuccession(request({ mergeInto: 'x' }), { ...f, mergeInto: { hub: undefined, icbOnDay: undefined } }))).toBe('hub-rule-broken');
    expect(ruleOf(() => planHubSuccession(request({ mergeInto: 'ncl' }), { ...f, mergeInto: { hub: { ...ncl, status: 'inactive' }, icbOnDay: 'Z9B2Z' } }))).toBe('hub-not-active');
    expect(ruleOf(() => planHubSuccession(request({ mergeInto: 'nwl' }), { ...f, mergeInto: { hub: nwl, icbOnDay: 'Z9B2Z' } }))).toBe('hub-rule-broken');
    expect(ruleOf(() => planHubSuccession(request({ mergeInto: 'l' }), { ...f, mergeInto: { hub: hub('l', 'Z9B2Z', { level: 'locality' }), icbOnDay: 'Z9B2Z' } }))).toBe('hub-rule-broken');
  });

  it('deactivates a divided ICB’s hub as split, naming the hub merged into first and the other successors’ hubs', () => {
    const frimley = hub('frimley', 'QNQ');
    const plan = planHubSuccession(request({ successorIcbCode: 'S9B9J', mergeInto: 'surrey' }), {
      ...facts({ hub: frimley, successorIcb: icb('S9B9J') }),
      mergeInto: { hub: hub('surrey', 'S9B9J'), icbOnDay: 'S9B9J' },
      hubsOfOtherSuccessors: ['thames-valley', 'surrey', 'hiow'],
    });
    expect(plan).toMatchObject({ kind: 'merge', reason: 'split', successorHubIds: ['surrey', 'thames-valley', 'hiow'] });
  });

  it('follows only a recorded succession, on its effective day, after the hub started', () => {
    expect(ruleOf(() => planHubSuccession(request({ successorIcbCode: 'T6Y0W' }), facts({ successorIcb: icb('T6Y0W') })))).toBe('no-recorded-succession');
    expect(ruleOf(() => planHubSuccession(request({ effectiveFrom: '2026-05-01' }), facts()))).toBe('dates-out-of-order');
    expect(ruleOf(() => planHubSuccession(request(), facts({ hub: { ...ncl, activeFrom: D } })))).toBe('dates-out-of-order');
    expect(ruleOf(() => planHubSuccession(request(), facts({ successorIcb: undefined })))).toBe('unknown-organisation');
    expect(ruleOf(() => planHubSuccession(request(), facts({ hub: { ...ncl, icbCode: 'Z9B2Z' } })))).toBe('hub-already-succeeded');
  });

  it('moves only ICS-level, active hubs', () => {
    expect(ruleOf(() => planHubSuccession(request(), facts({ hub: { ...ncl, level: 'locality' } })))).toBe('hub-rule-broken');
    expect(ruleOf(() => planHubSuccession(request(), facts({ hub: { ...ncl, status: 'inactive' } })))).toBe('hub-not-active');
  });

  it('keeps locality hubs inside the successor ICB: one covering another ICB, or an ICB that was divided, stops it', () => {
    const elsewhere = { hub: hub('l1', 'QNQ', { level: 'locality' }), covered: [{ odsCode: 'U2', organisation: undefined, icbCode: 'QRL' }] };
    const unknown = { hub: hub('l2', 'QNQ', { level: 'locality' }), covered: [{ odsCode: 'U3', organisation: undefined, icbCode: undefined }] };
    const f = facts({ hub: hub('frimley', 'QNQ'), successorIcb: icb('S0E4D') });
    expect(ruleOf(() => planHubSuccession(request({ successorIcbCode: 'S0E4D' }), { ...f, localityHubs: [elsewhere] }))).toBe('outside-parent-area');
    expect(() => planHubSuccession(request({ successorIcbCode: 'S0E4D' }), { ...f, localityHubs: [unknown] })).toThrow(/U3, which has no single ICB/);
  });
});

describe('the hub that follows a recorded succession on its own', () => {
  const byIcb = (...hubs: HubSummary[]) => new Map(hubs.map((h) => [h.icbCode, [h]]));

  it('is the one hub of the ICBs that passed wholly to a successor with no hub', () => {
    expect(unambiguousFollower('Z9B2Z', successions, byIcb(ncl), false)?.id).toBe('ncl');
    // QJG was divided, so only QMM's hub counts for Norfolk and Suffolk.
    expect(unambiguousFollower('T6Y0W', successions, byIcb(hub('nw', 'QMM'), hub('sne', 'QJG')), false)?.id).toBe('nw');
  });

  it('is nobody when several hubs could continue, the successor has a hub, or the predecessor was divided', () => {
    expect(unambiguousFollower('Z9B2Z', successions, byIcb(ncl, nwl), false)).toBeUndefined();
    expect(unambiguousFollower('Z9B2Z', successions, byIcb(ncl), true)).toBeUndefined();
    expect(unambiguousFollower('S0E4D', successions, byIcb(hub('frimley', 'QNQ')), false)).toBeUndefined();
    expect(unambiguousFollower('QRL', successions, byIcb(hub('frimley', 'QNQ')), false)).toBeUndefined();
  });
});

describe('soleWhollyPassingSuccessor', () => {
  it('is the successor of an ICB that alone passed wholly to it', () => {
    // QJG also went partly to T6Y0W, but it was divided: QMM is the only ICB that passed wholly.
    expect(soleWhollyPassingSuccessor('QMM', successions)).toBe('T6Y0W');
  });

  it('is nothing for a merger of several ICBs, a divided ICB, a continuing successor or an ICB never succeeded', () => {
    expect(soleWhollyPassingSuccessor('QMJ', successions)).toBeUndefined();
    expect(soleWhollyPassingSuccessor('QJG', successions)).toBeUndefined();
    expect(soleWhollyPassingSuccessor('QNQ', successions)).toBeUndefined();
    expect(soleWhollyPassingSuccessor('QRL', successions)).toBeUndefined();
    expect(soleWhollyPassingSuccessor('QOX', successions)).toBeUndefined();
  });
});

