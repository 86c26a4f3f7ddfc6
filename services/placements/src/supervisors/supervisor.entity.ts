import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SupervisorApproval } from '../domain/supervisor/supervisor-fitness';

/** A supervisor or educator on a hub's register, with their approvals by role. */
@Entity({ name: 'supervisor' })
export class SupervisorEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'hub_id', type: 'uuid' }) hubId!: string;
  @Column({ name: 'learning_environment_id', type: 'uuid', nullable: true }) learningEnvironmentId!: string | null;
  @Column({ type: 'text' }) name!: string;
  /** GMC, NMC, HCPC or GPhC number, when given. */
  @Column({ name: 'professional_registration', type: 'text', nullable: true }) professionalRegistration!: string | null;
  @Column({ type: 'jsonb' }) approvals!: SupervisorApproval[];
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
