import { CatalogueRuleError } from '../catalogue/catalogue-rule.error';
import type { ProfessionName } from '../catalogue/catalogue-vocabulary';
import type { BookingStatus } from '../bookings/booking.rules';
import { durationMinutes, type SessionState } from './session.rules';

export interface BookingOutcome {
  status: BookingStatus;
  profession: ProfessionName;
}

/** What a delivered session counts for: the figures of CourseDelivered. */
export interface SessionDelivery {
  deliveredAt: Date;
  durationMinutes: number;
  participants: number;
  participantsByProfession: Array<{ profession: ProfessionName; participants: number }>;
  bookings: number;
  didNotAttend: number;
  cpdMinutesDelivered: number;
}

/**
 * Completing a session records its delivery. It must have ended (or at least started and been
 * attended) — concretely: it is scheduled, has started, and every confirmed place has its
 * attendance recorded. CPD delivered is the session's length for every participant who attended.
 */
export function deliver(session: SessionState, bookings: readonly BookingOutcome[], now: Date): SessionDelivery {
  if (session.status !== 'scheduled') {
    throw new CatalogueRuleError('session-not-scheduled', 'conflict', `The session is ${session.status} and cannot be completed`);
  }
  if (session.startsAt.getTime() > now.getTime()) {
    throw new CatalogueRuleError('session-not-started', 'conflict', 'A session can be completed only once it has taken place');
  }
  const unrecorded = bookings.filter((b) => b.status === 'confirmed').length;
  if (unrecorded > 0) {
    throw new CatalogueRuleError(
      'attendance-not-recorded',
      'conflict',
      `Record attendance (attended or did not attend) for the ${unrecorded} confirmed booking(s) without it before completing the session`,
    );
  }
  const attended = bookings.filter((b) => b.status === 'attended');
  const byProfession = new Map<ProfessionName, number>();
  for (const booking of attended) byProfession.set(booking.profession, (byProfession.get(booking.profession) ?? 0) + 1);
  const minutes = durationMinutes(session);
  return {
    deliveredAt: session.startsAt,
    durationMinutes: minutes,
    participants: attended.length,
    participantsByProfession: [...byProfession.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([profession, participants]) => ({ profession, participants })),
    bookings: bookings.filter((b) => b.status === 'attended' || b.status === 'did_not_attend').length,
    didNotAttend: bookings.filter((b) => b.status === 'did_not_attend').length,
    cpdMinutesDelivered: minutes * attended.length,
  };
}
