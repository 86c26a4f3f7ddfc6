import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ProfessionName } from '../catalogue/catalogue-vocabulary';

/**
 * A person who books training, as one hub registered them: a stable pseudonymous id (what events
 * carry) and the minimal contact details the hub needs to reach them. No special-category data.
 * The record belongs to its hub: only callers whose scope covers that hub find, read or change it.
 */
@Entity({ name: 'learner' })
export class LearnerEntity {
  @PrimaryColumn({ name: 'learner_id', type: 'uuid' }) learnerId!: string;
  /** The hub that registered the learner; null only for records older than learners having a hub (national only). */
  @Column({ name: 'hub_id', type: 'uuid', nullable: true }) hubId!: string | null;
  @Column({ type: 'text' }) email!: string;
  @Column({ name: 'display_name', type: 'text' }) displayName!: string;
  @Column({ type: 'text' }) profession!: ProfessionName;
  @Column({ name: 'employer_ods_code', type: 'text', nullable: true }) employerOdsCode!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
