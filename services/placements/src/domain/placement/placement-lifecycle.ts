import { PlacementsRuleBroken } from '../placements-rule.error';

/** Where a placement is in its life. Offered from declared capacity, filled by a learner, then completed, or ended early. */
export const PLACEMENT_STATES = ['offered', 'filled', 'completed', 'cancelled', 'withdrawn'] as const;
export type PlacementState = (typeof PLACEMENT_STATES)[number];

/** What can be done to a placement. */
export const PLACEMENT_ACTIONS = ['fill', 'complete', 'cancel', 'withdraw'] as const;
export type PlacementAction = (typeof PLACEMENT_ACTIONS)[number];

/**
 * The allowed transitions, and nothing else: offered → filled → completed; an offered or filled
 * placement may be cancelled (by the hub or learning environment) or withdrawn (by the learner or
 * education provider), with a reason. Completed, cancelled and withdrawn are final.
 */
export const PLACEMENT_TRANSITIONS: Readonly<Record<PlacementState, Readonly<Partial<Record<PlacementAction, PlacementState>>>>> = {
  offered: { fill: 'filled', cancel: 'cancelled', withdraw: 'withdrawn' },
  filled: { complete: 'completed', cancel: 'cancelled', withdraw: 'withdrawn' },
  completed: {},
  cancelled: {},
  withdrawn: {},
};

/** States whose placement holds one of the declared places (a learner is, or was, there). */
export function holdsAPlace(state: PlacementState): boolean {
  return state === 'filled' || state === 'completed';
}

export function isFinal(state: PlacementState): boolean {
  return Object.keys(PLACEMENT_TRANSITIONS[state]).length === 0;
}

/** The state after `action`; throws PlacementsRuleBroken (conflict) for a step the table does not allow. */
export function nextState(current: PlacementState, action: PlacementAction): PlacementState {
  const next = PLACEMENT_TRANSITIONS[current][action];
  if (next) return next;
  const allowed = Object.keys(PLACEMENT_TRANSITIONS[current]);
  const hint = allowed.length ? `; a ${current} placement may only be ${allowed.map(pastTense).join(', ')}` : `; ${current} is final`;
  throw new PlacementsRuleBroken('illegal-placement-transition', `A ${current} placement cannot be ${pastTense(action)}${hint}.`, 'conflict');
}

function pastTense(action: string): string {
  return { fill: 'filled', complete: 'completed', cancel: 'cancelled', withdraw: 'withdrawn' }[action] ?? action;
}
