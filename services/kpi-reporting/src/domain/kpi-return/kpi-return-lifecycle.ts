import type { KpiArea, KpiUnit, KpiValue } from '../kpi/kpi-definitions';

/**
 * A Training Hub's six-monthly KPI return. The hub drafts it (its figures are live), submits it
 * (the figures are frozen), and NHS England (nationally, or the hub's region) approves it or
 * returns it with a reason; a returned return is corrected and submitted again.
 *
 *   draft ──submit──▶ submitted ──approve──▶ approved
 *                      │    ▲
 *                return│    │submit (resubmission)
 *                      ▼    │
 *                     returned
 *
 * An approved return that records entered later restated is flagged for re-approval: NHS England
 * approves it again (approve from approved), which clears the flag.
 */
export type KpiReturnState = 'draft' | 'submitted' | 'approved' | 'returned';
export type KpiReturnAction = 'submit' | 'approve' | 'return';

export const KPI_RETURN_STATES: readonly KpiReturnState[] = ['draft', 'submitted', 'approved', 'returned'];

const TRANSITIONS: Record<KpiReturnAction, { from: readonly KpiReturnState[]; to: KpiReturnState }> = {
  submit: { from: ['draft', 'returned'], to: 'submitted' },
  approve: { from: ['submitted'], to: 'approved' },
  return: { from: ['submitted'], to: 'returned' },
};

/** A step the return's current state does not allow (answered 409). */
export class KpiReturnTransitionRefused extends Error {
  constructor(
    readonly state: KpiReturnState,
    readonly action: KpiReturnAction,
  ) {
    super(`A ${state} return cannot be ${pastTense(action)}; only a ${TRANSITIONS[action].from.join(' or ')} return can.`);
    this.name = 'KpiReturnTransitionRefused';
  }
}

function pastTense(action: KpiReturnAction): string {
  return action === 'submit' ? 'submitted' : action === 'approve' ? 'approved' : 'returned';
}

/** The state after `action`, or KpiReturnTransitionRefused. */
export function nextReturnState(state: KpiReturnState, action: KpiReturnAction, options: { reapprovalRequired?: boolean } = {}): KpiReturnState {
  if (action === 'approve' && state === 'approved' && options.reapprovalRequired) return 'approved';
  const transition = TRANSITIONS[action];
  if (!transition.from.includes(state)) throw new KpiReturnTransitionRefused(state, action);
  return transition.to;
}

/** States whose frozen figures are the hub's word for the period: late events restate them. */
export function isFrozen(state: KpiReturnState): boolean {
  return state === 'submitted' || state === 'approved';
}

/** A frozen figure as it was submitted. */
export interface FrozenKpiValue {
  id: string;
  name: string;
  area: KpiArea;
  unit: KpiUnit;
  value: number | null;
}

/** A KPI whose current value differs from the frozen one. */
export interface KpiRestatement {
  kpiId: string;
  name: string;
  frozenValue: number | null;
  currentValue: number | null;
}

/** The KPIs whose current value differs from the frozen snapshot, in the snapshot's order. */
export function restatementsOf(frozen: readonly FrozenKpiValue[], current: readonly KpiValue[]): KpiRestatement[] {
  const now = new Map(current.map((k) => [k.id, k.value]));
  const differences: KpiRestatement[] = [];
  for (const figure of frozen) {
    const currentValue = now.has(figure.id) ? (now.get(figure.id) as number | null) : null;
    if (currentValue !== figure.value) differences.push({ kpiId: figure.id, name: figure.name, frozenValue: figure.value, currentValue });
  }
  return differences;
}
