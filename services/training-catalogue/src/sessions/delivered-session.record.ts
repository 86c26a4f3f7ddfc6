import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { OutboxEvent, OutboxWriter } from '@traininghubs/messaging';
import { BookingEntity } from '../bookings/booking.entity';
import { attendanceOutcome } from '../bookings/booking.rules';
import type { ProfessionName } from '../catalogue/catalogue-vocabulary';
import type { CourseEntity } from '../courses/course.entity';
import { bookingConfirmed, courseDelivered } from '../events/catalogue-events';
import { deliver, type SessionDelivery } from './session-delivery.rules';
import { newSession, type SessionEntity } from './session.entity';
import type { SessionPlan } from './session.rules';

/** One learner's place on a session entered after it took place, as the booking records it. */
export interface DeliveredPlace {
  learnerId: string;
  /** The learner's profession when they held the place: what the delivery counts. */
  profession: ProfessionName;
  employerOdsCode: string | null;
  attended: boolean;
}

/** A session that already took place, ready to save: the session (delivered), its bookings, what it counts for, and its events in order. */
export interface DeliveredSessionRecord {
  session: SessionEntity;
  bookings: BookingEntity[];
  delivery: SessionDelivery;
  events: OutboxEvent[];
}

/**
 * The one way a session that already took place is recorded — by POST …/delivered-sessions and by
 * the import of past activity alike. The plan has passed `assertDeliveredSessionRecord`; the
 * places are its attendance, in order. The session is delivered; each place is a booking held
 * (booked and confirmed) by the session's start, attended or not; the events are those a live
 * session would have produced — BookingConfirmed for each place, then CourseDelivered — dated when
 * they happened (the session's start). No CourseScheduled: the session was never open for booking.
 */
export function deliveredSessionRecord(course: CourseEntity, plan: SessionPlan, places: readonly DeliveredPlace[], now: Date, sessionId: string = randomUUID()): DeliveredSessionRecord {
  const session = newSession(course, plan, now, sessionId);
  // Each place was held by the session's start at the latest: that is when it counts as booked and confirmed.
  const bookings = places.map((place) =>
    Object.assign(new BookingEntity(), {
      bookingId: randomUUID(),
      sessionId,
      learnerId: place.learnerId,
      profession: place.profession,
      employerOdsCode: place.employerOdsCode,
      status: attendanceOutcome('confirmed', place.attended),
      bookedAt: plan.startsAt,
      confirmedAt: plan.startsAt,
      cancelledAt: null,
      attendanceRecordedAt: now,
    }),
  );
  const events = bookings.map((booking) => {
    session.confirmedPlaces += 1;
    session.version += 1;
    return bookingConfirmed(session, course, booking, plan.startsAt);
  });
  const delivery = deliver(session, bookings, now);
  Object.assign(session, { status: 'delivered', deliveredAt: delivery.deliveredAt, version: session.version + 1 });
  events.push(courseDelivered(session, course, delivery));
  return { session, bookings, delivery, events };
}

/**
 * Saves delivered sessions with their bookings and events inside the caller's transaction, set-based
 * whatever their number: one multi-row insert of the sessions, one of the bookings (in the order
 * given, which `booking_seq` keeps), and the events through the outbox in the order given.
 */
export async function saveDeliveredSessions(manager: EntityManager, outbox: OutboxWriter, records: readonly DeliveredSessionRecord[]): Promise<void> {
  if (records.length === 0) return;
  const sessions = records.map((r) => r.session);
  const iso = (d: Date | null) => (d === null ? null : d.toISOString());
  await manager.query(
    `INSERT INTO course_session (session_id, course_id, hub_id, starts_at, ends_at, venue, online_link, capacity, confirmed_places, status,
                                 cancellation_reason, replacement_session_id, delivered_at, version, created_at, updated_at)
     SELECT s.session_id, s.course_id, s.hub_id, s.starts_at, s.ends_at, s.venue, s.online_link, s.capacity, s.confirmed_places, s.status,
            NULL, NULL, s.delivered_at, s.version, s.created_at, s.created_at
       FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::timestamptz[], $5::timestamptz[], $6::text[], $7::text[], $8::int[], $9::int[], $10::text[],
                   $11::timestamptz[], $12::int[], $13::timestamptz[])
         AS s(session_id, course_id, hub_id, starts_at, ends_at, venue, online_link, capacity, confirmed_places, status, delivered_at, version, created_at)`,
    [
      sessions.map((s) => s.sessionId),
      sessions.map((s) => s.courseId),
      sessions.map((s) => s.hubId),
      sessions.map((s) => iso(s.startsAt)),
      sessions.map((s) => iso(s.endsAt)),
      sessions.map((s) => s.venue),
      sessions.map((s) => s.onlineLink),
      sessions.map((s) => s.capacity),
      sessions.map((s) => s.confirmedPlaces),
      sessions.map((s) => s.status),
      sessions.map((s) => iso(s.deliveredAt)),
      sessions.map((s) => s.version),
      sessions.map((s) => iso(s.createdAt)),
    ],
  );
  const bookings = records.flatMap((r) => r.bookings);
  if (bookings.length > 0) {
    await manager.query(
      `INSERT INTO booking (booking_id, session_id, learner_id, profession, employer_ods_code, status, booked_at, confirmed_at, cancelled_at, attendance_recorded_at)
       SELECT b.booking_id, b.session_id, b.learner_id, b.profession, b.employer_ods_code, b.status, b.booked_at, b.confirmed_at, NULL, b.attendance_recorded_at
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::timestamptz[], $9::timestamptz[])
              WITH ORDINALITY AS b(booking_id, session_id, learner_id, profession, employer_ods_code, status, booked_at, confirmed_at, attendance_recorded_at, ord)
        ORDER BY b.ord`,
      [
        bookings.map((b) => b.bookingId),
        bookings.map((b) => b.sessionId),
        bookings.map((b) => b.learnerId),
        bookings.map((b) => b.profession),
        bookings.map((b) => b.employerOdsCode),
        bookings.map((b) => b.status),
        bookings.map((b) => iso(b.bookedAt)),
        bookings.map((b) => iso(b.confirmedAt)),
        bookings.map((b) => iso(b.attendanceRecordedAt)),
      ],
    );
  }
  await outbox.appendAll(
    manager,
    records.flatMap((r) => r.events),
  );
}
