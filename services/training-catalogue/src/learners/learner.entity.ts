import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ProfessionName } from '../catalogue/catalogue-vocabulary';

/**
 * A person who books training: a stable pseudonymous id (what events carry) and the minimal
 * contact details a hub needs to reach them. No special-category data.
 */
@Entity({ name: 'learner' })
export class LearnerEntity {
  @PrimaryColumn({ name: 'learner_id', type: 'uuid' }) learnerId!: string;
  @Column({ type: 'text' }) email!: string;
  @Column({ name: 'display_name', type: 'text' }) displayName!: string;
  @Column({ type: 'text' }) profession!: ProfessionName;
  @Column({ name: 'employer_ods_code', type: 'text', nullable: true }) employerOdsCode!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
