import { isOpenOn } from '../organisations/hierarchy/organisation-hierarchy';
import type { OrganisationRecord } from '../organisations/organisation-kind';
import { uncoveredDayReason } from '../organisations/reference-data/reference-coverage';

export type HubLevelName = 'ics' | 'locality';
export type HubRule =
  | 'unknown-organisation'
  | 'icb-already-has-hub'
  | 'outside-parent-area'
  | 'dates-out-of-order'
  | 'hub-rule-broken'
  | 'hub-not-active'
  | 'no-recorded-succession'
  | 'hub-already-succeeded'
  | 'before-reference-data';

/** A registry rule a command breaks, with what to tell the caller. */
export class HubRuleViolation extends Error {
  constructor(
    readonly rule: HubRule,
    message: string,
  ) {
    super(message);
    this.name = 'HubRuleViolation';
  }
}

export interface HubSummary {
  id: string;
  name: string;
  level: HubLevelName;
  icbCode: string;
  status: 'active' | 'inactive';
  /** Last day it serves its ICB, when that ends (a hub deactivated or moved to a successor ICB). */
  servesUntil?: string | null;
}

/** A hub starts on a day the organisation reference data covers (from the system footprints of 1 April 2019). */
export function checkCoveredDay(field: string, day: string): void {
  const reason = uncoveredDayReason(field, day);
  if (reason) throw new HubRuleViolation('before-reference-data', reason);
}

/** An ICS-level hub serves an ICB that exists and operates on its first day, and no other active ICS-level hub serves it. */
export function checkIcsHub(icbCode: string, icb: OrganisationRecord | undefined, activeFrom: string, activeHubOfIcb: HubSummary | undefined): void {
  if (!icb || icb.kind !== 'icb') throw new HubRuleViolation('unknown-organisation', `${icbCode} is not an ICB the registry knows`);
  if (!isOpenOn(icb, activeFrom)) {
    throw new HubRuleViolation('unknown-organisation', `ICB ${icbCode} (${icb.name}) does not operate on ${activeFrom}; it runs ${icb.openDate ?? '…'} to ${icb.closeDate ?? '…'}`);
  }
  if (activeHubOfIcb?.servesUntil) {
    throw new HubRuleViolation(
      'icb-already-has-hub',
      `ICB ${icbCode} already has the ICS-level hub "${activeHubOfIcb.name}" (${activeHubOfIcb.id}) until ${activeHubOfIcb.servesUntil}; a new ICS-level hub may start after that day`,
    );
  }
  if (activeHubOfIcb) {
    throw new HubRuleViolation('icb-already-has-hub', `ICB ${icbCode} already has the active ICS-level hub "${activeHubOfIcb.name}" (${activeHubOfIcb.id}); deactivate it first`);
  }
}

export interface CoveredOrganisation {
  odsCode: string;
  organisation: OrganisationRecord | undefined;
  /** Its ICB on the hub's first day. */
  icbCode: string | undefined;
}

/**
 * A locality hub sits under an active ICS-level hub and covers PCNs or practices that exist, are
 * open on its first day and lie in its parent's ICB on that day.
 */
export function checkLocalityHub(parentHubId: string, parent: HubSummary | undefined, covered: readonly CoveredOrganisation[], activeFrom: string): void {
  if (!parent) throw new HubRuleViolation('hub-rule-broken', `parent hub ${parentHubId} does not exist`);
  if (parent.level !== 'ics') throw new HubRuleViolation('hub-rule-broken', `parent hub "${parent.name}" is a locality hub; a locality hub sits under an ICS-level hub`);
  if (parent.status !== 'active') throw new HubRuleViolation('hub-not-active', `parent hub "${parent.name}" is not active`);
  if (covered.length === 0) throw new HubRuleViolation('hub-rule-broken', 'a locality hub covers at least one PCN or practice');
  for (const c of covered) checkCovered(c, parent.icbCode, activeFrom);
}

function checkCovered(c: CoveredOrganisation, icbCode: string, day: string): void {
  if (!c.organisation) throw new HubRuleViolation('unknown-organisation', `${c.odsCode} is not an organisation the registry knows`);
  if (c.organisation.kind !== 'pcn' && c.organisation.kind !== 'gp_practice') {
    throw new HubRuleViolation('hub-rule-broken', `${c.odsCode} is ${c.organisation.kind === 'icb' ? 'an ICB' : 'a region'}; a locality hub covers PCNs or practices`);
  }
  if (!isOpenOn(c.organisation, day)) throw new HubRuleViolation('unknown-organisation', `${c.odsCode} (${c.organisation.name}) is not open on ${day}`);
  if (c.icbCode !== icbCode) {
    throw new HubRuleViolation('outside-parent-area', `${c.odsCode} (${c.organisation.name}) lies in ICB ${c.icbCode ?? 'unknown'} on ${day}, outside its parent hub's ICB ${icbCode}`);
  }
}

/** A hub stops after it starts. */
export function checkDeactivation(hub: HubSummary & { activeFrom: string }, effectiveDate: string): void {
  if (hub.status !== 'active') throw new HubRuleViolation('hub-not-active', `hub "${hub.name}" is already inactive`);
  if (effectiveDate <= hub.activeFrom) {
    throw new HubRuleViolation('dates-out-of-order', `the hub cannot stop on ${effectiveDate}: it is active from ${hub.activeFrom}, so it stops on a later day`);
  }
}

/** A contract or funding period ends on or after it starts. */
export function checkPeriod(what: string, start: string | undefined, end: string | undefined): void {
  if (start && end && end < start) throw new HubRuleViolation('dates-out-of-order', `${what} ends on ${end}, before it starts on ${start}`);
}

/**
 * Funding is stated per NHS financial year (1 April to 31 March, written 2025-26) and source: a
 * year whose second half is not the next year, or one source listed twice for a year, is refused.
 */
export function checkFunding(funding: ReadonlyArray<{ financialYear: string; source: string }>): void {
  const seen = new Set<string>();
  for (const f of funding) {
    const [start, end] = f.financialYear.split('-').map(Number);
    if ((start + 1) % 100 !== end) throw new HubRuleViolation('dates-out-of-order', `financial year ${f.financialYear} is not a year followed by the next (e.g. 2025-26)`);
    const key = `${f.financialYear}|${f.source}`;
    if (seen.has(key)) throw new HubRuleViolation('hub-rule-broken', `funding from ${f.source} is listed twice for ${f.financialYear}; give one amount per source and year`);
    seen.add(key);
  }
}
