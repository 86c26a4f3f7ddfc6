import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One counter of one Training Hub in one reporting period, kept by the projections. */
@Entity({ name: 'kpi_counter' })
export class KpiCounterEntity {
  @PrimaryColumn({ name: 'hub_id', type: 'uuid' })
  hubId!: string;

  @PrimaryColumn({ name: 'period_key', type: 'text' })
  periodKey!: string;

  @PrimaryColumn({ type: 'text' })
  counter!: string;

  @Column({ type: 'bigint' })
  value!: string;
}
