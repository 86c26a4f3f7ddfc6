import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { recordNotFound, type Caller } from '@traininghubs/auth';
import { londonDateOf } from '@traininghubs/calendar';
import { OutboxWriter } from '@traininghubs/messaging';
import { recordAudit } from '@traininghubs/persistence';
import { pageOf, type Page } from '@traininghubs/runtime';
import { BookingEntity } from '../bookings/booking.entity';
import { ACTIVE_BOOKING_STATUSES, attendanceOutcome } from '../bookings/booking.rules';
import { bookingView } from '../bookings/booking.view';
import { promoteWaitingList } from '../bookings/waitlist-promotion';
import { CatalogueAccess } from '../catalogue/catalogue-access';
import { CatalogueRuleError } from '../catalogue/catalogue-rule.error';
import type { Clock } from '../catalogue/clock';
import { instantOfLondonWallTime } from '../catalogue/london-time';
import { CourseEntity } from '../courses/course.entity';
import { CoursesService } from '../courses/courses.service';
import { courseDelivered, courseScheduled, sessionCancelled } from '../events/catalogue-events';
import { LearnersService } from '../learners/learners.service';
import { CLOCK } from '../web/clock.provider';
import type { AttendanceDto, DeliveredSessionDto, DeliveredSessionView, SessionCancellationDto, SessionPlanDto, SessionQuery, SessionView } from './session.dto';
import { deliveredSessionRecord, saveDeliveredSessions } from './delivered-session.record';
import { assertDeliveredSessionRecord } from './delivered-session.rules';
import { deliver } from './session-delivery.rules';
import { newSession, SessionEntity } from './session.entity';
import { assertAttendanceCanBeRecorded, assertCancellable, assertReschedule, assertSessionPlan, type SessionPlan } from './session.rules';
import { sessionView } from './session.view';

/** A session locked for change in a transaction, with its course. */
export interface LockedSession {
  session: SessionEntity;
  course: CourseEntity;
}

@Injectable()
export class SessionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly access: CatalogueAccess,
    private readonly courses: CoursesService,
    private readonly learners: LearnersService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Locks the session's row (SELECT … FOR UPDATE) for the rest of the transaction, after checking
   * the caller may change it: every change to a session's places goes through this lock, so
   * concurrent bookings of one session are serialised and can never overbook it.
   */
  async lockForChange(manager: EntityManager, caller: Caller, sessionId: string): Promise<LockedSession> {
    const detail = `No session ${sessionId}`;
    const session = await manager.findOne(SessionEntity, { where: { sessionId }, lock: { mode: 'pessimistic_write' } });
    if (!session) throw recordNotFound(detail);
    await this.access.assertCanChangeRecord(caller, session.hubId, detail, manager);
    const course = await manager.findOneByOrFail(CourseEntity, { courseId: session.courseId });
    return { session, course };
  }

  async schedule(caller: Caller, courseId: string, input: SessionPlanDto): Promise<SessionView> {
    const now = this.clock.now();
    const plan = planOf(input);
    assertSessionPlan(plan, now);
    return this.dataSource.transaction(async (manager) => {
      const course = await manager.findOne(CourseEntity, { where: { courseId }, lock: { mode: 'pessimistic_write' } });
      if (!course) throw recordNotFound(`No course ${courseId}`);
      await this.access.assertCanChangeRecord(caller, course.hubId, `No course ${courseId}`, manager);
      const session = newSession(course, plan, now, randomUUID());
      await manager.insert(SessionEntity, session);
      course.version += 1;
      course.updatedAt = now;
      await manager.update(CourseEntity, { courseId }, { version: course.version, updatedAt: now });
      const sessions = await manager.findBy(SessionEntity, { courseId, status: 'scheduled' });
      await this.outbox.append(manager, courseScheduled(course, sessions, now));
      await this.audit(manager, caller, 'session.scheduled', session.sessionId, { ...sessionView(session) });
      return sessionView(session);
    });
  }

  /** Moves a session or changes its places; added places go to the waiting list; CourseScheduled is published again. */
  async reschedule(caller: Caller, sessionId: string, input: SessionPlanDto): Promise<SessionView> {
    const now = this.clock.now();
    const plan = planOf(input);
    return this.dataSource.transaction(async (manager) => {
      const { session, course } = await this.lockForChange(manager, caller, sessionId);
      assertReschedule(session, plan, now);
      Object.assign(session, plan, { venue: plan.venue ?? null, onlineLink: plan.onlineLink ?? null, version: session.version + 1, updatedAt: now });
      await promoteWaitingList(manager, this.outbox, session, course, now);
      await manager.save(session);
      course.version += 1;
      await manager.update(CourseEntity, { courseId: course.courseId }, { version: course.version, updatedAt: now });
      const sessions = await manager.findBy(SessionEntity, { courseId: course.courseId, status: 'scheduled' });
      await this.outbox.append(manager, courseScheduled(course, sessions, now));
      await this.audit(manager, caller, 'session.rescheduled', sessionId, { ...input });
      return sessionView(session);
    });
  }

  /** Cancels a session with all its bookings; SessionCancelled tells the bookers. */
  async cancel(caller: Caller, sessionId: string, input: SessionCancellationDto): Promise<SessionView> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      const { session } = await this.lockForChange(manager, caller, sessionId);
      assertCancellable(session, now);
      if (input.replacementSessionId) {
        const replacement = await manager.findOneBy(SessionEntity, { sessionId: input.replacementSessionId });
        if (!replacement || replacement.courseId !== session.courseId || replacement.status !== 'scheduled' || replacement.sessionId === sessionId) {
          throw new CatalogueRuleError('invalid-replacement', 'invalid', `Replacement session ${input.replacementSessionId} is not another scheduled session of the same course`);
        }
      }
      const confirmed = session.confirmedPlaces;
      await manager.update(BookingEntity, { sessionId, status: In([...ACTIVE_BOOKING_STATUSES]) }, { status: 'cancelled', cancelledAt: now });
      Object.assign(session, {
        status: 'cancelled',
        cancellationReason: input.reason,
        replacementSessionId: input.replacementSessionId ?? null,
        confirmedPlaces: 0,
        version: session.version + 1,
        updatedAt: now,
      });
      await manager.save(session);
      await this.outbox.append(manager, sessionCancelled(session, confirmed, now));
      await this.audit(manager, caller, 'session.cancelled', sessionId, { ...input, bookingsCancelled: confirmed });
      return sessionView(session);
    });
  }

  async recordAttendance(caller: Caller, sessionId: string, input: AttendanceDto): Promise<SessionView> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      const { session } = await this.lockForChange(manager, caller, sessionId);
      assertAttendanceCanBeRecorded(session, now);
      for (const record of input.records) {
        const booking = await manager.findOneBy(BookingEntity, { bookingId: record.bookingId, sessionId });
        if (!booking) throw new CatalogueRuleError('unknown-booking', 'invalid', `Booking ${record.bookingId} is not a booking of session ${sessionId}`);
        await manager.update(BookingEntity, { bookingId: booking.bookingId }, { status: attendanceOutcome(booking.status, record.attended), attendanceRecordedAt: now });
      }
      await this.audit(manager, caller, 'session.attendance-recorded', sessionId, { records: input.records });
      return sessionView(session);
    });
  }

  /** Records that the session took place and publishes CourseDelivered. */
  async complete(caller: Caller, sessionId: string): Promise<SessionView> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      const { session, course } = await this.lockForChange(manager, caller, sessionId);
      const bookings = await manager.findBy(BookingEntity, { sessionId });
      const delivery = deliver(session, bookings, now);
      Object.assign(session, { status: 'delivered', deliveredAt: delivery.deliveredAt, version: session.version + 1, updatedAt: now });
      await manager.save(session);
      await this.outbox.append(manager, courseDelivered(session, course, delivery));
      await this.audit(manager, caller, 'session.completed', sessionId, { ...delivery });
      return sessionView(session);
    });
  }

  /**
   * Enters a session that already took place, with its attendance, in one transaction: the session
   * (delivered), a booking per learner (attended / did not attend), and the events a live session
   * would have produced — BookingConfirmed for each place, then CourseDelivered — dated when they
   * happened (the session's start), so the delivery counts in the period it took place; the writer
   * adds when they were recorded (`ce_recordedtime`). No CourseScheduled: the session was never
   * open for booking, and the course's list of sessions to come does not change. The record is
   * built and saved by `deliveredSessionRecord` / `saveDeliveredSessions`, as the CSV import of a
   * hub's past sessions does: one way to record a delivered session.
   */
  async recordDelivered(caller: Caller, courseId: string, input: DeliveredSessionDto): Promise<DeliveredSessionView> {
    const now = this.clock.now();
    const plan = planOf(input);
    assertDeliveredSessionRecord(plan, input.attendance, now);
    return this.dataSource.transaction(async (manager) => {
      const course = await manager.findOneBy(CourseEntity, { courseId });
      if (!course) throw recordNotFound(`No course ${courseId}`);
      await this.access.assertCanChangeRecord(caller, course.hubId, `No course ${courseId}`, manager);
      // Judged by the facts of the day it happened: the hub must have been operating on that London day.
      await this.access.positionOfHubOn(course.hubId, londonDateOf(plan.startsAt), manager);
      const learners = [];
      for (const record of input.attendance) learners.push(await this.learners.learnerToBook(manager, caller, record.learnerId));
      const places = learners.map((learner, i) => ({
        learnerId: learner.learnerId,
        profession: learner.profession,
        employerOdsCode: learner.employerOdsCode,
        attended: input.attendance[i].attended,
      }));
      const record = deliveredSessionRecord(course, plan, places, now);
      const { session, bookings, delivery } = record;
      await saveDeliveredSessions(manager, this.outbox, [record]);
      await this.audit(manager, caller, 'session.delivered-recorded', session.sessionId, {
        ...sessionView(session),
        attendance: input.attendance,
        participants: delivery.participants,
        didNotAttend: delivery.didNotAttend,
      });
      return {
        ...sessionView(session),
        deliveredAt: delivery.deliveredAt.toISOString(),
        participants: delivery.participants,
        didNotAttend: delivery.didNotAttend,
        cpdMinutesDelivered: delivery.cpdMinutesDelivered,
        bookings: bookings.map(bookingView),
      };
    });
  }

  async find(caller: Caller, sessionId: string): Promise<SessionEntity> {
    const detail = `No session ${sessionId}`;
    const session = await this.dataSource.getRepository(SessionEntity).findOneBy({ sessionId });
    if (!session) throw recordNotFound(detail);
    await this.access.assertCanReadRecord(caller, session.hubId, detail);
    return session;
  }

  async listOfCourse(caller: Caller, courseId: string, query: SessionQuery): Promise<Page<SessionView>> {
    await this.courses.find(caller, courseId);
    const [sessions, total] = await this.dataSource.getRepository(SessionEntity).findAndCount({
      where: { courseId },
      order: { startsAt: 'ASC', sessionId: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    return pageOf(sessions.map(sessionView), total, query);
  }

  private audit(manager: EntityManager, caller: Caller, action: string, sessionId: string, changes: Record<string, unknown>): Promise<void> {
    return recordAudit(manager, {
      actor: caller.subject,
      actorRole: caller.role,
      action,
      entityType: 'session',
      entityId: sessionId,
      changes,
    });
  }
}

function planOf(input: SessionPlanDto): SessionPlan {
  return {
    startsAt: instantOfLondonWallTime(input.startsAt, 'startsAt'),
    endsAt: instantOfLondonWallTime(input.endsAt, 'endsAt'),
    capacity: input.capacity,
    venue: input.venue?.trim() || null,
    onlineLink: input.onlineLink ?? null,
  };
}
