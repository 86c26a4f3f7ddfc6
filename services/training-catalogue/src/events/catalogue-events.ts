import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  BookingConfirmedSchema,
  CourseDeliveredSchema,
  CourseFormat,
  CourseScheduledSchema,
  DeliveryMode,
  KpiArea,
  Profession,
  SessionCancellationReason,
  SessionCancelledSchema,
  topics,
} from '@traininghubs/contracts';
import type { OutboxEvent } from '@traininghubs/messaging';
import type { BookingEntity } from '../bookings/booking.entity';
import type { CourseEntity } from '../courses/course.entity';
import type { SessionDelivery } from '../sessions/session-delivery.rules';
import type { SessionEntity } from '../sessions/session.entity';
import { durationMinutes, sessionDeliveryMode } from '../sessions/session.rules';

export const COURSE_TOPIC = topics.course.name;
export const SESSION_TOPIC = topics.session.name;
export const COURSE_SCHEDULED = 'uk.nhs.traininghubs.trainingcatalogue.course_scheduled.v1';
export const SESSION_CANCELLED = 'uk.nhs.traininghubs.trainingcatalogue.session_cancelled.v1';
export const BOOKING_CONFIRMED = 'uk.nhs.traininghubs.trainingcatalogue.booking_confirmed.v1';
export const COURSE_DELIVERED = 'uk.nhs.traininghubs.trainingcatalogue.course_delivered.v1';

/** CourseScheduled, keyed by course: the course with every session still scheduled, in date order. `ce_time`: when they were (re)scheduled. */
export function courseScheduled(course: CourseEntity, sessions: readonly SessionEntity[], scheduledAt: Date): OutboxEvent {
  const live = sessions.filter((s) => s.status !== 'cancelled').sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  return {
    topic: COURSE_TOPIC,
    key: course.courseId,
    aggregateType: 'course',
    aggregateId: course.courseId,
    aggregateVersion: course.version,
    type: COURSE_SCHEDULED,
    occurredAt: scheduledAt,
    message: create(CourseScheduledSchema, {
      hubId: course.hubId,
      courseId: course.courseId,
      title: course.title,
      kpiArea: KpiArea[course.kpiArea],
      format: CourseFormat[course.format],
      targetProfessions: course.targetProfessions.map((p) => Profession[p]),
      providerName: course.providerName,
      sessions: live.map((s) => ({
        sessionId: s.sessionId,
        startsAt: timestampFromDate(s.startsAt),
        endsAt: timestampFromDate(s.endsAt),
        deliveryMode: DeliveryMode[sessionDeliveryMode(s)],
        venue: s.venue ?? '',
        capacity: s.capacity,
      })),
      cpdMinutesPerParticipant: live.reduce((sum, s) => sum + durationMinutes(s), 0),
      pricePerPlacePence: BigInt(course.pricePerPlacePence),
    }),
  };
}

function sessionEvent(session: SessionEntity, type: string, occurredAt: Date, message: unknown): OutboxEvent {
  return {
    topic: SESSION_TOPIC,
    key: session.sessionId,
    aggregateType: 'session',
    aggregateId: session.sessionId,
    aggregateVersion: session.version,
    type,
    occurredAt,
    message,
  };
}

/** SessionCancelled, keyed by session; the bookers are told through it. `ce_time`: when the session was cancelled. */
export function sessionCancelled(session: SessionEntity, bookingsCancelled: number, cancelledAt: Date): OutboxEvent {
  return sessionEvent(
    session,
    SESSION_CANCELLED,
    cancelledAt,
    create(SessionCancelledSchema, {
      hubId: session.hubId,
      courseId: session.courseId,
      sessionId: session.sessionId,
      scheduledStart: timestampFromDate(session.startsAt),
      reason: SessionCancellationReason[session.cancellationReason ?? 'OTHER'],
      bookingsCancelled,
      replacementSessionId: session.replacementSessionId ?? '',
    }),
  );
}

/**
 * BookingConfirmed, keyed by session: a place was confirmed (on booking, on promotion from the waiting
 * list, or — for a session entered after it took place — by its start). `ce_time`: when the place was confirmed.
 */
export function bookingConfirmed(session: SessionEntity, course: CourseEntity, booking: BookingEntity, confirmedAt: Date): OutboxEvent {
  return sessionEvent(
    session,
    BOOKING_CONFIRMED,
    confirmedAt,
    create(BookingConfirmedSchema, {
      hubId: session.hubId,
      courseId: session.courseId,
      sessionId: session.sessionId,
      bookingId: booking.bookingId,
      participantId: booking.learnerId,
      profession: Profession[booking.profession],
      employerOdsCode: booking.employerOdsCode ?? '',
      pricePence: BigInt(course.pricePerPlacePence),
    }),
  );
}

/** CourseDelivered, keyed by session: the fact KPI returns count. `ce_time`: when the session took place, its start (never when it was recorded). */
export function courseDelivered(session: SessionEntity, course: CourseEntity, delivery: SessionDelivery): OutboxEvent {
  return sessionEvent(
    session,
    COURSE_DELIVERED,
    delivery.deliveredAt,
    create(CourseDeliveredSchema, {
      hubId: session.hubId,
      courseId: session.courseId,
      sessionId: session.sessionId,
      kpiArea: KpiArea[course.kpiArea],
      deliveredAt: timestampFromDate(delivery.deliveredAt),
      durationMinutes: delivery.durationMinutes,
      participants: delivery.participants,
      participantsByProfession: delivery.participantsByProfession.map((p) => ({ profession: Profession[p.profession], participants: p.participants })),
      bookings: delivery.bookings,
      didNotAttend: delivery.didNotAttend,
      cpdMinutesDelivered: BigInt(delivery.cpdMinutesDelivered),
    }),
  );
}
