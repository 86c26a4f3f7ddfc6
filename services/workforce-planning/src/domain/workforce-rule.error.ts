/**
 * A workforce-planning rule the request would break, with a stable code for clients. `conflict`
 * rules are about a record's current state; the others are about what was asked for.
 */
export class WorkforceRuleBroken extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly kind: 'invalid' | 'conflict' = 'invalid',
  ) {
    super(message);
    this.name = 'WorkforceRuleBroken';
  }
}
