import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { LearnerType } from '../domain/learner-type';
import type { LearningEnvironmentStatus } from '../domain/learning-environment/learning-environment-approval';

export const ENVIRONMENT_ORGANISATION_TYPES = ['GP_PRACTICE', 'BRANCH_SURGERY', 'PCN'] as const;
export type EnvironmentOrganisationType = (typeof ENVIRONMENT_ORGANISATION_TYPES)[number];

/** A practice, branch or PCN site approved by its Training Hub to host learners. */
@Entity({ name: 'learning_environment' })
export class LearningEnvironmentEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'hub_id', type: 'uuid' }) hubId!: string;
  @Column({ name: 'ods_code', type: 'text' }) odsCode!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ name: 'organisation_type', type: 'text' }) organisationType!: EnvironmentOrganisationType;
  @Column({ name: 'pcn_ods_code', type: 'text', nullable: true }) pcnOdsCode!: string | null;
  /** For a spoke in a hub-and-spoke network: the lead learning environment. */
  @Column({ name: 'lead_learning_environment_id', type: 'uuid', nullable: true }) leadLearningEnvironmentId!: string | null;
  @Column({ name: 'learner_types', type: 'text', array: true }) learnerTypes!: LearnerType[];
  @Column({ name: 'approved_from', type: 'date' }) approvedFrom!: string;
  @Column({ name: 'review_due_by', type: 'date' }) reviewDueBy!: string;
  @Column({ type: 'text' }) status!: LearningEnvironmentStatus;
  @Column({ name: 'placement_administrator', type: 'text' }) placementAdministrator!: string;
  @Column({ name: 'educational_lead', type: 'text' }) educationalLead!: string;
  @Column({ type: 'integer' }) version!: number;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
