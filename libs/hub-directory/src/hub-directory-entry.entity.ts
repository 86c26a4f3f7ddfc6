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

  /** First day the hub operates (its activity counts from it); null when hub-registry did not say. */
  @Column({ name: 'active_from', type: 'date', nullable: true })
  activeFrom!: string | null;

  /** First day it no longer operates; null while it operates. */
  @Column({ name: 'active_until', type: 'date', nullable: true })
  activeUntil!: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** Where a hub sat from a day on (ICB and region), so records are judged by their own date's facts. */
@Entity({ name: 'hub_directory_footprint' })
export class HubDirectoryFootprintEntity {
  @PrimaryColumn({ name: 'hub_id', type: 'uuid' })
  hubId!: string;

  @PrimaryColumn({ name: 'effective_from', type: 'date' })
  effectiveFrom!: string;

  @Column({ name: 'icb_code', type: 'text' })
  icbCode!: string;

  @Column({ name: 'region_code', type: 'text' })
  regionCode!: string;
}
