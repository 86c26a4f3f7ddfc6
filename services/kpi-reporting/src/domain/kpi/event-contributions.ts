import type { KpiCounter } from './kpi-counters';

/** What one source event adds to its hub's counters in the period it happened in. */
export interface Contribution {
  hubId: string;
  increments: Partial<Record<KpiCounter, number>>;
  /** A counter that counts distinct things (courses): added to only the first time `key` is seen in the period. */
  distinct?: { counter: KpiCounter; key: string };
}

export interface DeliveredSession {
  hubId: string;
  courseId: string;
  participants: number;
  cpdMinutesDelivered: number;
  leadershipAndManagement: boolean;
}

export function courseDelivered(session: DeliveredSession): Contribution {
  const increments: Partial<Record<KpiCounter, number>> = {
    sessions_delivered: 1,
    participants: session.participants,
    cpd_minutes: session.cpdMinutesDelivered,
  };
  if (session.leadershipAndManagement) {
    increments.leadership_sessions = 1;
    increments.leadership_participants = session.participants;
  }
  return { hubId: session.hubId, increments, distinct: { counter: 'courses_delivered', key: session.courseId } };
}

/** Days from start to end inclusive, of ISO dates. */
export function daysInclusive(startIso: string, endIso: string): number {
  const day = 86_400_000;
  return Math.round((Date.parse(`${endIso}T00:00:00Z`) - Date.parse(`${startIso}T00:00:00Z`)) / day) + 1;
}

/** WTE-weighted placement weeks of a completed placement, in hundredths: days ÷ 7 × WTE. */
export function placementWteWeekHundredths(startIso: string, endIso: string, wteHundredths: number): number {
  const days = daysInclusive(startIso, endIso);
  if (days <= 0) return 0;
  return Math.round((days * wteHundredths) / 7);
}

export const count = (hubId: string, counter: KpiCounter): Contribution => ({ hubId, increments: { [counter]: 1 } });

export function placementCompleted(hubId: string, startIso: string, endIso: string, wteHundredths: number): Contribution {
  return { hubId, increments: { placement_wte_week_hundredths: placementWteWeekHundredths(startIso, endIso, wteHundredths) } };
}

export interface ArrsPlanRevision {
  revision: number;
  submittedOn: string;
  inPostFteHundredths: number;
  plannedFteHundredths: number;
}

/**
 * A PCN's ARRS position for a period: its latest plan revision submitted on or before the period
 * end (later revisions restate later periods, never earlier ones).
 */
export function planInForce(revisions: readonly ArrsPlanRevision[], periodEnd: string): ArrsPlanRevision | undefined {
  return revisions.filter((r) => r.submittedOn <= periodEnd).sort((a, b) => b.revision - a.revision || b.submittedOn.localeCompare(a.submittedOn))[0];
}
