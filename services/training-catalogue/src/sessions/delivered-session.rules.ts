import { CatalogueRuleError } from '../catalogue/catalogue-rule.error';
import { londonWallTime } from '../catalogue/london-time';
import { assertSessionShape, type SessionPlan } from './session.rules';

/** Whether one learner attended a session entered after it took place. */
export interface LearnerAttendance {
  learnerId: string;
  attended: boolean;
}

/**
 * A session entered after it took place, with its attendance: a whole session (it ends after it
 * starts, has places, says where it happened) that has already ended — never one still running or
 * to come, which is scheduled instead — with each learner once and no more learners than places.
 */
export function assertDeliveredSessionRecord(plan: SessionPlan, attendance: readonly LearnerAttendance[], now: Date): void {
  assertSessionShape(plan);
  if (plan.endsAt.getTime() > now.getTime()) {
    throw new CatalogueRuleError(
      'session-not-yet-ended',
      'invalid',
      `A session is entered as delivered only once it has ended; this one ends at ${londonWallTime(plan.endsAt)} Europe/London time. ` +
        'Schedule a session to come with POST /api/v1/courses/{courseId}/sessions',
    );
  }
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const { learnerId } of attendance) {
    const id = learnerId.toLowerCase();
    if (seen.has(id)) twice.add(learnerId);
    seen.add(id);
  }
  if (twice.size > 0) {
    throw new CatalogueRuleError('duplicate-learner', 'invalid', `Each learner is listed once in the attendance; listed more than once: ${[...twice].join(', ')}`);
  }
  if (attendance.length > plan.capacity) {
    throw new CatalogueRuleError(
      'attendance-over-capacity',
      'invalid',
      `The attendance lists ${attendance.length} learners but the session had ${plan.capacity} place(s): every learner listed held a place`,
    );
  }
}
