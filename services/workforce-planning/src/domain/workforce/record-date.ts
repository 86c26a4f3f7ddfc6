import { WorkforceRuleBroken } from '../workforce-rule.error';

/**
 * A workforce record says what happened (a first or last working day, a retention outcome), so
 * its day is never after today in England: 422 `date-in-the-future`. Past days are fine; whether
 * the hub operated on the day is the hub directory's question (`HubScope.knownHubOn`).
 */
export function checkNotInFuture(what: string, day: string, today: string): void {
  if (day > today) {
    throw new WorkforceRuleBroken('date-in-the-future', `The ${what} (${day}) is after today (${today} in England); record it once it has happened.`);
  }
}
