import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { LearnerType } from '../domain/learner-type';
import type { PlacementState } from '../domain/placement/placement-lifecycle';

export const CANCELLATION_REASONS = [
  'NOT_FILLED',
  'LEARNER_WITHDREW',
  'EDUCATION_PROVIDER_WITHDREW',
  'LEARNING_ENVIRONMENT_WITHDREW',
  'NO_SUPERVISOR',
  'APPROVAL_LAPSED',
  'OTHER',
] as const;
export type CancellationReason = (typeof CANCELLATION_REASONS)[number];

/** One placement of one learner type at a learning environment, through its lifecycle. */
@Entity({ name: 'placement' })
export class PlacementEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'hub_id', type: 'uuid' }) hubId!: string;
  @Column({ name: 'learning_environment_id', type: 'uuid' }) learningEnvironmentId!: string;
  @Column({ name: 'placement_capacity_id', type: 'uuid' }) placementCapacityId!: string;
  @Column({ name: 'learner_type', type: 'text' }) learnerType!: LearnerType;
  @Column({ type: 'text' }) state!: PlacementState;
  @Column({ name: 'start_date', type: 'date' }) startDate!: string;
  @Column({ name: 'end_date', type: 'date' }) endDate!: string;
  @Column({ name: 'wte_hundredths', type: 'integer' }) wteHundredths!: number;
  @Column({ name: 'sessions_per_week', type: 'integer' }) sessionsPerWeek!: number;
  @Column({ name: 'education_provider_code', type: 'text' }) educationProviderCode!: string;
  /** Pseudonymous id of the learner: never a name or registration number. */
  @Column({ name: 'learner_id', type: 'text', nullable: true }) learnerId!: string | null;
  @Column({ name: 'supervisor_ids', type: 'uuid', array: true }) supervisorIds!: string[];
  @Column({ name: 'cancellation_reason', type: 'text', nullable: true }) cancellationReason!: CancellationReason | null;
  @Column({ name: 'cancellation_note', type: 'text', nullable: true }) cancellationNote!: string | null;
  @Column({ name: 'last_day_on_placement', type: 'date', nullable: true }) lastDayOnPlacement!: string | null;
  /** The London day the offer was made (when it happened; `created_at` is when it was recorded). */
  @Column({ name: 'offered_on', type: 'date', nullable: true }) offeredOn!: string | null;
  /** The London day the learner was placed; null until filled, and for fills recorded before it was kept. */
  @Column({ name: 'filled_on', type: 'date', nullable: true }) filledOn!: string | null;
  @Column({ type: 'integer' }) version!: number;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
