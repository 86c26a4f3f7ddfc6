import { holdsAPlace, isFinal, nextState, PLACEMENT_ACTIONS, PLACEMENT_STATES, type PlacementAction, type PlacementState } from './placement-lifecycle';

const allowed: Array<[PlacementState, PlacementAction, PlacementState]> = [
  ['offered', 'fill', 'filled'],
  ['offered', 'cancel', 'cancelled'],
  ['offered', 'withdraw', 'withdrawn'],
  ['filled', 'complete', 'completed'],
  ['filled', 'cancel', 'cancelled'],
  ['filled', 'withdraw', 'withdrawn'],
];

describe('placement lifecycle', () => {
  it.each(allowed)('%s placement, %s → %s', (from, action, to) => {
    expect(nextState(from, action)).toBe(to);
  });

  const refused = PLACEMENT_STATES.flatMap((from) =>
    PLACEMENT_ACTIONS.filter((action) => !allowed.some(([f, a]) => f === from && a === action)).map((action) => [from, action] as const),
  );

  it('refuses every other step (all 14 of them)', () => {
    expect(refused).toHaveLength(PLACEMENT_STATES.length * PLACEMENT_ACTIONS.length - allowed.length);
  });

  it.each(refused)('refuses: %s placement, %s', (from, action) => {
    expect(() => nextState(from, action)).toThrow(expect.objectContaining({ code: 'illegal-placement-transition', kind: 'conflict' }));
  });

  it('says what a placement may still do', () => {
    expect(() => nextState('offered', 'complete')).toThrow('A offered placement cannot be completed; a offered placement may only be filled, cancelled, withdrawn.');
    expect(() => nextState('completed', 'cancel')).toThrow('A completed placement cannot be cancelled; completed is final.');
  });

  it('knows the final states and the ones that hold a place', () => {
    expect(PLACEMENT_STATES.filter(isFinal)).toEqual(['completed', 'cancelled', 'withdrawn']);
    expect(PLACEMENT_STATES.filter(holdsAPlace)).toEqual(['filled', 'completed']);
  });
});
