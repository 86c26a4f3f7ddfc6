import type { EntityManager } from 'typeorm';
import type { OutboxWriter } from '@traininghubs/messaging';
import type { CourseEntity } from '../courses/course.entity';
import { bookingConfirmed } from '../events/catalogue-events';
import type { SessionEntity } from '../sessions/session.entity';
import { BookingEntity } from './booking.entity';
import { promoteFromWaitlist } from './booking.rules';

/**
 * Gives the session's free places to its waiting list, first come first served, in the caller's
 * transaction (which holds the session's row lock). Each promotion confirms a place and publishes
 * BookingConfirmed. Updates `session` in memory; the caller saves it.
 */
export async function promoteWaitingList(
  manager: EntityManager,
  outbox: OutboxWriter,
  session: SessionEntity,
  course: CourseEntity,
  now: Date,
): Promise<BookingEntity[]> {
  if (session.confirmedPlaces >= session.capacity) return [];
  const waitlist = await manager.find(BookingEntity, {
    where: { sessionId: session.sessionId, status: 'waitlisted' },
    order: { bookingSeq: 'ASC' },
    take: session.capacity - session.confirmedPlaces,
  });
  const promoted = promoteFromWaitlist(session, waitlist);
  for (const booking of promoted) {
    booking.status = 'confirmed';
    booking.confirmedAt = now;
    await manager.update(BookingEntity, { bookingId: booking.bookingId }, { status: 'confirmed', confirmedAt: now });
    session.confirmedPlaces += 1;
    session.version += 1;
    await outbox.append(manager, bookingConfirmed(session, course, booking, now));
  }
  return promoted;
}
