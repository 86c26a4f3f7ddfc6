import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An ICB merged into (or succeeded by) another from a day on. */
@Entity({ name: 'icb_succession' })
export class IcbSuccessionEntity {
  @PrimaryColumn({ name: 'predecessor_code', type: 'text' })
  predecessorCode!: string;

  @PrimaryColumn({ name: 'successor_code', type: 'text' })
  successorCode!: string;

  @Column({ name: 'effective_date', type: 'date' })
  effectiveDate!: string;
}
