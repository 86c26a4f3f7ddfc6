import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { assertCanRead, canRead, recordNotFound, type Caller, type HierarchyPosition } from '@traininghubs/auth';
import { HubDirectory } from '@traininghubs/hub-directory';
import type { KpiCounters } from '../domain/kpi/kpi-counters';
import { computeKpis } from '../domain/kpi/kpi-definitions';
import { compareWithMedians } from '../domain/kpi/kpi-comparison';
import {
  formatRollUpScope,
  hubsOfScope,
  InvalidRollUpScope,
  parseRollUpScope,
  positionsOn,
  type HubPositionChange,
  type IcbSuccession,
  type RollUpScope,
} from '../domain/hierarchy/organisation-hierarchy';
import { InvalidReportingPeriod, londonDateOf, parseReportingPeriod, type ReportingPeriod } from '@traininghubs/calendar';
import { invalidQuery } from '../problems';
import { countersByHub, countersOfHubs } from './hub-counters.query';
import type { KpiComparisonView, KpiReportView } from './kpi.dto';


/** KPIs of a hub or a roll-up for a reporting period, from the projections. */
@Injectable()
export class KpiQueries {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hubs: HubDirectory,
  ) {}

  async report(caller: Caller, scopeText: string, periodKey: string): Promise<KpiReportView> {
    const { scope, period } = this.parse(scopeText, periodKey);
    const changes = await this.positionChanges();
    const successions = await this.successions();
    const hubIds = hubsOfScope(scope, changes, successions, period.end, londonDateOf(new Date()));
    await this.assertMayRead(caller, scope, changes, period, hubIds);
    const counters = await this.countersOf(hubIds, period);
    return { scope: formatRollUpScope(scope), period: { ...period }, hubIds, kpis: computeKpis(counters), counters };
  }

  /** A hub's KPIs for a period beside the medians of its region's hubs and of every hub (positions at the period end). */
  async comparison(caller: Caller, hubIdText: string, periodKey: string): Promise<KpiComparisonView> {
    const { scope, period } = this.parse(`hub:${hubIdText}`, periodKey);
    const hubId = (scope as { kind: 'hub'; hubId: string }).hubId;
    const changes = await this.positionChanges();
    const successions = await this.successions();
    const today = londonDateOf(new Date());
    const hubIds = hubsOfScope(scope, changes, successions, period.end, today);
    await this.assertMayRead(caller, scope, changes, period, hubIds);
    if (hubIds.length === 0) throw recordNotFound(`No Training Hub ${hubId} is known to KPI reporting`);
    const regionCode = positionsOn(changes, period.end).get(hubId)?.regionCode ?? '';
    const nationalHubs = hubsOfScope({ kind: 'national' }, changes, successions, period.end, today);
    const regionHubs = hubsOfScope({ kind: 'region', code: regionCode }, changes, successions, period.end, today);
    const byHub = await countersByHub(this.dataSource, nationalHubs, period);
    const countersOf = (ids: string[]) => ids.map((id) => byHub.get(id) as KpiCounters);
    return {
      hubId,
      period: { ...period },
      regionCode,
      regionHubCount: regionHubs.length,
      nationalHubCount: nationalHubs.length,
      kpis: compareWithMedians(byHub.get(hubId) as KpiCounters, countersOf(regionHubs), countersOf(nationalHubs)),
    };
  }

  private parse(scopeText: string, periodKey: string): { scope: RollUpScope; period: ReportingPeriod } {
    try {
      return { scope: parseRollUpScope(scopeText), period: parseReportingPeriod(periodKey) };
    } catch (error) {
      if (error instanceof InvalidRollUpScope || error instanceof InvalidReportingPeriod) {
        throw invalidQuery(error);
      }
      throw error;
    }
  }

  /** Callers read the roll-ups their scope covers; a hub outside it is not found (its existence is hidden). */
  private async assertMayRead(caller: Caller, scope: RollUpScope, changes: HubPositionChange[], period: ReportingPeriod, hubIds: string[]): Promise<void> {
    const atPeriodEnd = positionsOn(changes, period.end);
    switch (scope.kind) {
      case 'hub': {
        const notFoundDetail = `No Training Hub ${scope.hubId} is known to KPI reporting`;
        const then: HierarchyPosition = atPeriodEnd.get(scope.hubId) ?? { hubId: scope.hubId };
        const now: HierarchyPosition = (await this.hubs.positionOf(scope.hubId)) ?? then;
        // an ICB that took the hub over by a merger also reads its history
        if (hubIds.length > 0 && (canRead(caller, then) || canRead(caller, now))) return;
        assertCanRead(caller, hubIds.length > 0 ? then : { hubId: scope.hubId }, { hideExistence: true, notFoundDetail });
        return;
      }
      case 'icb': {
        const regionCode = hubIds.map((id) => atPeriodEnd.get(id)?.regionCode).find((code) => code !== undefined);
        assertCanRead(caller, { icbCode: scope.code, regionCode });
        return;
      }
      case 'region':
        assertCanRead(caller, { regionCode: scope.code });
        return;
      case 'national':
        assertCanRead(caller, {});
    }
  }

  private async positionChanges(): Promise<HubPositionChange[]> {
    const rows: { hub_id: string; effective_from: string; icb_code: string; region_code: string; sequence: string }[] = await this.dataSource.query(
      `SELECT hub_id, to_char(effective_from, 'YYYY-MM-DD') AS effective_from, icb_code, region_code, sequence FROM hub_position`,
    );
    return rows.map((r) => ({ hubId: r.hub_id, effectiveFrom: r.effective_from, icbCode: r.icb_code, regionCode: r.region_code, sequence: Number(r.sequence) }));
  }

  private async successions(): Promise<IcbSuccession[]> {
    const rows: { predecessor_code: string; successor_code: string; effective_date: string }[] = await this.dataSource.query(
      `SELECT predecessor_code, successor_code, to_char(effective_date, 'YYYY-MM-DD') AS effective_date FROM icb_succession`,
    );
    return rows.map((r) => ({ predecessorCode: r.predecessor_code, successorCode: r.successor_code, effectiveDate: r.effective_date }));
  }

  /** The hubs' counters in the period added together, with the ARRS plans in force at its end. */
  countersOf(hubIds: string[], period: ReportingPeriod): Promise<KpiCounters> {
    return countersOfHubs(this.dataSource, hubIds, period);
  }
}
