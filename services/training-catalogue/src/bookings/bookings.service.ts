import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { In, type DataSource } from 'typeorm';
import { recordNotFound, type Caller } from '@traininghubs/auth';
import { OutboxWriter } from '@traininghubs/messaging';
import { recordAudit } from '@traininghubs/persistence';
import { pageOf, type Page } from '@traininghubs/runtime';
import type { Clock } from '../catalogue/clock';
import { bookingConfirmed } from '../events/catalogue-events';
import { LearnersService } from '../learners/learners.service';
import { SessionEntity } from '../sessions/session.entity';
import { SessionsService } from '../sessions/sessions.service';
import { CLOCK } from '../web/clock.provider';
import type { BookingQuery, BookingView, NewBookingDto } from './booking.dto';
import { BookingEntity } from './booking.entity';
import { bookingView } from './booking.view';
import { ACTIVE_BOOKING_STATUSES, assertBookingCancellable, placeBooking } from './booking.rules';
import { promoteWaitingList } from './waitlist-promotion';

@Injectable()
export class BookingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly sessions: SessionsService,
    private readonly learners: LearnersService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Books a place, or a waiting-list place when the session is full, under the session's row lock. */
  async book(caller: Caller, sessionId: string, input: NewBookingDto): Promise<BookingView> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      const { session, course } = await this.sessions.lockForChange(manager, caller, sessionId);
      const learner = await this.learners.learnerToBook(manager, caller, input.learnerId);
      const alreadyBooked = await manager.existsBy(BookingEntity, { sessionId, learnerId: learner.learnerId, status: In([...ACTIVE_BOOKING_STATUSES]) });
      const status = placeBooking(session, now, alreadyBooked);
      const booking = Object.assign(new BookingEntity(), {
        bookingId: randomUUID(),
        sessionId,
        learnerId: learner.learnerId,
        profession: learner.profession,
        employerOdsCode: learner.employerOdsCode,
        status,
        bookedAt: now,
        confirmedAt: status === 'confirmed' ? now : null,
        cancelledAt: null,
        attendanceRecordedAt: null,
      });
      await manager.insert(BookingEntity, booking);
      if (status === 'confirmed') {
        session.confirmedPlaces += 1;
        session.version += 1;
        session.updatedAt = now;
        await manager.update(SessionEntity, { sessionId }, { confirmedPlaces: session.confirmedPlaces, version: session.version, updatedAt: now });
        await this.outbox.append(manager, bookingConfirmed(session, course, booking, now));
      }
      await recordAudit(manager, {
        actor: caller.subject,
        actorRole: caller.role,
        action: `booking.${status}`,
        entityType: 'booking',
        entityId: booking.bookingId,
        changes: { sessionId, learnerId: learner.learnerId, status },
      });
      return bookingView(booking);
    });
  }

  /** Cancels a booking; a confirmed place it frees goes to the first on the waiting list. */
  async cancel(caller: Caller, sessionId: string, bookingId: string): Promise<BookingView> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      const { session, course } = await this.sessions.lockForChange(manager, caller, sessionId);
      const booking = await manager.findOneBy(BookingEntity, { bookingId, sessionId });
      if (!booking) throw recordNotFound(`No booking ${bookingId} on session ${sessionId}`);
      assertBookingCancellable(booking.status);
      const heldPlace = booking.status === 'confirmed';
      Object.assign(booking, { status: 'cancelled', cancelledAt: now });
      await manager.update(BookingEntity, { bookingId }, { status: 'cancelled', cancelledAt: now });
      if (heldPlace) {
        session.confirmedPlaces -= 1;
        session.version += 1;
        await promoteWaitingList(manager, this.outbox, session, course, now);
        session.updatedAt = now;
        await manager.save(session);
      }
      await recordAudit(manager, {
        actor: caller.subject,
        actorRole: caller.role,
        action: 'booking.cancelled',
        entityType: 'booking',
        entityId: bookingId,
        changes: { sessionId, heldPlace },
      });
      return bookingView(booking);
    });
  }

  async list(caller: Caller, sessionId: string, query: BookingQuery): Promise<Page<BookingView>> {
    await this.sessions.find(caller, sessionId);
    const [bookings, total] = await this.dataSource.getRepository(BookingEntity).findAndCount({
      where: query.status ? { sessionId, status: query.status } : { sessionId },
      order: { bookingSeq: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    return pageOf(bookings.map(bookingView), total, query);
  }
}
