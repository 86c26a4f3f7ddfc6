import { Injectable } from '@nestjs/common';
import { londonToday, financialYearOf, reportingPeriodOf } from './reporting-calendar';
import { mapSection, sectionOf, type CallOutcome, type Section } from './section';
import { ServiceClient, type OnBehalfOf } from './service-client';
import { recordUnavailable } from './upstream-problems';

/** The hub record as hub-registry answers it (with its contacts and coverage). */
export interface HubRecord {
  id: string;
  name: string;
  level: string;
  icbCode: string;
  regionCode: string;
  contacts?: unknown[];
  [field: string]: unknown;
}

interface Page<T> {
  items: T[];
  page: { total: number };
}

export interface UpcomingTraining {
  total: number;
  sessions: unknown[];
}

export interface HubOverview {
  hub: HubRecord;
  asOf: string;
  financialYear: string;
  reportingPeriod: string;
  /** True when every section came back; false when any is marked. */
  complete: boolean;
  sections: {
    upcomingTraining: Section<UpcomingTraining>;
    placementCapacity: Section;
    workforce: Section;
    kpis: Section;
  };
}

export interface OverviewOptions {
  /** The KPI reporting period; the current one when absent. */
  period?: string;
  /** How many upcoming sessions to show. */
  sessions: number;
}

/**
 * GET /api/v1/hubs/{hubId}/overview: the hub and its contacts (hub-registry), upcoming sessions
 * (training-catalogue), placement capacity and fill (placements), the workforce summary — latest
 * snapshot, recruits and leavers, retained GPs, ARRS plan against actual — (workforce-planning) and
 * the KPIs of the reporting period (kpi-reporting). Every call starts at once, beside the hub's own;
 * if the hub cannot be had the others are abandoned. Each service checks the caller's scope itself,
 * with the caller's own token.
 */
@Injectable()
export class HubOverviewReader {
  constructor(private readonly client: ServiceClient) {}

  async read(hubId: string, caller: OnBehalfOf, options: OverviewOptions, today = londonToday()): Promise<HubOverview> {
    const financialYear = financialYearOf(today);
    const reportingPeriod = options.period ?? reportingPeriodOf(today);
    const abandon = new AbortController();
    const call = (service: string, path: string) => this.client.get({ service, path, signal: abandon.signal }, caller);
    const id = encodeURIComponent(hubId);

    const hubCall = call('hub-registry', `/api/v1/hubs/${id}`);
    const training = call('training-catalogue', `/api/v1/sessions?${query({ hubId, limit: options.sessions })}`);
    const capacity = call('placements', `/api/v1/placement-capacity/summary?${query({ hubId, onOrAfter: today })}`);
    const workforce = call('workforce-planning', `/api/v1/workforce/summary?${query({ hubId })}`);
    const kpis = call('kpi-reporting', `/api/v1/kpis?${query({ scope: `hub:${hubId}`, period: reportingPeriod })}`);

    const hub = await hubCall;
    if (!isOk(hub)) {
      abandon.abort();
      await Promise.allSettled([training, capacity, workforce, kpis]);
      throw recordUnavailable('hub-registry', hub);
    }
    const record = hub.body as HubRecord;

    const sections = {
      upcomingTraining: mapSection(sectionOf<Page<unknown>>('training-catalogue', await training), (p) => ({ total: p.page.total, sessions: p.items })),
      placementCapacity: sectionOf('placements', await capacity),
      workforce: sectionOf('workforce-planning', await workforce),
      kpis: sectionOf('kpi-reporting', await kpis),
    };
    return { hub: record, asOf: today, financialYear, reportingPeriod, complete: Object.values(sections).every((s) => s.status === 'ok'), sections };
  }
}

export function isOk(outcome: CallOutcome): outcome is { kind: 'answered'; httpStatus: 200; body: unknown } {
  return outcome.kind === 'answered' && outcome.httpStatus >= 200 && outcome.httpStatus < 300;
}

export function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) search.set(key, String(value));
  return search.toString();
}
