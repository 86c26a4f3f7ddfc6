import { Injectable, UnprocessableEntityException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Caller } from '@traininghubs/auth';
import { HubScope } from '@traininghubs/hub-directory';
import { pageOf, type Page } from '@traininghubs/runtime';
import type { DataSource, SelectQueryBuilder } from 'typeorm';
import { STAFF_GROUP_CODES, type StaffGroupCode } from '../domain/snapshots/gpw-practice-file';
import { monthEndOfMonth } from '../domain/snapshots/month-end';
import type { RoleFigureView, SnapshotFilter, SnapshotQuery, SnapshotTotalsView, SnapshotView, StaffGroupFigureView } from './snapshot.dto';

const GROUP_COLUMN: Record<StaffGroupCode, string> = { GP: 'gp', NURSE: 'nurse', DIRECT_PATIENT_CARE: 'dpc', ADMIN_NON_CLINICAL: 'admin' };
const SUMS = STAFF_GROUP_CODES.map((g) => `sum(s.${GROUP_COLUMN[g]}_headcount)::int AS "${g}_hc", sum(s.${GROUP_COLUMN[g]}_fte_hundredths)::int AS "${g}_fte"`).join(', ');
const LEVEL_COLUMN = { practice: 's.practice_ods_code', pcn: 's.pcn_ods_code', icb: 's.icb_code' } as const;

type Row = Record<string, string | number | null>;

/** Reads of the workforce snapshots, always within the caller's scope. */
@Injectable()
export class SnapshotsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scope: HubScope,
  ) {}

  /** Snapshots of practices, or of PCNs or ICBs (their practices summed), for a month. */
  async list(caller: Caller, query: SnapshotQuery): Promise<Page<SnapshotView>> {
    const snapshotDate = await this.snapshotDate(caller, query);
    if (!snapshotDate) return pageOf([], 0, query);
    const code = LEVEL_COLUMN[query.level];
    const grouped = this.filtered(caller, query, snapshotDate);
    const base = grouped
      .select(`${code}`, 'code')
      .addSelect('min(s.practice_name)', 'practice_name')
      .addSelect(query.level === 'icb' ? 'NULL' : 'min(s.pcn_ods_code)', 'pcn')
      .addSelect('min(s.icb_code)', 'icb')
      .addSelect('CASE WHEN count(DISTINCT s.hub_id) = 1 THEN min(s.hub_id::text) END', 'hub_id')
      .addSelect('count(*)::int', 'practices')
      .addSelect(SUMS)
      .groupBy(code)
      .orderBy(code);
    const [rows, [{ total }]] = await Promise.all([
      base.clone().offset(query.offset).limit(query.limit).getRawMany<Row>(),
      this.dataSource
        .createQueryBuilder()
        .select('count(*)::int', 'total')
        .from(`(${grouped.clone().select(code, 'code').groupBy(code).getQuery()})`, 'g')
        .setParameters(grouped.getParameters())
        .getRawMany<{ total: number }>(),
    ]);
    const roles = await this.roles(caller, query, snapshotDate, rows.map((r) => String(r.code)));
    const items = rows.map(
      (r): SnapshotView => ({
        level: query.level,
        odsCode: String(r.code),
        snapshotDate,
        practiceName: query.level === 'practice' ? (r.practice_name as string | null) : null,
        pcnOdsCode: (r.pcn as string | null) ?? null,
        icbCode: String(r.icb),
        hubId: (r.hub_id as string | null) ?? null,
        practiceCount: Number(r.practices),
        staffGroups: groupsOf(r),
        roles: roles.get(String(r.code)) ?? [],
      }),
    );
    return pageOf(items, total, query);
  }

  /** Totals by staff group over the practices in scope (and the filters) for a month. */
  async totals(caller: Caller, filter: SnapshotFilter): Promise<SnapshotTotalsView> {
    const snapshotDate = await this.snapshotDate(caller, filter);
    if (!snapshotDate) return { snapshotDate: null, practiceCount: 0, staffGroups: groupsOf({}) };
    const [row] = await this.filtered(caller, filter, snapshotDate).select('count(*)::int', 'practices').addSelect(SUMS).getRawMany<Row>();
    return { snapshotDate, practiceCount: Number(row?.practices ?? 0), staffGroups: groupsOf(row ?? {}) };
  }

  /** The month asked for, or the latest month with figures in the caller's scope. */
  private async snapshotDate(caller: Caller, filter: SnapshotFilter): Promise<string | null> {
    if (filter.month) {
      const date = monthEndOfMonth(filter.month);
      if (!date) throw new UnprocessableEntityException({ type: 'https://traininghubs.nhs.uk/problems/workforce-planning/invalid-month', title: 'Not a month', detail: `${filter.month} is not a month (YYYY-MM).`, code: 'invalid-month' });
      return date;
    }
    const [latest] = await this.filtered(caller, filter, null).select("to_char(max(s.snapshot_date), 'YYYY-MM-DD')", 'latest').getRawMany<{ latest: string | null }>();
    return latest?.latest ?? null;
  }

  private filtered(caller: Caller, filter: SnapshotFilter, snapshotDate: string | null): SelectQueryBuilder<Row> {
    const query = this.scope.restrict(this.dataSource.createQueryBuilder().from('practice_workforce_snapshot', 's'), caller, 's');
    if (snapshotDate) query.andWhere('s.snapshot_date = :snapshotDate', { snapshotDate });
    if (filter.hubId) query.andWhere('s.hub_id = :hubId', { hubId: filter.hubId });
    if (filter.icbCode) query.andWhere('s.icb_code = :icbCode', { icbCode: filter.icbCode });
    if (filter.pcnOdsCode) query.andWhere('s.pcn_ods_code = :pcnOdsCode', { pcnOdsCode: filter.pcnOdsCode });
    if (filter.practiceOdsCode) query.andWhere('s.practice_ods_code = :practiceOdsCode', { practiceOdsCode: filter.practiceOdsCode });
    return query;
  }

  private async roles(caller: Caller, query: SnapshotQuery, snapshotDate: string, codes: string[]): Promise<Map<string, RoleFigureView[]>> {
    const found = new Map<string, RoleFigureView[]>();
    if (codes.length === 0) return found;
    const code = LEVEL_COLUMN[query.level];
    const rows = await this.filtered(caller, query, snapshotDate)
      .innerJoin('practice_workforce_role', 'r', 'r.snapshot_date = s.snapshot_date AND r.practice_ods_code = s.practice_ods_code')
      .andWhere(`${code} IN (:...codes)`, { codes })
      .select(code, 'code')
      .addSelect('r.role_code', 'role_code')
      .addSelect('min(r.staff_group)', 'staff_group')
      .addSelect('sum(r.headcount)::int', 'headcount')
      .addSelect('sum(r.fte_hundredths)::int', 'fte')
      .groupBy(code)
      .addGroupBy('r.role_code')
      .orderBy('r.role_code')
      .getRawMany<Row>();
    for (const r of rows) {
      const list = found.get(String(r.code)) ?? [];
      list.push({ roleCode: String(r.role_code), staffGroup: String(r.staff_group), headcount: Number(r.headcount), fteHundredths: Number(r.fte) });
      found.set(String(r.code), list);
    }
    return found;
  }
}

export function groupsOf(row: Row): StaffGroupFigureView[] {
  return STAFF_GROUP_CODES.map((staffGroup) => {
    const fteHundredths = Number(row[`${staffGroup}_fte`] ?? 0);
    return { staffGroup, headcount: Number(row[`${staffGroup}_hc`] ?? 0), fteHundredths, fte: fteHundredths / 100 };
  });
}
