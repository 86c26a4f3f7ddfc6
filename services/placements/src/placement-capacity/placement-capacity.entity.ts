import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { LearnerType } from '../domain/learner-type';

/** Places a learning environment declared for one learner type in one period. */
@Entity({ name: 'placement_capacity' })
export class PlacementCapacityEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'hub_id', type: 'uuid' }) hubId!: string;
  @Column({ name: 'learning_environment_id', type: 'uuid' }) learningEnvironmentId!: string;
  @Column({ name: 'learner_type', type: 'text' }) learnerType!: LearnerType;
  @Column({ type: 'text' }) period!: string;
  @Column({ name: 'starts_on', type: 'date' }) startsOn!: string;
  @Column({ name: 'ends_on', type: 'date' }) endsOn!: string;
  @Column({ type: 'integer' }) places!: number;
  @Column({ name: 'places_filled', type: 'integer' }) placesFilled!: number;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
