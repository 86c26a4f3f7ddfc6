import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import {
  ArrsRole,
  encodeEvent,
  eventDefinition,
  FellowshipProgramme,
  GpRole,
  HubLevel,
  KpiArea,
  localDateFromIso,
  Profession,
  RecruitmentRoute,
  RetentionIntervention,
  RetentionOutcome,
  type EventInit,
  type EventType,
} from '@traininghubs/contracts';
import { encodeEnvelope } from '@traininghubs/messaging';

/**
 * A realistic national dataset of Training Hub activity, generated deterministically from a seed:
 * one ICS-level hub per ICB of the 2022–2026 ICB list, some locality hubs, and several financial
 * years of the events the KPIs are computed from (sessions delivered, placements offered, filled
 * and completed, learning environments approved, GPs recruited and retained, fellowship
 * enrolments, ARRS plans). Event ids are derived from the seed too, so publishing the same
 * dataset twice changes nothing (consumers drop duplicates by ce_source + ce_id).
 */
const ICB_FILE = 'tools/demo/data/icbs-2022-2026.csv';

/** The ICB list kept with the tool (a copy of the 2022–2026 ICB reference), found from the source or the build output. */
export function defaultIcbFile(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, ICB_FILE))) return join(dir, ICB_FILE);
  }
  throw new Error(`${ICB_FILE} not found above ${__dirname}`);
}

export interface IcbRecord {
  regionCode: string;
  regionName: string;
  icbCode: string;
  icbName: string;
}

export interface DemoHub {
  hubId: string;
  name: string;
  level: 'ics' | 'locality';
  icbCode: string;
  icbName: string;
  regionCode: string;
  /** Relative size of the hub's activity (1 = average ICS hub). */
  size: number;
  pcnCodes: string[];
  practiceCodes: string[];
}

export interface DemoEvent {
  /** Logical topic (the deployment's prefix is added when publishing). */
  topic: string;
  key: string;
  type: EventType;
  /** ce_id, derived from the seed. */
  id: string;
  /** ce_source: the service that owns the topic. */
  source: string;
  /** ce_time: when it happened. */
  time: Date;
  init: object;
}

export interface EncodedRecord {
  topic: string;
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}

export interface NationalDatasetOptions {
  seed: number;
  /** First financial year (its 1 April), e.g. 2022 for 2022/23. */
  firstYear?: number;
  /** Number of financial years. */
  years?: number;
  /** Average activity events per ICS-level hub per month (sessions, placements, people). */
  eventsPerHubMonth?: number;
  /** Locality hubs per ICB are drawn from 0..this. */
  maxLocalityHubsPerIcb?: number;
  icbs?: IcbRecord[];
}

export interface NationalDataset {
  hubs: DemoHub[];
  /** Every event in order of ce_time (ties in generation order). */
  events: DemoEvent[];
}

/** Mulberry32: a small, fast, seedable generator; the same seed gives the same sequence everywhere. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Draw {
  constructor(private readonly random: () => number) {}
  next(): number {
    return this.random();
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }
  chance(p: number): boolean {
    return this.random() < p;
  }
  /** A Poisson count with the given mean (Knuth for small means, normal approximation above 30). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.gaussian()));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = 1;
    do {
      k += 1;
      p *= this.random();
    } while (p > limit);
    return k - 1;
  }
  gaussian(): number {
    const u = Math.max(this.random(), Number.EPSILON);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.random());
  }
  /** A version-4-shaped uuid from the generator (not random in the cryptographic sense: reproducible). */
  uuid(): string {
    const hex = Array.from({ length: 32 }, () => Math.floor(this.random() * 16).toString(16));
    hex[12] = '4';
    hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
    const s = hex.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }
  odsCode(prefix: string, digits: number): string {
    return prefix + String(this.int(0, 10 ** digits - 1)).padStart(digits, '0');
  }
}

export function readIcbs(file = defaultIcbFile()): IcbRecord[] {
  const rows: Record<string, string>[] = parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true, trim: true });
  return rows.map((r) => ({ regionCode: r.nhse_region_code, regionName: r.nhse_region_name, icbCode: r.icb_ods_code, icbName: r.icb_name }));
}

const LOCALITY_NAMES = ['North', 'South', 'East', 'West', 'Central', 'City', 'Coastal', 'Rural'];

/** How an activity event type is weighted within a hub's month. */
const ACTIVITY_MIX: ReadonlyArray<[activity: 'session' | 'placement' | 'environment' | 'recruited' | 'retained' | 'fellowship', weight: number]> = [
  ['session', 0.5],
  ['placement', 0.14], // offered, then usually filled and completed: about 2.5 events each
  ['environment', 0.03],
  ['recruited', 0.08],
  ['retained', 0.07],
  ['fellowship', 0.05],
];

const COURSE_TITLES = [
  ['Clinical supervision skills', KpiArea.EDUCATIONAL_DESIGN],
  ['Practice nurse foundation', KpiArea.EDUCATIONAL_DESIGN],
  ['Cervical screening update', KpiArea.EDUCATIONAL_DESIGN],
  ['Immunisation update', KpiArea.EDUCATIONAL_DESIGN],
  ['Menopause care in primary care', KpiArea.EDUCATIONAL_DESIGN],
  ['Educator development', KpiArea.EDUCATIONAL_DESIGN],
  ['Practice manager development programme', KpiArea.LEADERSHIP_AND_MANAGEMENT],
  ['PCN leadership', KpiArea.LEADERSHIP_AND_MANAGEMENT],
  ['Care navigation for reception teams', KpiArea.LEADERSHIP_AND_MANAGEMENT],
  ['Career conversations for mid-career GPs', KpiArea.CAREERS_AND_RETENTION],
  ['ARRS roles induction', KpiArea.WORKFORCE_PLANNING],
] as const;

const ARRS_ROLES = [
  ArrsRole.CLINICAL_PHARMACIST,
  ArrsRole.SOCIAL_PRESCRIBING_LINK_WORKER,
  ArrsRole.CARE_COORDINATOR,
  ArrsRole.FIRST_CONTACT_PHYSIOTHERAPIST,
  ArrsRole.HEALTH_AND_WELLBEING_COACH,
  ArrsRole.PHARMACY_TECHNICIAN,
  ArrsRole.PARAMEDIC,
  ArrsRole.MENTAL_HEALTH_PRACTITIONER,
];

const HUB_TOPIC = 'traininghubs.hubregistry.hub.v1';
const SESSION_TOPIC = 'traininghubs.trainingcatalogue.session.v1';
const PLACEMENT_TOPIC = 'traininghubs.placements.placement.v1';
const ENVIRONMENT_TOPIC = 'traininghubs.placements.learning-environment.v1';
const STAFF_TOPIC = 'traininghubs.workforce.staff.v1';
const PLAN_TOPIC = 'traininghubs.workforce.plan.v1';

const DAY_MS = 86_400_000;
const iso = (date: Date) => date.toISOString().slice(0, 10);

/** The hubs: one ICS-level hub per ICB, plus 0..maxLocality locality hubs under it. */
export function generateHubs(draw: Draw, icbs: readonly IcbRecord[], maxLocality: number): DemoHub[] {
  const hubs: DemoHub[] = [];
  const make = (icb: IcbRecord, level: DemoHub['level'], name: string, size: number): DemoHub => {
    const pcnCount = Math.max(3, Math.round(size * draw.int(8, 16)));
    return {
      hubId: draw.uuid(),
      name,
      level,
      icbCode: icb.icbCode,
      icbName: icb.icbName,
      regionCode: icb.regionCode,
      size,
      pcnCodes: Array.from({ length: pcnCount }, () => draw.odsCode('U', 5)),
      practiceCodes: Array.from({ length: pcnCount * draw.int(3, 6) }, () => draw.odsCode(draw.pick(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'J', 'K', 'L', 'M', 'N', 'P', 'Y']), 5)),
    };
  };
  for (const icb of icbs) {
    const shortName = icb.icbName.replace(/^NHS /, '').replace(/ Integrated Care Board$/, '');
    hubs.push(make(icb, 'ics', `${shortName} Training Hub`, 0.5 + draw.next() * 1.2));
    const localities = draw.int(0, maxLocality);
    const names = [...LOCALITY_NAMES];
    for (let i = 0; i < localities; i++) {
      const locality = names.splice(draw.int(0, names.length - 1), 1)[0];
      hubs.push(make(icb, 'locality', `${shortName} ${locality} Locality Training Hub`, 0.15 + draw.next() * 0.35));
    }
  }
  return hubs;
}

/** The whole dataset, in order of ce_time. */
export function generateNationalDataset(options: NationalDatasetOptions): NationalDataset {
  const draw = new Draw(seededRandom(options.seed));
  const firstYear = options.firstYear ?? 2022;
  const years = options.years ?? 4;
  const perHubMonth = options.eventsPerHubMonth ?? 30;
  const hubs = generateHubs(draw, options.icbs ?? readIcbs(), options.maxLocalityHubsPerIcb ?? 2);
  const events: DemoEvent[] = [];
  const emit = (topic: string, key: string, type: EventType, time: Date, init: object) =>
    events.push({ topic, key, type, id: draw.uuid(), source: `/traininghubs/${eventDefinition(type).owner}`, time, init });

  const start = Date.UTC(firstYear, 3, 1);
  const end = Date.UTC(firstYear + years, 3, 1);
  for (const hub of hubs) {
    const activeFrom = new Date(start - draw.int(30, 400) * DAY_MS);
    emit(HUB_TOPIC, hub.hubId, 'uk.nhs.traininghubs.hubregistry.hub_registered.v1', activeFrom, {
      hubId: hub.hubId,
      activeFrom: localDateFromIso(iso(activeFrom)),
      details: {
        name: hub.name,
        level: hub.level === 'ics' ? HubLevel.ICS : HubLevel.LOCALITY,
        icb: { odsCode: hub.icbCode, name: hub.icbName },
        regionOdsCode: hub.regionCode,
      },
    });
    const courses = Array.from({ length: Math.max(4, Math.round(hub.size * 14)) }, () => ({ courseId: draw.uuid(), ...courseOf(draw.pick(COURSE_TITLES)) }));
    const environments = hub.practiceCodes.filter(() => draw.chance(0.4)).map((ods) => ({ id: draw.uuid(), ods }));

    for (let month = new Date(start); month.getTime() < end; month = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1))) {
      const daysInMonth = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 0)).getUTCDate();
      // a quieter August and December, a busier spring
      const seasonal = [1.1, 1.0, 1.0, 0.9, 0.6, 1.0, 1.1, 1.1, 0.7, 1.0, 1.1, 1.2][(month.getUTCMonth() + 9) % 12];
      // activity grows year on year as hubs mature
      const growth = 1 + 0.08 * (month.getUTCFullYear() - firstYear);
      const at = () => new Date(month.getTime() + draw.int(0, daysInMonth - 1) * DAY_MS + draw.int(8 * 60, 17 * 60) * 60_000);
      const mean = perHubMonth * hub.size * seasonal * growth;
      for (const [activity, weight] of ACTIVITY_MIX) {
        const count = draw.poisson(mean * weight * (activity === 'placement' ? 1 / 2.5 : 1));
        for (let i = 0; i < count; i++) {
          const time = at();
          switch (activity) {
            case 'session':
              sessionDelivered(draw, emit, hub, draw.pick(courses), time);
              break;
            case 'placement':
              placement(draw, emit, hub, environments.length > 0 ? draw.pick(environments) : { id: draw.uuid(), ods: hub.practiceCodes[0] }, time, end);
              break;
            case 'environment': {
              const ods = draw.pick(hub.practiceCodes);
              const environment = { id: draw.uuid(), ods };
              environments.push(environment);
              emit(ENVIRONMENT_TOPIC, environment.id, 'uk.nhs.traininghubs.placements.learning_environment_approved.v1', time, { hubId: hub.hubId, learningEnvironmentId: environment.id });
              break;
            }
            case 'recruited':
              staffEvent(draw, emit, hub, 'recruited', time);
              break;
            case 'retained':
              staffEvent(draw, emit, hub, 'retained', time);
              break;
            case 'fellowship':
              staffEvent(draw, emit, hub, 'fellowship', time);
              break;
          }
        }
      }
    }

    // ARRS plans: each PCN submits a plan for the year in April–May and often revises it in the autumn
    for (let year = firstYear; year < firstYear + years; year++) {
      const financialYear = `${year}-${String((year + 1) % 100).padStart(2, '0')}`;
      for (const pcn of hub.pcnCodes) {
        const planId = draw.uuid();
        const roles = ARRS_ROLES.filter(() => draw.chance(0.55));
        const lines = roles.map((role) => {
          const planned = draw.int(50, 300);
          return { role, planned, inPost: Math.round(planned * (0.55 + draw.next() * 0.4)) };
        });
        const revisions = draw.chance(0.5) ? 2 : 1;
        for (let revision = 1; revision <= revisions; revision++) {
          const submitted = revision === 1 ? new Date(Date.UTC(year, 3, draw.int(5, 55), 10)) : new Date(Date.UTC(year, 9, draw.int(1, 45), 10));
          if (submitted.getTime() >= end) continue;
          emit(PLAN_TOPIC, planId, 'uk.nhs.traininghubs.workforce.arrs_plan_submitted.v1', submitted, {
            hubId: hub.hubId,
            pcnOdsCode: pcn,
            icbOdsCode: hub.icbCode,
            planId,
            financialYear,
            revision,
            lines: lines.map((l) => ({
              role: l.role,
              plannedFteHundredths: BigInt(l.planned),
              inPostFteHundredths: BigInt(Math.min(l.planned, Math.round(l.inPost * (revision === 1 ? 1 : 1.1)))),
              plannedClaimPence: BigInt(l.planned * 45_000 * 100) / 100n,
            })),
          });
        }
      }
    }
  }
  const order = events.map((e, i) => ({ e, i }));
  order.sort((a, b) => a.e.time.getTime() - b.e.time.getTime() || a.i - b.i);
  return { hubs, events: order.map((o) => o.e) };
}

type Emit = (topic: string, key: string, type: EventType, time: Date, init: object) => void;

function courseOf([title, area]: (typeof COURSE_TITLES)[number]) {
  return { title, kpiArea: area, durationMinutes: area === KpiArea.LEADERSHIP_AND_MANAGEMENT ? 180 : 120 };
}

function sessionDelivered(draw: Draw, emit: Emit, hub: DemoHub, course: { courseId: string; kpiArea: KpiArea; durationMinutes: number }, time: Date): void {
  const bookings = draw.int(6, 30);
  const didNotAttend = draw.int(0, Math.floor(bookings / 5));
  const participants = bookings - didNotAttend;
  emit(SESSION_TOPIC, course.courseId, 'uk.nhs.traininghubs.trainingcatalogue.course_delivered.v1', time, {
    hubId: hub.hubId,
    courseId: course.courseId,
    sessionId: draw.uuid(),
    kpiArea: course.kpiArea,
    deliveredAt: { seconds: BigInt(Math.floor(time.getTime() / 1000)), nanos: 0 },
    durationMinutes: course.durationMinutes,
    participants,
    bookings,
    didNotAttend,
    cpdMinutesDelivered: BigInt(participants * course.durationMinutes),
  });
}

function placement(draw: Draw, emit: Emit, hub: DemoHub, environment: { id: string; ods: string }, offeredAt: Date, end: number): void {
  const placementId = draw.uuid();
  const header = { hubId: hub.hubId, placementId, learningEnvironmentId: environment.id, learningEnvironmentOdsCode: environment.ods };
  emit(PLACEMENT_TOPIC, placementId, 'uk.nhs.traininghubs.placements.placement_offered.v1', offeredAt, header);
  if (!draw.chance(0.78)) return;
  const filledAt = new Date(offeredAt.getTime() + draw.int(3, 35) * DAY_MS);
  if (filledAt.getTime() >= end) return;
  const learnerId = draw.uuid();
  emit(PLACEMENT_TOPIC, placementId, 'uk.nhs.traininghubs.placements.placement_filled.v1', filledAt, { ...header, learnerId });
  if (!draw.chance(0.9)) return;
  const startDate = new Date(filledAt.getTime() + draw.int(7, 40) * DAY_MS);
  const endDate = new Date(startDate.getTime() + (draw.int(4, 12) * 7 - 3) * DAY_MS);
  const completedAt = new Date(endDate.getTime() + draw.int(1, 10) * DAY_MS + 10 * 3_600_000);
  if (completedAt.getTime() >= end) return;
  emit(PLACEMENT_TOPIC, placementId, 'uk.nhs.traininghubs.placements.placement_completed.v1', completedAt, {
    ...header,
    learnerId,
    actual: { startDate: localDateFromIso(iso(startDate)), endDate: localDateFromIso(iso(endDate)), wteHundredths: draw.pick([40, 60, 80, 100]), sessionsPerWeek: draw.int(4, 10) },
  });
}

function staffEvent(draw: Draw, emit: Emit, hub: DemoHub, kind: 'recruited' | 'retained' | 'fellowship', time: Date): void {
  const staffId = draw.uuid();
  const practiceOdsCode = draw.pick(hub.practiceCodes);
  const pcnOdsCode = draw.pick(hub.pcnCodes);
  const day = localDateFromIso(iso(time));
  switch (kind) {
    case 'recruited':
      emit(STAFF_TOPIC, staffId, 'uk.nhs.traininghubs.workforce.gp_recruited.v1', time, {
        hubId: hub.hubId,
        staffId,
        practiceOdsCode,
        pcnOdsCode,
        role: draw.pick([GpRole.SALARIED, GpRole.SALARIED, GpRole.PARTNER, GpRole.RETAINER]),
        route: draw.pick([RecruitmentRoute.NEWLY_QUALIFIED, RecruitmentRoute.NEWLY_QUALIFIED, RecruitmentRoute.RETURNER, RecruitmentRoute.INTERNATIONAL, RecruitmentRoute.FROM_ANOTHER_SYSTEM]),
        startDate: day,
        sessionsPerWeek: draw.int(4, 9),
      });
      return;
    case 'retained':
      emit(STAFF_TOPIC, staffId, 'uk.nhs.traininghubs.workforce.gp_retained.v1', time, {
        hubId: hub.hubId,
        staffId,
        practiceOdsCode,
        pcnOdsCode,
        intervention: draw.pick([RetentionIntervention.GP_RETENTION_SCHEME, RetentionIntervention.MENTORING, RetentionIntervention.COACHING, RetentionIntervention.PORTFOLIO_ROLE, RetentionIntervention.FLEXIBLE_WORKING]),
        outcome: draw.pick([RetentionOutcome.REMAINED_IN_POST, RetentionOutcome.REMAINED_IN_POST, RetentionOutcome.DEFERRED_LEAVING, RetentionOutcome.MOVED_WITHIN_SYSTEM]),
        interventionStartedOn: localDateFromIso(iso(new Date(time.getTime() - draw.int(60, 300) * DAY_MS))),
        outcomeRecordedOn: day,
        sessionsPerWeekBefore: draw.int(4, 8),
        sessionsPerWeekAfter: draw.int(4, 8),
      });
      return;
    case 'fellowship': {
      const nurse = draw.chance(0.35);
      emit(STAFF_TOPIC, staffId, 'uk.nhs.traininghubs.workforce.fellowship_enrolled.v1', time, {
        hubId: hub.hubId,
        staffId,
        programme: nurse ? FellowshipProgramme.NEW_TO_PRACTICE_NURSE : FellowshipProgramme.NEW_TO_PRACTICE_GP,
        profession: nurse ? Profession.NURSE : Profession.GP,
        practiceOdsCode,
        pcnOdsCode,
        startDate: day,
        plannedEndDate: localDateFromIso(iso(new Date(time.getTime() + 730 * DAY_MS))),
      });
      return;
    }
  }
}

/** A dataset event as a Kafka record: protobuf payload (contracts' encodeEvent) and CloudEvents headers. */
export function encodeDemoEvent(event: DemoEvent): EncodedRecord {
  return {
    topic: event.topic,
    key: event.key,
    value: Buffer.from(encodeEvent(event.type, event.init as EventInit<typeof event.type>)),
    headers: encodeEnvelope({ id: event.id, source: event.source, type: event.type, time: event.time, subject: event.key }),
  };
}

/** Events per type, for summaries. */
export function countByType(events: readonly DemoEvent[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const e of events) counts[e.type] = (counts[e.type] ?? 0) + 1;
  return counts;
}
