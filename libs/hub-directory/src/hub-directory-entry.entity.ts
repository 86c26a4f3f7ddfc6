import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A service's own copy of who the Training Hubs are and where each sits (ICB, region), kept
 * from hub-registry's events. Services use it to check a caller's scope on their records without
 * calling hub-registry.
 */
@Entity({ name: 'hub_directory' })
export class HubDirectoryEntryEntity {
  @PrimaryColumn({ name: 'hub_id', type: 'uuid' })
  hubId!: string;

  @Column({ type: 'text' })
  name!: string;

  /** `ics` (one per ICB) or `locality` (beneath an ICS-level hub). */
  @Column({ type: 'text' })
  level!: 'ics' | 'locality';

  @Column({ name: 'parent_hub_id', type: 'uuid', nullable: true })
  parentHubId!: string | null;

  /** ODS code of the ICB the hub serves now (successor codes after a merger). */
  @Column({ name: 'icb_code', type: 'text' })
  icbCode!: string;

  @Column({ name: 'region_code', type: 'text' })
  regionCode!: string;

  @Column({ type: 'boolean' })
  active!: boolean;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
