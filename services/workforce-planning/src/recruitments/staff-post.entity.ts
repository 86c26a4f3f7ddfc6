import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A post held by one member of staff, known only by a pseudonymous staff id (no names). */
@Entity({ name: 'staff_post' })
export class StaffPostEntity {
  @PrimaryColumn({ name: 'staff_id', type: 'uuid' }) staffId!: string;
  @Column({ name: 'hub_id', type: 'uuid' }) hubId!: string;
  @Column({ name: 'icb_code', type: 'text' }) icbCode!: string;
  @Column({ name: 'staff_group', type: 'text' }) staffGroup!: string;
  @Column({ type: 'text' }) profession!: string;
  @Column({ name: 'gp_role', type: 'text', nullable: true }) gpRole!: string | null;
  @Column({ name: 'arrs_role', type: 'text', nullable: true }) arrsRole!: string | null;
  @Column({ type: 'text' }) route!: string;
  @Column({ name: 'practice_ods_code', type: 'text', nullable: true }) practiceOdsCode!: string | null;
  @Column({ name: 'pcn_ods_code', type: 'text' }) pcnOdsCode!: string;
  @Column({ name: 'started_on', type: 'date' }) startedOn!: string;
  @Column({ name: 'fte_hundredths', type: 'integer' }) fteHundredths!: number;
  @Column({ name: 'sessions_per_week', type: 'integer', nullable: true }) sessionsPerWeek!: number | null;
  @Column({ name: 'left_on', type: 'date', nullable: true }) leftOn!: string | null;
  @Column({ name: 'leaving_reason', type: 'text', nullable: true }) leavingReason!: string | null;
  @Column({ name: 'leaving_destination', type: 'text', nullable: true }) leavingDestination!: string | null;
  @Column({ type: 'integer' }) version!: number;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
