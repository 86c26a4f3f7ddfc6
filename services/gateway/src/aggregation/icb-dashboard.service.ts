import { Injectable } from '@nestjs/common';
import { assertCanRead, recordNotFound, type Caller } from '@traininghubs/auth';
import { isOk, query, type UpcomingTraining } from './hub-overview.service';
import { financialYearOf, londonToday, reportingPeriodOf } from './reporting-calendar';
import { mapSection, sectionOf, type Section } from './section';
import { ServiceClient, type OnBehalfOf } from './service-client';
import { recordUnavailable } from './upstream-problems';

/** The ICB as hub-registry's organisation record answers it. */
export interface IcbRecord {
  odsCode: string;
  name: string;
  type: string;
  regionCode: string | null;
  [field: string]: unknown;
}

interface Page<T> {
  items: T[];
  page: { total: number };
}

export interface IcbDashboard {
  icb: IcbRecord;
  asOf: string;
  financialYear: string;
  reportingPeriod: string;
  complete: boolean;
  sections: {
    hubs: Section<{ total: number; items: unknown[] }>;
    upcomingTraining: Section<UpcomingTraining>;
    placementCapacity: Section;
    workforce: Section<{ financialYear: string; arrsPlanVsActualByPcn: unknown[] }>;
    kpis: Section;
  };
}

/**
 * GET /api/v1/icbs/{code}/dashboard: the ICB (hub-registry's reference data, open to every
 * caller) and, for callers whose scope covers it, its hubs, upcoming sessions, placement capacity,
 * ARRS plan against actual by PCN and the ICB's KPIs, each from its service in parallel.
 * An ICB is no secret, so a caller outside its scope gets 403 before any service is asked.
 */
@Injectable()
export class IcbDashboardReader {
  constructor(private readonly client: ServiceClient) {}

  async read(code: string, caller: Caller, onBehalfOf: OnBehalfOf, options: { period?: string; sessions: number }, today = londonToday()): Promise<IcbDashboard> {
    const financialYear = financialYearOf(today);
    const reportingPeriod = options.period ?? reportingPeriodOf(today);
    const call = (service: string, path: string) => this.client.get({ service, path }, onBehalfOf);

    const icb = await call('hub-registry', `/api/v1/organisations/${encodeURIComponent(code)}`);
    if (!isOk(icb)) throw recordUnavailable('hub-registry', icb);
    const record = icb.body as IcbRecord;
    if (record.type !== 'icb') throw recordNotFound(`No ICB ${code}`);
    assertCanRead(caller, { icbCode: code, regionCode: record.regionCode ?? undefined });

    const [hubs, training, capacity, workforce, kpis] = await Promise.all([
      call('hub-registry', `/api/v1/hubs?${query({ icb: code, limit: 200 })}`),
      call('training-catalogue', `/api/v1/sessions?${query({ icbCode: code, limit: options.sessions })}`),
      call('placements', `/api/v1/placement-capacity/summary?${query({ icbCode: code, onOrAfter: today })}`),
      call('workforce-planning', `/api/v1/workforce/arrs-plans/plan-vs-actual?${query({ financialYear, icbCode: code, by: 'pcn', limit: 200 })}`),
      call('kpi-reporting', `/api/v1/kpis?${query({ scope: `icb:${code}`, period: reportingPeriod })}`),
    ]);
    const sections = {
      hubs: mapSection(sectionOf<Page<unknown>>('hub-registry', hubs), (p) => ({ total: p.page.total, items: p.items })),
      upcomingTraining: mapSection(sectionOf<Page<unknown>>('training-catalogue', training), (p) => ({ total: p.page.total, sessions: p.items })),
      placementCapacity: sectionOf('placements', capacity),
      workforce: mapSection(sectionOf<Page<unknown>>('workforce-planning', workforce), (p) => ({ financialYear, arrsPlanVsActualByPcn: p.items })),
      kpis: sectionOf('kpi-reporting', kpis),
    };
    return { icb: record, asOf: today, financialYear, reportingPeriod, complete: Object.values(sections).every((s) => s.status === 'ok'), sections };
  }
}
