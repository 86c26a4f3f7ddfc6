import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { assertCanRead, recordNotFound, type Caller } from '@traininghubs/auth';
import { HubDirectory } from '@traininghubs/hub-directory';
import type { DataSource } from 'typeorm';
import { ArrsPlanEntity } from '../arrs-plans/arrs-plan.entity';
import { planVsActual } from '../domain/arrs/arrs-plan';
import { financialYearOf } from '../domain/workforce/financial-year';
import { STAFF_GROUP_CODES } from '../domain/snapshots/gpw-practice-file';
import { StaffPostEntity } from '../recruitments/staff-post.entity';
import type { WorkforceSummaryView } from './snapshot.dto';
import { SnapshotsService } from './snapshots.service';
import { IN_POST_ROUTE } from '../recruitments/recruitment.dto';

const hubNotFound = (hubId: string) => `No Training Hub ${hubId}`;

/**
 * One hub's workforce at a glance, for the gateway's hub overview: the latest month's snapshot
 * by staff group, recruits and leavers this financial year, GPs retained, ARRS plan against actual.
 */
@Injectable()
export class WorkforceSummaryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hubs: HubDirectory,
    private readonly snapshots: SnapshotsService,
  ) {}

  async summary(caller: Caller, hubId: string, today = new Date().toISOString().slice(0, 10)): Promise<WorkforceSummaryView> {
    const position = await this.hubs.positionOf(hubId);
    if (!position) throw recordNotFound(hubNotFound(hubId));
    assertCanRead(caller, position, { hideExistence: true, notFoundDetail: hubNotFound(hubId) });
    const year = financialYearOf(today);
    const [workforce, recruits, leavers, retained, arrs] = await Promise.all([
      this.snapshots.totals(caller, { hubId }),
      this.countByGroup('started_on', hubId, year.startsOn, year.endsOn),
      this.countByGroup('left_on', hubId, year.startsOn, year.endsOn),
      this.dataSource.query(
        `SELECT count(DISTINCT r.staff_id)::int AS retained FROM retention_intervention r JOIN staff_post s ON s.staff_id = r.staff_id
          WHERE r.hub_id = $1 AND r.status = 'retained' AND s.staff_group = 'GP' AND r.outcome_recorded_on BETWEEN $2 AND $3`,
        [hubId, year.startsOn, year.endsOn],
      ) as Promise<Array<{ retained: number }>>,
      this.arrs(hubId, year, today),
    ]);
    return { hubId, financialYear: year.code, workforce, recruits, leavers, retainedGps: retained[0]?.retained ?? 0, arrs };
  }

  private async countByGroup(column: 'started_on' | 'left_on', hubId: string, from: string, to: string): Promise<{ total: number; byStaffGroup: Record<string, number> }> {
    // staff recorded as already in post were not recruited: their first day counts for nothing here
    const notRecruited = column === 'started_on' ? ` AND route <> '${IN_POST_ROUTE}'` : '';
    const rows = (await this.dataSource.query(`SELECT staff_group, count(*)::int AS n FROM staff_post WHERE hub_id = $1 AND ${column} BETWEEN $2 AND $3${notRecruited} GROUP BY staff_group`, [
      hubId,
      from,
      to,
    ])) as Array<{ staff_group: string; n: number }>;
    const byStaffGroup = Object.fromEntries(STAFF_GROUP_CODES.map((g) => [g, rows.find((r) => r.staff_group === g)?.n ?? 0]));
    return { total: rows.reduce((sum, r) => sum + r.n, 0), byStaffGroup };
  }

  private async arrs(hubId: string, year: ReturnType<typeof financialYearOf>, today: string) {
    const plans = await this.dataSource
      .getRepository(ArrsPlanEntity)
      .createQueryBuilder('p')
      .where('p.hub_id = :hubId AND p.financial_year = :year', { hubId, year: year.code })
      .andWhere('p.revision = (SELECT max(q.revision) FROM arrs_plan q WHERE q.pcn_ods_code = p.pcn_ods_code AND q.financial_year = p.financial_year)')
      .getMany();
    const posts = await this.dataSource
      .getRepository(StaffPostEntity)
      .createQueryBuilder('s')
      .where('s.hub_id = :hubId AND s.arrs_role IS NOT NULL', { hubId })
      .andWhere('s.started_on <= :endsOn AND (s.left_on IS NULL OR s.left_on >= :startsOn)', year)
      .getMany();
    const rows = planVsActual(
      plans,
      posts.map((s) => ({ pcnOdsCode: s.pcnOdsCode, icbCode: s.icbCode, role: s.arrsRole ?? '', fteHundredths: s.fteHundredths, startedOn: s.startedOn, leftOn: s.leftOn })),
      year,
      'icb',
      today,
    );
    const planned = rows.reduce((sum, r) => sum + r.plannedFteHundredths, 0);
    const actual = rows.reduce((sum, r) => sum + r.actualFteHundredths, 0);
    return { plannedFteHundredths: planned, actualFteHundredths: actual, varianceFteHundredths: actual - planned };
  }
}
