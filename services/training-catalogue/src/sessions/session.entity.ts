import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CancellationReason } from '../catalogue/catalogue-vocabulary';
import type { SessionPlan, SessionStatus } from './session.rules';

/** One dated session of a course, with its places. */
@Entity({ name: 'course_session' })
export class SessionEntity {
  @PrimaryColumn({ name: 'session_id', type: 'uuid' }) sessionId!: string;
  @Column({ name: 'course_id', type: 'uuid' }) courseId!: string;
  @Column({ name: 'hub_id', type: 'uuid' }) hubId!: string;
  @Column({ name: 'starts_at', type: 'timestamptz' }) startsAt!: Date;
  @Column({ name: 'ends_at', type: 'timestamptz' }) endsAt!: Date;
  @Column({ type: 'text', nullable: true }) venue!: string | null;
  @Column({ name: 'online_link', type: 'text', nullable: true }) onlineLink!: string | null;
  @Column({ type: 'integer' }) capacity!: number;
  @Column({ name: 'confirmed_places', type: 'integer' }) confirmedPlaces!: number;
  @Column({ type: 'text' }) status!: SessionStatus;
  @Column({ name: 'cancellation_reason', type: 'text', nullable: true }) cancellationReason!: CancellationReason | null;
  @Column({ name: 'replacement_session_id', type: 'uuid', nullable: true }) replacementSessionId!: string | null;
  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true }) deliveredAt!: Date | null;
  @Column({ type: 'integer' }) version!: number;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

/** A new session of a course as it is first saved: scheduled, with no place taken yet. */
export function newSession(course: { courseId: string; hubId: string }, plan: SessionPlan, now: Date, sessionId: string): SessionEntity {
  return Object.assign(new SessionEntity(), {
    sessionId,
    courseId: course.courseId,
    hubId: course.hubId,
    startsAt: plan.startsAt,
    endsAt: plan.endsAt,
    capacity: plan.capacity,
    venue: plan.venue ?? null,
    onlineLink: plan.onlineLink ?? null,
    confirmedPlaces: 0,
    status: 'scheduled',
    cancellationReason: null,
    replacementSessionId: null,
    deliveredAt: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
  });
}
