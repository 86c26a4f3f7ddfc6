import { Column, Entity, PrimaryColumn } from 'typeorm';
import { numberColumn } from '../catalogue/column-transformers';
import type { ProfessionName } from '../catalogue/catalogue-vocabulary';
import type { BookingStatus } from './booking.rules';

/** A learner's place (or waiting-list place) on a session. */
@Entity({ name: 'booking' })
export class BookingEntity {
  @PrimaryColumn({ name: 'booking_id', type: 'uuid' }) bookingId!: string;
  /** Order of booking: the waiting list is served in this order. */
  @Column({ name: 'booking_seq', type: 'bigint', insert: false, update: false, transformer: numberColumn }) bookingSeq!: number;
  @Column({ name: 'session_id', type: 'uuid' }) sessionId!: string;
  @Column({ name: 'learner_id', type: 'uuid' }) learnerId!: string;
  /** The learner's profession when they booked (what the delivery counts). */
  @Column({ type: 'text' }) profession!: ProfessionName;
  @Column({ name: 'employer_ods_code', type: 'text', nullable: true }) employerOdsCode!: string | null;
  @Column({ type: 'text' }) status!: BookingStatus;
  @Column({ name: 'booked_at', type: 'timestamptz' }) bookedAt!: Date;
  @Column({ name: 'confirmed_at', type: 'timestamptz', nullable: true }) confirmedAt!: Date | null;
  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true }) cancelledAt!: Date | null;
  @Column({ name: 'attendance_recorded_at', type: 'timestamptz', nullable: true }) attendanceRecordedAt!: Date | null;
}
