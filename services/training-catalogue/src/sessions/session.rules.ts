import { CatalogueRuleError } from '../catalogue/catalogue-rule.error';

export type SessionStatus = 'scheduled' | 'cancelled' | 'delivered';

/** What the rules need to know of a session. */
export interface SessionState {
  status: SessionStatus;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  confirmedPlaces: number;
}

export interface SessionPlan {
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  venue?: string | null;
  onlineLink?: string | null;
}

/**
 * A session is planned in the future, ends after it starts, has at least one place, and says where
 * it happens. A session that already took place is entered with `assertDeliveredSessionRecord` instead.
 */
export function assertSessionPlan(plan: SessionPlan, now: Date): void {
  if (plan.startsAt.getTime() <= now.getTime()) {
    throw new CatalogueRuleError(
      'session-in-the-past',
      'invalid',
      'A session must start in the future; enter one that already took place with POST /api/v1/courses/{courseId}/delivered-sessions',
    );
  }
  assertSessionShape(plan);
}

/** Any session, planned or past: it ends after it starts, has at least one place, and says where it happens. */
export function assertSessionShape(plan: SessionPlan): void {
  if (plan.endsAt.getTime() <= plan.startsAt.getTime()) {
    throw new CatalogueRuleError('session-ends-before-it-starts', 'invalid', 'A session must end after it starts');
  }
  if (!Number.isInteger(plan.capacity) || plan.capacity < 1) {
    throw new CatalogueRuleError('invalid-capacity', 'invalid', 'A session needs a capacity of at least one place');
  }
  if (!plan.venue && !plan.onlineLink) {
    throw new CatalogueRuleError('session-without-location', 'invalid', 'A session needs a venue, an online link, or both');
  }
}

/** Length of a session in whole minutes. */
export function durationMinutes(session: Pick<SessionState, 'startsAt' | 'endsAt'>): number {
  return Math.round((session.endsAt.getTime() - session.startsAt.getTime()) / 60_000);
}

/** In person, online or hybrid, from where participants attend. */
export function sessionDeliveryMode(session: { venue?: string | null; onlineLink?: string | null }): 'IN_PERSON' | 'ONLINE' | 'HYBRID' {
  if (session.venue && session.onlineLink) return 'HYBRID';
  return session.venue ? 'IN_PERSON' : 'ONLINE';
}

/** Only a scheduled session that has not started may be cancelled. */
export function assertCancellable(session: SessionState, now: Date): void {
  if (session.status !== 'scheduled') {
    throw new CatalogueRuleError('session-not-scheduled', 'conflict', `The session is ${session.status} and cannot be cancelled`);
  }
  if (session.startsAt.getTime() <= now.getTime()) {
    throw new CatalogueRuleError('session-already-started', 'conflict', 'The session has already started and cannot be cancelled');
  }
}

/** A reschedule keeps the session in the future and never leaves fewer places than confirmed bookings. */
export function assertReschedule(session: SessionState, plan: SessionPlan, now: Date): void {
  if (session.status !== 'scheduled') {
    throw new CatalogueRuleError('session-not-scheduled', 'conflict', `The session is ${session.status} and cannot be rescheduled`);
  }
  assertSessionPlan(plan, now);
  if (plan.capacity < session.confirmedPlaces) {
    throw new CatalogueRuleError(
      'capacity-below-bookings',
      'conflict',
      `The session has ${session.confirmedPlaces} confirmed bookings; its capacity cannot go down to ${plan.capacity}`,
    );
  }
}

/** Attendance is recorded once a scheduled session has started. */
export function assertAttendanceCanBeRecorded(session: SessionState, now: Date): void {
  if (session.status !== 'scheduled') {
    throw new CatalogueRuleError('session-not-scheduled', 'conflict', `The session is ${session.status}; attendance can no longer be recorded`);
  }
  if (session.startsAt.getTime() > now.getTime()) {
    throw new CatalogueRuleError('session-not-started', 'conflict', 'Attendance can be recorded only once the session has started');
  }
}
