import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One ARRS role for the dates the scheme covers it (reference data). */
@Entity({ name: 'arrs_role' })
export class ArrsRoleEntity {
  @PrimaryColumn({ type: 'text' }) code!: string;
  @PrimaryColumn({ name: 'valid_from', type: 'date' }) validFrom!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ name: 'valid_to', type: 'date', nullable: true }) validTo!: string | null;
  @Column({ name: 'afc_band_cap', type: 'text', nullable: true }) afcBandCap!: string | null;
  @Column({ name: 'max_reimbursement_pence_by_year', type: 'jsonb' }) maxReimbursementPenceByYear!: Record<string, number>;
}
