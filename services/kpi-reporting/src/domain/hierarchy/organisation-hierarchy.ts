/**
 * The organisation hierarchy as it stood on a day: which ICB and region each Training Hub sat in,
 * and which ICBs were merged into which. Roll-ups of a period use the hierarchy in force on its
 * last day, and an ICB's roll-up also takes in the hubs of the ICBs that merged into it.
 */
export interface HubPositionChange {
  hubId: string;
  /** First day (Europe/London, ISO) the position holds. */
  effectiveFrom: string;
  icbCode: string;
  regionCode: string;
  /** Order of arrival, to break ties between changes on the same day. */
  sequence: number;
}

export interface IcbSuccession {
  predecessorCode: string;
  successorCode: string;
  effectiveDate: string;
}

export type RollUpScope = { kind: 'hub'; hubId: string } | { kind: 'icb'; code: string } | { kind: 'region'; code: string } | { kind: 'national' };

export class InvalidRollUpScope extends Error {
  constructor(text: string) {
    super(`"${text}" is not a KPI scope; write hub:{hub id}, icb:{ICB ODS code}, region:{region ODS code} or national`);
    this.name = 'InvalidRollUpScope';
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ODS = /^[A-Z0-9]{3,10}$/;

export function parseRollUpScope(text: string): RollUpScope {
  if (text === 'national') return { kind: 'national' };
  const [kind, code, ...rest] = text.split(':');
  if (rest.length > 0 || !code) throw new InvalidRollUpScope(text);
  if (kind === 'hub' && UUID.test(code)) return { kind: 'hub', hubId: code.toLowerCase() };
  if ((kind === 'icb' || kind === 'region') && ODS.test(code)) return { kind, code };
  throw new InvalidRollUpScope(text);
}

export function formatRollUpScope(scope: RollUpScope): string {
  switch (scope.kind) {
    case 'national':
      return 'national';
    case 'hub':
      return `hub:${scope.hubId}`;
    default:
      return `${scope.kind}:${scope.code}`;
  }
}

export interface HubPosition {
  hubId: string;
  icbCode: string;
  regionCode: string;
}

/**
 * Where each hub sat on `day`: its latest change effective by then. A hub whose first known
 * position starts later is placed where it first appeared (its activity before registration
 * still belongs to it).
 */
export function positionsOn(changes: readonly HubPositionChange[], day: string): Map<string, HubPosition> {
  const byHub = new Map<string, HubPositionChange[]>();
  for (const change of changes) byHub.set(change.hubId, [...(byHub.get(change.hubId) ?? []), change]);
  const positions = new Map<string, HubPosition>();
  for (const [hubId, list] of byHub) {
    const ordered = [...list].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom) || a.sequence - b.sequence);
    const inForce = ordered.filter((c) => c.effectiveFrom <= day).at(-1) ?? ordered[0];
    positions.set(hubId, { hubId, icbCode: inForce.icbCode, regionCode: inForce.regionCode });
  }
  return positions;
}

/** Every ICB that `code` was merged into, directly or through later mergers, effective by `day`. */
export function successorsOf(code: string, successions: readonly IcbSuccession[], day: string): Set<string> {
  const found = new Set<string>();
  const queue = [code];
  while (queue.length > 0) {
    const current = queue.shift() as string;
    for (const s of successions) {
      if (s.predecessorCode === current && s.effectiveDate <= day && !found.has(s.successorCode) && s.successorCode !== code) {
        found.add(s.successorCode);
        queue.push(s.successorCode);
      }
    }
  }
  return found;
}

/**
 * The hubs a roll-up takes in for a period: positions on the period's last day; an ICB also takes
 * the hubs of ICBs that have since been merged into it (re-rolled to the successor, as of `today`).
 */
export function hubsOfScope(scope: RollUpScope, changes: readonly HubPositionChange[], successions: readonly IcbSuccession[], periodEnd: string, today: string): string[] {
  const positions = [...positionsOn(changes, periodEnd).values()];
  const ids = (list: HubPosition[]) => list.map((p) => p.hubId).sort();
  switch (scope.kind) {
    case 'national':
      return ids(positions);
    case 'hub':
      return positions.some((p) => p.hubId === scope.hubId) ? [scope.hubId] : [];
    case 'region':
      return ids(positions.filter((p) => p.regionCode === scope.code));
    case 'icb': {
      const successorCache = new Map<string, Set<string>>();
      const rollsInto = (icb: string) => {
        if (!successorCache.has(icb)) successorCache.set(icb, successorsOf(icb, successions, today));
        return icb === scope.code || (successorCache.get(icb) as Set<string>).has(scope.code);
      };
      return ids(positions.filter((p) => rollsInto(p.icbCode)));
    }
  }
}
