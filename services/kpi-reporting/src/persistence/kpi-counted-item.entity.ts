import { Entity, PrimaryColumn } from 'typeorm';

/** A thing already counted by a distinct counter (a course delivered) for a hub in a period. */
@Entity({ name: 'kpi_counted_item' })
export class KpiCountedItemEntity {
  @PrimaryColumn({ name: 'hub_id', type: 'uuid' })
  hubId!: string;

  @PrimaryColumn({ name: 'period_key', type: 'text' })
  periodKey!: string;

  @PrimaryColumn({ type: 'text' })
  counter!: string;

  @PrimaryColumn({ name: 'item_key', type: 'text' })
  itemKey!: string;
}
