import { Column, Entity, PrimaryColumn } from 'typeorm';
import { numberColumn } from '../catalogue/column-transformers';
import type { CourseDeliveryMode, CourseFormatName, KpiAreaName, ProfessionName, ProviderType } from '../catalogue/catalogue-vocabulary';

/** A piece of learning in a hub's catalogue. */
@Entity({ name: 'course' })
export class CourseEntity {
  @PrimaryColumn({ name: 'course_id', type: 'uuid' }) courseId!: string;
  @Column({ name: 'hub_id', type: 'uuid' }) hubId!: string;
  @Column({ type: 'text' }) title!: string;
  @Column({ type: 'text' }) description!: string;
  @Column({ type: 'text' }) format!: CourseFormatName;
  @Column({ name: 'kpi_area', type: 'text' }) kpiArea!: KpiAreaName;
  @Column({ name: 'target_professions', type: 'text', array: true }) targetProfessions!: ProfessionName[];
  @Column({ name: 'target_staff_groups', type: 'text', array: true }) targetStaffGroups!: string[];
  @Column({ name: 'target_arrs_roles', type: 'text', array: true }) targetArrsRoles!: string[];
  /** Who the course is for when it is not primary-care staff, e.g. "school staff". */
  @Column({ type: 'text', nullable: true }) audience!: string | null;
  @Column({ name: 'provider_name', type: 'text' }) providerName!: string;
  @Column({ name: 'provider_type', type: 'text' }) providerType!: ProviderType;
  @Column({ name: 'delivery_mode', type: 'text' }) deliveryMode!: CourseDeliveryMode;
  @Column({ name: 'accreditation_body', type: 'text', nullable: true }) accreditationBody!: string | null;
  @Column({ name: 'cpd_credits_per_hour', type: 'numeric', nullable: true, transformer: numberColumn }) cpdCreditsPerHour!: number | null;
  @Column({ name: 'funding_source', type: 'text' }) fundingSource!: string;
  @Column({ name: 'price_per_place_pence', type: 'bigint', transformer: numberColumn }) pricePerPlacePence!: number;
  @Column({ type: 'integer' }) version!: number;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
