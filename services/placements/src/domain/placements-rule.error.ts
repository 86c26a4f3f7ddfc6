/**
 * A placements rule the request would break, with a stable code for clients. `conflict` rules
 * are about the record's current state (an illegal lifecycle step, no place left); the others
 * are about what was asked for.
 */
export class PlacementsRuleBroken extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly kind: 'invalid' | 'conflict' = 'invalid',
  ) {
    super(message);
    this.name = 'PlacementsRuleBroken';
  }
}
