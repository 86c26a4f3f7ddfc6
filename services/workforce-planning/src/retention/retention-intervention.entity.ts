import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { InterventionStatus } from '../domain/retention/retention-rule';

/** Support a hub gives one member of staff (by pseudonymous id) to stay in general practice. */
@Entity({ name: 'retention_intervention' })
export class RetentionInterventionEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'hub_id', type: 'uuid' }) hubId!: string;
  @Column({ name: 'staff_id', type: 'uuid' }) staffId!: string;
  @Column({ type: 'text' }) intervention!: string;
  @Column({ name: 'fellowship_programme', type: 'text', nullable: true }) fellowshipProgramme!: string | null;
  @Column({ name: 'started_on', type: 'date' }) startedOn!: string;
  @Column({ name: 'review_due_on', type: 'date' }) reviewDueOn!: string;
  @Column({ name: 'sessions_per_week_before', type: 'integer' }) sessionsPerWeekBefore!: number;
  @Column({ type: 'text' }) status!: InterventionStatus;
  @Column({ type: 'text', nullable: true }) outcome!: string | null;
  @Column({ name: 'outcome_recorded_on', type: 'date', nullable: true }) outcomeRecordedOn!: string | null;
  @Column({ name: 'sessions_per_week_after', type: 'integer', nullable: true }) sessionsPerWeekAfter!: number | null;
  @Column({ name: 'practice_ods_code_after', type: 'text', nullable: true }) practiceOdsCodeAfter!: string | null;
  @Column({ type: 'integer' }) version!: number;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
