import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One submitted revision of a PCN's ARRS plan for a financial year, in-post and planned FTE totals. */
@Entity({ name: 'arrs_plan_revision' })
export class ArrsPlanRevisionEntity {
  @PrimaryColumn({ name: 'plan_id', type: 'text' })
  planId!: string;

  @PrimaryColumn({ type: 'int' })
  revision!: number;

  @Column({ name: 'hub_id', type: 'uuid' })
  hubId!: string;

  @Column({ name: 'pcn_ods_code', type: 'text' })
  pcnOdsCode!: string;

  @Column({ name: 'financial_year', type: 'text' })
  financialYear!: string;

  @Column({ name: 'submitted_on', type: 'date' })
  submittedOn!: string;

  @Column({ name: 'in_post_fte_hundredths', type: 'bigint' })
  inPostFteHundredths!: string;

  @Column({ name: 'planned_fte_hundredths', type: 'bigint' })
  plannedFteHundredths!: string;
}
