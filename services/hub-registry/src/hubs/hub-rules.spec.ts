import { SuccessionKind } from '@traininghubs/contracts';
import { eventKind } from '../organisations/succession/organisation-succession.publisher';
import type { OrganisationRecord } from '../organisations/organisation-kind';
import { checkCoveredDay, checkDeactivation, checkFunding, checkIcsHub, checkLocalityHub, checkPeriod, HubRuleViolation, type HubSummary } from './hub-rules';

const qox: OrganisationRecord = { odsCode: 'QOX', kind: 'icb', name: 'NHS BSW ICB', openDate: '2022-07-01', closeDate: null };
const qmm: OrganisationRecord = { odsCode: 'QMM', kind: 'icb', name: 'NHS Norfolk and Waveney ICB', openDate: '2022-07-01', closeDate: '2026-03-31' };
const bsw: HubSummary = { id: 'h1', name: 'BSW Training Hub', level: 'ics', icbCode: 'QOX', status: 'active' };
const pcn: OrganisationRecord = { odsCode: 'U12345', kind: 'pcn', name: 'Bath PCN', openDate: '2019-07-01', closeDate: null };

function ruleOf(fn: () => void): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error instanceof HubRuleViolation ? error.rule : 'not a rule';
  }
}

describe('hub rules', () => {
  it('allows one active ICS-level hub per ICB', () => {
    expect(ruleOf(() => checkIcsHub('QOX', qox, '2025-04-01', undefined))).toBeUndefined();
    expect(ruleOf(() => checkIcsHub('QOX', qox, '2025-04-01', bsw))).toBe('icb-already-has-hub');
  });

  it('keeps an ICB’s slot taken for the days a hub that has moved on served it', () => {
    expect(() => checkIcsHub('QOX', qox, '2025-04-01', { ...bsw, servesUntil: '2026-03-31' })).toThrow(/already has the ICS-level hub "BSW Training Hub" \(h1\) until 2026-03-31/);
  });

  it('needs an ICB that exists and operates on the first day', () => {
    expect(ruleOf(() => checkIcsHub('QZZ', undefined, '2025-04-01', undefined))).toBe('unknown-organisation');
    expect(ruleOf(() => checkIcsHub('QMM', qmm, '2026-04-01', undefined))).toBe('unknown-organisation');
    expect(ruleOf(() => checkIcsHub('U12345', pcn, '2025-04-01', undefined))).toBe('unknown-organisation');
  });

  it('keeps a locality hub inside its parent’s ICB', () => {
    expect(ruleOf(() => checkLocalityHub('h1', bsw, [{ odsCode: 'U12345', organisation: pcn, icbCode: 'QOX' }], '2025-04-01'))).toBeUndefined();
    expect(ruleOf(() => checkLocalityHub('h1', bsw, [{ odsCode: 'U12345', organisation: pcn, icbCode: 'QUY' }], '2025-04-01'))).toBe('outside-parent-area');
    expect(ruleOf(() => checkLocalityHub('h1', bsw, [{ odsCode: 'U99999', organisation: undefined, icbCode: undefined }], '2025-04-01'))).toBe('unknown-organisation');
    expect(ruleOf(() => checkLocalityHub('h1', bsw, [{ odsCode: 'QOX', organisation: qox, icbCode: 'QOX' }], '2025-04-01'))).toBe('hub-rule-broken');
    expect(ruleOf(() => checkLocalityHub('h1', bsw, [], '2025-04-01'))).toBe('hub-rule-broken');
    expect(ruleOf(() => checkLocalityHub('h9', undefined, [], '2025-04-01'))).toBe('hub-rule-broken');
    expect(ruleOf(() => checkLocalityHub('h1', { ...bsw, status: 'inactive' }, [], '2025-04-01'))).toBe('hub-not-active');
    expect(ruleOf(() => checkLocalityHub('h1', { ...bsw, level: 'locality' }, [], '2025-04-01'))).toBe('hub-rule-broken');
  });

  it('stops a hub only after it starts, and only once', () => {
    expect(ruleOf(() => checkDeactivation({ ...bsw, activeFrom: '2025-04-01' }, '2025-04-01'))).toBe('dates-out-of-order');
    expect(ruleOf(() => checkDeactivation({ ...bsw, activeFrom: '2025-04-01' }, '2026-04-01'))).toBeUndefined();
    expect(ruleOf(() => checkDeactivation({ ...bsw, status: 'inactive', activeFrom: '2025-04-01' }, '2026-04-01'))).toBe('hub-not-active');
  });

  it('takes funding per financial year and source, once each', () => {
    expect(ruleOf(() => checkFunding([{ financialYear: '2025-26', source: 'hee_operational_budget' }, { financialYear: '2026-27', source: 'hee_operational_budget' }, { financialYear: '1999-00', source: 'other' }]))).toBeUndefined();
    expect(ruleOf(() => checkFunding([{ financialYear: '2025-27', source: 'other' }]))).toBe('dates-out-of-order');
    expect(ruleOf(() => checkFunding([{ financialYear: '2025-26', source: 'other' }, { financialYear: '2025-26', source: 'other' }]))).toBe('hub-rule-broken');
  });

  it('refuses a period that ends before it starts', () => {
    expect(ruleOf(() => checkPeriod('the HEE contract', '2025-04-01', '2024-03-31'))).toBe('dates-out-of-order');
    expect(ruleOf(() => checkPeriod('the HEE contract', '2025-04-01', undefined))).toBeUndefined();
  });
});

describe('hub rules before the ICBs', () => {
  const qmf: OrganisationRecord = { odsCode: 'QMF', kind: 'icb', name: 'NHS North East London Integrated Care Board', openDate: '2019-04-01', closeDate: null };
  const hackney: OrganisationRecord = { odsCode: 'U10101', kind: 'pcn', name: 'Hackney Downs PCN', openDate: '2019-07-01', closeDate: null };
  const nel: HubSummary = { id: 'h2', name: 'North East London Training Hub', level: 'ics', icbCode: 'QMF', status: 'active' };

  it('lets an ICS-level hub serve its system’s footprint from 2020, under the code the ICB kept', () => {
    expect(ruleOf(() => checkIcsHub('QMF', qmf, '2020-04-01', undefined))).toBeUndefined();
    expect(ruleOf(() => checkIcsHub('QMF', qmf, '2019-03-31', undefined))).toBe('unknown-organisation');
  });

  it('lets a locality hub cover a PCN of the footprint from 2020', () => {
    expect(ruleOf(() => checkLocalityHub('h2', nel, [{ odsCode: 'U10101', organisation: hackney, icbCode: 'QMF' }], '2020-04-01'))).toBeUndefined();
    expect(ruleOf(() => checkLocalityHub('h2', nel, [{ odsCode: 'U10101', organisation: hackney, icbCode: 'QMF' }], '2019-06-30'))).toBe('unknown-organisation');
  });

  it('refuses a first day before the reference data begins, naming the earliest day', () => {
    expect(ruleOf(() => checkCoveredDay('activeFrom', '2019-04-01'))).toBeUndefined();
    expect(ruleOf(() => checkCoveredDay('activeFrom', '2019-03-01'))).toBe('before-reference-data');
    expect(() => checkCoveredDay('activeFrom', '2019-03-01')).toThrow(/activeFrom 2019-03-01 is before 2019-04-01, the earliest day/);
  });
});

describe('OrganisationSucceeded kind', () => {
  it('is a merger for a new ICB of several predecessors, a split for one split predecessor, a transfer for an existing ICB', () => {
    expect(eventKind([{ kind: 'merger', successorIsNew: true }, { kind: 'split', successorIsNew: true }])).toBe(SuccessionKind.MERGER);
    expect(eventKind([{ kind: 'split', successorIsNew: true }])).toBe(SuccessionKind.SPLIT);
    expect(eventKind([{ kind: 'territory_transfer', successorIsNew: false }])).toBe(SuccessionKind.TERRITORY_TRANSFER);
  });
});
