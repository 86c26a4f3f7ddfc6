import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ArrsPlanLine } from '../domain/arrs/arrs-plan';

/** One submission (revision) of a PCN's ARRS workforce plan for a financial year. */
@Entity({ name: 'arrs_plan' })
export class ArrsPlanEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'hub_id', type: 'uuid' }) hubId!: string;
  @Column({ name: 'pcn_ods_code', type: 'text' }) pcnOdsCode!: string;
  @Column({ name: 'icb_code', type: 'text' }) icbCode!: string;
  @Column({ name: 'financial_year', type: 'text' }) financialYear!: string;
  @Column({ type: 'integer' }) revision!: number;
  @Column({ type: 'jsonb' }) lines!: ArrsPlanLine[];
  @Column({ name: 'entitlement_pence', type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } }) entitlementPence!: number;
  @Column({ name: 'submitted_at', type: 'timestamptz' }) submittedAt!: Date;
}
