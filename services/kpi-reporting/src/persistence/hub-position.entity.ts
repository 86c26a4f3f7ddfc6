import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Where a Training Hub sat (ICB, region) from a day on, as hub-registry announced it. */
@Entity({ name: 'hub_position' })
export class HubPositionEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  sequence!: string;

  @Column({ name: 'hub_id', type: 'uuid' })
  hubId!: string;

  @Column({ name: 'effective_from', type: 'date' })
  effectiveFrom!: string;

  @Column({ name: 'icb_code', type: 'text' })
  icbCode!: string;

  @Column({ name: 'region_code', type: 'text' })
  regionCode!: string;
}
