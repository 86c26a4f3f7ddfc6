import { isCalendarDay, type CalendarDay } from '../calendar-day';
import type { LearnerType } from '../learner-type';
import { PlacementsRuleBroken } from '../placements-rule.error';

/** A learning environment's recorded status; `expired` is also derived once the review date has passed. */
export const LEARNING_ENVIRONMENT_STATUSES = ['approved', 'suspended', 'expired'] as const;
export type LearningEnvironmentStatus = (typeof LEARNING_ENVIRONMENT_STATUSES)[number];

/** What a learning environment's approval says: for whom, from when, until its review is due. */
export interface LearningEnvironmentApproval {
  status: LearningEnvironmentStatus;
  learnerTypes: readonly LearnerType[];
  approvedFrom: CalendarDay;
  reviewDueBy: CalendarDay;
}

/** A GP practice's ODS code: one letter and five digits, e.g. F83004. */
const GP_PRACTICE_ODS_CODE = /^[A-Z][0-9]{5}$/;

/** Refuses a GP practice whose ODS code is not a practice code (a PCN or branch code has another form). */
export function checkOdsCode(organisationType: string, odsCode: string): void {
  if (organisationType === 'GP_PRACTICE' && !GP_PRACTICE_ODS_CODE.test(odsCode)) {
    throw new PlacementsRuleBroken('invalid-ods-code', `"${odsCode}" is not a GP practice ODS code (a letter and five digits, e.g. F83004).`);
  }
}

/** Checks the dates of a new or renewed approval: real days, review due after approval. */
export function checkApprovalDates(approvedFrom: CalendarDay, reviewDueBy: CalendarDay): void {
  if (!isCalendarDay(approvedFrom) || !isCalendarDay(reviewDueBy)) {
    throw new PlacementsRuleBroken('invalid-dates', `Approval dates must be calendar days (YYYY-MM-DD); got ${approvedFrom} and ${reviewDueBy}.`);
  }
  if (reviewDueBy <= approvedFrom) {
    throw new PlacementsRuleBroken('invalid-dates', `The review due date (${reviewDueBy}) must be after the approval date (${approvedFrom}).`);
  }
}

/** The status as of `today`: an approval whose review date has passed has lapsed (expired). */
export function effectiveStatus(approval: LearningEnvironmentApproval, today: CalendarDay): LearningEnvironmentStatus {
  if (approval.status === 'approved' && today > approval.reviewDueBy) return 'expired';
  return approval.status;
}

/**
 * Refuses a placement unless the environment is approved (not suspended or lapsed) for the
 * learner type throughout the placement: approved on or before its first day, review due on or
 * after its last. Lapsed is judged on `asOf`, the day of the record (the day it was offered or
 * filled), not the day it is entered.
 */
export function assertApprovedFor(
  approval: LearningEnvironmentApproval,
  learnerType: LearnerType,
  startDate: CalendarDay,
  endDate: CalendarDay,
  asOf: CalendarDay,
): void {
  const status = effectiveStatus(approval, asOf);
  if (status !== 'approved') {
    throw new PlacementsRuleBroken('learning-environment-not-approved', `The learning environment is ${status}, not approved, so it cannot host placements.`);
  }
  if (!approval.learnerTypes.includes(learnerType)) {
    throw new PlacementsRuleBroken(
      'learner-type-not-approved',
      `The learning environment is not approved for ${learnerType}; it is approved for ${approval.learnerTypes.join(', ')}.`,
    );
  }
  if (startDate < approval.approvedFrom || endDate > approval.reviewDueBy) {
    throw new PlacementsRuleBroken(
      'outside-approval-dates',
      `The placement (${startDate} to ${endDate}) is outside the learning environment's approval (${approval.approvedFrom} to ${approval.reviewDueBy}).`,
    );
  }
}
