/** How a broken catalogue rule is answered: the request is invalid, it conflicts with the state, or the record is not there. */
export type RuleBreachKind = 'invalid' | 'conflict' | 'not-found';

/**
 * A catalogue rule the request breaks (a session in the past, a double booking, a full session
 * that cannot be completed …). `code` is stable and becomes the problem type; `message` is for people.
 */
export class CatalogueRuleError extends Error {
  constructor(
    readonly code: string,
    readonly kind: RuleBreachKind,
    message: string,
  ) {
    super(message);
    this.name = 'CatalogueRuleError';
  }
}
