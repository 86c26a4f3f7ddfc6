import { WorkforceRuleBroken } from '../workforce-rule.error';

/** What a hub does to help a GP stay in general practice (the contracts' RetentionIntervention). */
export const RETENTION_INTERVENTIONS = ['GP_RETENTION_SCHEME', 'FELLOWSHIP', 'MENTORING', 'COACHING', 'PORTFOLIO_ROLE', 'FLEXIBLE_WORKING', 'CAREER_CONVERSATION'] as const;
export type RetentionInterventionKind = (typeof RETENTION_INTERVENTIONS)[number];

/** Outcomes that say the GP stayed in general practice (the contracts' RetentionOutcome). */
export const RETAINING_OUTCOMES = ['REMAINED_IN_POST', 'MOVED_WITHIN_SYSTEM', 'DEFERRED_LEAVING', 'RETURNED_FROM_BREAK'] as const;
/** Outcomes that say they did not. */
export const NOT_RETAINING_OUTCOMES = ['LEFT_GENERAL_PRACTICE', 'WITHDREW'] as const;
export const RETENTION_OUTCOMES = [...RETAINING_OUTCOMES, ...NOT_RETAINING_OUTCOMES] as const;
export type RetentionOutcomeKind = (typeof RETENTION_OUTCOMES)[number];

export type InterventionStatus = 'enrolled' | 'retained' | 'not-retained';

export interface RetentionInterventionState {
  status: InterventionStatus;
  startedOn: string;
  /** The day the outcome is judged (e.g. the scheme's annual review). */
  reviewDueOn: string;
}

/**
 * The retention rule: a GP counts as retained when the intervention's outcome, recorded at or
 * after its review point, says so. An outcome recorded before the review point is refused, and
 * an intervention has one outcome only.
 */
export function recordOutcome(intervention: RetentionInterventionState, outcome: RetentionOutcomeKind, recordedOn: string): InterventionStatus {
  if (intervention.status !== 'enrolled') {
    throw new WorkforceRuleBroken('outcome-already-recorded', `The intervention's outcome is already recorded (${intervention.status}).`, 'conflict');
  }
  if (recordedOn < intervention.reviewDueOn) {
    throw new WorkforceRuleBroken('before-review-point', `The outcome is judged at the review point on ${intervention.reviewDueOn}; it cannot be recorded on ${recordedOn}.`);
  }
  return (RETAINING_OUTCOMES as readonly string[]).includes(outcome) ? 'retained' : 'not-retained';
}

export function checkInterventionDates(startedOn: string, reviewDueOn: string): void {
  if (reviewDueOn <= startedOn) {
    throw new WorkforceRuleBroken('review-before-start', `The review point (${reviewDueOn}) must come after the intervention starts (${startedOn}).`);
  }
}
