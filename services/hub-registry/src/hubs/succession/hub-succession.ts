import type { OrganisationRecord, Succession } from '../../organisations/organisation-kind';
import { HubRuleViolation, type CoveredOrganisation, type HubSummary } from '../hub-rules';

/**
 * When ICBs merge, the hubs follow. An ICS-level hub of a predecessor ICB either
 * - is re-parented: it serves the successor ICB from the succession day (its predecessor ICB
 *   stays in its history), when the successor has no ICS-level hub yet; or
 * - is merged into the one hub that serves the successor from that day: it stops the day the
 *   successor takes over, naming that hub as its successor (reason "split" when its ICB was
 *   divided between several successors, naming the hubs of the others too).
 * Its locality hubs go with it (under itself, or under the hub it merged into), provided what they
 * cover lies in the successor ICB on that day.
 */
export interface HubSuccessionRequest {
  successorIcbCode: string;
  effectiveFrom: string;
  mergeInto?: string;
}

export interface LocalityHubOnSuccession {
  hub: HubSummary;
  /** What it covers, with each organisation's ICB on the succession day. */
  covered: readonly CoveredOrganisation[];
}

/** What the rules need to know about the registry on the succession day. */
export interface HubSuccessionFacts {
  hub: HubSummary & { activeFrom: string };
  /** Successions recorded with the hub's ICB as predecessor. */
  successions: readonly Succession[];
  successorIcb: OrganisationRecord | undefined;
  /** The ICS-level hub that serves the successor ICB on the day, other than this one. */
  hubOfSuccessor: HubSummary | undefined;
  /** The hub asked to merge into, and the ICB it serves on the day. */
  mergeInto?: { hub: HubSummary | undefined; icbOnDay: string | undefined };
  /** ICS-level hubs serving the predecessor's other successors on the day (a split). */
  hubsOfOtherSuccessors: readonly string[];
  localityHubs: readonly LocalityHubOnSuccession[];
}

export type HubSuccessionPlan =
  | { kind: 're-parent'; successorIcbCode: string; effectiveFrom: string; localityHubIds: string[] }
  | {
      kind: 'merge';
      successorIcbCode: string;
      effectiveFrom: string;
      intoHubId: string;
      reason: 'merged' | 'split';
      /** The hub merged into first, then the hubs of a split ICB's other successors. */
      successorHubIds: string[];
      localityHubIds: string[];
    };

/** The successors a predecessor ICB's succession names, in order. */
export function successorsOf(successions: readonly Succession[], predecessorCode: string): string[] {
  return [...new Set(successions.filter((s) => s.predecessorCode === predecessorCode).map((s) => s.successorCode))].sort();
}

/** Decides what happens to a hub when its ICB is succeeded, or says which rule the request breaks. */
export function planHubSuccession(request: HubSuccessionRequest, facts: HubSuccessionFacts): HubSuccessionPlan {
  const { hub } = facts;
  const { successorIcbCode: successor, effectiveFrom: day } = request;
  if (hub.level !== 'ics') throw new HubRuleViolation('hub-rule-broken', `hub "${hub.name}" is a locality hub; it follows its ICS-level hub, so succeed that hub`);
  if (hub.status !== 'active') throw new HubRuleViolation('hub-not-active', `hub "${hub.name}" is inactive`);
  if (hub.icbCode === successor) throw new HubRuleViolation('hub-already-succeeded', `hub "${hub.name}" already serves ICB ${successor}`);
  const step = facts.successions.find((s) => s.predecessorCode === hub.icbCode && s.successorCode === successor);
  if (!step) {
    const known = successorsOf(facts.successions, hub.icbCode);
    throw new HubRuleViolation(
      'no-recorded-succession',
      `no succession of ICB ${hub.icbCode} by ${successor} is recorded; ${known.length ? `its successors are ${known.join(', ')}` : `${hub.icbCode} has no recorded successor`}`,
    );
  }
  if (!facts.successorIcb) throw new HubRuleViolation('unknown-organisation', `${successor} is not an organisation the registry knows`);
  if (step.effectiveDate !== day) {
    throw new HubRuleViolation('dates-out-of-order', `ICB ${successor} succeeds ${hub.icbCode} on ${step.effectiveDate}, not on ${day}`);
  }
  if (day <= hub.activeFrom) {
    throw new HubRuleViolation('dates-out-of-order', `hub "${hub.name}" is active from ${hub.activeFrom}, so it cannot follow a succession on ${day}`);
  }

  const localityHubIds = facts.localityHubs.map((l) => l.hub.id);
  for (const locality of facts.localityHubs) {
    for (const c of locality.covered) {
      if (c.icbCode === successor) continue;
      const where = c.icbCode ? `lies in ICB ${c.icbCode}` : `has no single ICB (its ICB was divided; import its new parent first)`;
      throw new HubRuleViolation(
        'outside-parent-area',
        `locality hub "${locality.hub.name}" covers ${c.odsCode}, which ${where} on ${day}, not in ${successor}; change what it covers or deactivate it before the hubs follow the succession`,
      );
    }
  }

  if (request.mergeInto === undefined) {
    if (facts.hubOfSuccessor) {
      throw new HubRuleViolation(
        'icb-already-has-hub',
        `ICB ${successor} already has the ICS-level hub "${facts.hubOfSuccessor.name}" (${facts.hubOfSuccessor.id}) on ${day}; merge into it with mergeInto`,
      );
    }
    return { kind: 're-parent', successorIcbCode: successor, effectiveFrom: day, localityHubIds };
  }

  const target = facts.mergeInto?.hub;
  if (request.mergeInto === hub.id) throw new HubRuleViolation('hub-rule-broken', 'a hub cannot merge into itself');
  if (!target) throw new HubRuleViolation('hub-rule-broken', `hub ${request.mergeInto} to merge into does not exist`);
  if (target.level !== 'ics') throw new HubRuleViolation('hub-rule-broken', `hub "${target.name}" is a locality hub; a hub merges into an ICS-level hub`);
  if (target.status !== 'active') throw new HubRuleViolation('hub-not-active', `hub "${target.name}" to merge into is inactive`);
  if (facts.mergeInto?.icbOnDay !== successor) {
    throw new HubRuleViolation(
      'hub-rule-broken',
      `hub "${target.name}" does not serve ICB ${successor} on ${day}${facts.mergeInto?.icbOnDay ? ` (it serves ${facts.mergeInto.icbOnDay})` : ''}; make it follow the succession first`,
    );
  }
  const split = successorsOf(facts.successions, hub.icbCode).length > 1;
  return {
    kind: 'merge',
    successorIcbCode: successor,
    effectiveFrom: day,
    intoHubId: target.id,
    reason: split ? 'split' : 'merged',
    successorHubIds: split ? [target.id, ...facts.hubsOfOtherSuccessors.filter((id) => id !== target.id && id !== hub.id)] : [target.id],
    localityHubIds,
  };
}

/**
 * The hub that follows a succession on its own, without a national decision: for a successor
 * ICB with no ICS-level hub on the day, the one active hub among the predecessors that passed
 * wholly to it (a merger, not a split). Several candidates, or none, leave it to the command.
 */
export function unambiguousFollower(
  successorIcbCode: string,
  successions: readonly Succession[],
  activeHubsByIcb: ReadonlyMap<string, readonly HubSummary[]>,
  successorHasHub: boolean,
): HubSummary | undefined {
  if (successorHasHub) return undefined;
  const wholly = successions
    .filter((s) => s.successorCode === successorIcbCode && s.successorIsNew && successorsOf(successions, s.predecessorCode).length === 1)
    .map((s) => s.predecessorCode);
  const candidates = [...new Set(wholly)].flatMap((code) => activeHubsByIcb.get(code) ?? []).filter((h) => h.level === 'ics' && h.status === 'active');
  return candidates.length === 1 ? candidates[0] : undefined;
}

/**
 * The successor a newly registered hub of `icbCode` follows at once, if any: the ICB passed wholly
 * to a new ICB and was the only one to do so (Norfolk and Waveney to Norfolk and Suffolk, whose
 * other predecessor was divided). Where several ICBs merged (North Central and North West London),
 * which hub continues is the national team's decision, whatever order the hubs were registered in.
 */
export function soleWhollyPassingSuccessor(icbCode: string, successions: readonly Succession[]): string | undefined {
  const [only, ...more] = successorsOf(successions, icbCode);
  if (!only || more.length > 0) return undefined;
  const whollyPassing = successions.filter((s) => s.successorCode === only && s.successorIsNew && successorsOf(successions, s.predecessorCode).length === 1);
  return whollyPassing.length === 1 && whollyPassing[0].predecessorCode === icbCode ? only : undefined;
}

