import type { EntityManager } from 'typeorm';
import { timestampDate, type Timestamp } from '@bufbuild/protobuf/wkt';
import {
  KpiArea,
  localDateToIso,
  type ArrsPlanSubmitted,
  type CourseDelivered,
  type FellowshipEnrolled,
  type GpRecruited,
  type GpRetained,
  type HubRegistered,
  type HubUpdated,
  type LearningEnvironmentApproved,
  type LocalDate,
  type OrganisationSucceeded,
  type PlacementCompleted,
  type PlacementFilled,
  type PlacementOffered,
} from '@traininghubs/contracts';
import { HUB_DEACTIVATED, HUB_REGISTERED, HUB_UPDATED, hubDirectoryHandlers } from '@traininghubs/hub-directory';
import { PermanentEventError, type BatchEventHandler, type EventHandler, type OutboxWriter, type ReceivedEvent } from '@traininghubs/messaging';
import { count, courseDelivered, placementCompleted, type Contribution } from '../domain/kpi/event-contributions';
import { londonDateOf, periodOfDate } from '@traininghubs/calendar';
import { restateFrozenReturnsOf, type ChangedPeriod, type RestatementCause } from '../returns/kpi-restatement';

/** The consumer group of the KPI projections and the streams it reads (infra/kafka/topics.yaml). */
export const PROJECTIONS_GROUP = 'kpi-reporting.projections';
export const PROJECTION_TOPICS = [
  'traininghubs.hubregistry.organisation.v1',
  'traininghubs.hubregistry.hub.v1',
  'traininghubs.trainingcatalogue.course.v1',
  'traininghubs.trainingcatalogue.session.v1',
  'traininghubs.placements.learning-environment.v1',
  'traininghubs.placements.placement.v1',
  'traininghubs.workforce.staff.v1',
  'traininghubs.workforce.plan.v1',
];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function hubOf(type: string, hubId: string): string {
  if (!UUID.test(hubId)) throw new PermanentEventError(`${type}: hub_id "${hubId}" is not a Training Hub id`);
  return hubId.toLowerCase();
}

function isoOf(type: string, field: string, date: LocalDate | undefined): string {
  if (!date) throw new PermanentEventError(`${type}: ${field} is missing`);
  try {
    return localDateToIso(date);
  } catch (error) {
    throw new PermanentEventError(`${type}: ${field} is not a real day`, { cause: error });
  }
}

/** What a counted event adds, the reporting period of the day it happened, and the record it is (a restatement's cause). */
interface Counted {
  contribution: Contribution;
  periodKey: string;
  cause: RestatementCause;
}

const changedPeriodOf = (counted: Counted): ChangedPeriod => ({ hubId: counted.contribution.hubId, periodKey: counted.periodKey, cause: counted.cause });

/**
 * The Europe/London day a counted event happened: the business date its payload carries (the
 * KPI definition's "counts by"), else its ce_time. The payload decides, so events published
 * before ce_time was the occurrence (when it was the recording time) replay to the same periods
 * as events published since (ADR 0021).
 */
function dayOf(event: ReceivedEvent<unknown>, type: string, field: string, date: LocalDate | Timestamp | undefined): string {
  if (!date) return londonDateOf(event.envelope.time);
  if ('seconds' in date) return londonDateOf(timestampDate(date));
  return isoOf(type, field, date);
}

async function recordHubPosition(manager: EntityManager, hubId: string, effectiveFrom: string, icbCode: string, regionCode: string): Promise<void> {
  await manager.query('INSERT INTO hub_position (hub_id, effective_from, icb_code, region_code) VALUES ($1, $2, $3, $4)', [hubId, effectiveFrom, icbCode, regionCode]);
}

type Handler<T> = (event: ReceivedEvent<T>, manager: EntityManager) => Promise<void>;

/** What a counted event adds to its hub's counters, and in which period (pure; throws PermanentEventError for an event that cannot count). */
type ContributionOf<T> = (event: ReceivedEvent<T>) => Counted;

/** A counted event type: what it adds, and the payload field whose day it counts by (KPI_DEFINITIONS' `countsBy`). */
const contributionOf =
  <T extends { hubId: string }>(
    type: string,
    contribution: (payload: T, hubId: string) => Contribution,
    countsBy: { field: string; of: (payload: T) => LocalDate | Timestamp | undefined },
  ): ContributionOf<T> =>
  (event) => {
    const occurredOn = dayOf(event, type, countsBy.field, countsBy.of(event.payload));
    const { source, id, type: eventType, time, recordedTime } = event.envelope;
    return {
      contribution: contribution(event.payload, hubOf(type, event.payload.hubId)),
      periodKey: periodOfDate(occurredOn).key,
      // events older than ce_recordedtime were stamped with their recording time as ce_time
      cause: { eventSource: source, eventId: id, eventType, occurredOn, recordedAt: recordedTime ?? time },
    };
  };

/** The events that add to counters, by type; the rebuild's bulk replay adds a whole batch of them at once. */
export const COUNTED_EVENTS: Record<string, ContributionOf<never>> = {
  'uk.nhs.traininghubs.trainingcatalogue.course_delivered.v1': contributionOf<CourseDelivered>('CourseDelivered', (p, hubId) =>
    courseDelivered({
      hubId,
      courseId: p.courseId,
      participants: p.participants,
      cpdMinutesDelivered: Number(p.cpdMinutesDelivered),
      leadershipAndManagement: p.kpiArea === KpiArea.LEADERSHIP_AND_MANAGEMENT,
    }),
    { field: 'delivered_at', of: (p) => p.deliveredAt },
  ) as ContributionOf<never>,
  'uk.nhs.traininghubs.placements.placement_offered.v1': contributionOf<PlacementOffered>('PlacementOffered', (_, hubId) => count(hubId, 'placements_offered'), {
    field: 'offered_on',
    of: (p) => p.offeredOn,
  }) as ContributionOf<never>,
  'uk.nhs.traininghubs.placements.placement_filled.v1': contributionOf<PlacementFilled>('PlacementFilled', (_, hubId) => count(hubId, 'placements_filled'), {
    field: 'filled_on',
    of: (p) => p.filledOn,
  }) as ContributionOf<never>,
  'uk.nhs.traininghubs.placements.placement_completed.v1': contributionOf<PlacementCompleted>('PlacementCompleted', (p, hubId) =>
    placementCompleted(hubId, isoOf('PlacementCompleted', 'actual.start_date', p.actual?.startDate), isoOf('PlacementCompleted', 'actual.end_date', p.actual?.endDate), p.actual?.wteHundredths ?? 0),
    { field: 'actual.end_date', of: (p) => p.actual?.endDate },
  ) as ContributionOf<never>,
  'uk.nhs.traininghubs.placements.learning_environment_approved.v1': contributionOf<LearningEnvironmentApproved>('LearningEnvironmentApproved', (_, hubId) =>
    count(hubId, 'learning_environments_approved'),
    { field: 'approved_from', of: (p) => p.approvedFrom },
  ) as ContributionOf<never>,
  'uk.nhs.traininghubs.workforce.gp_recruited.v1': contributionOf<GpRecruited>('GpRecruited', (_, hubId) => count(hubId, 'gps_recruited'), { field: 'start_date', of: (p) => p.startDate }) as ContributionOf<never>,
  'uk.nhs.traininghubs.workforce.gp_retained.v1': contributionOf<GpRetained>('GpRetained', (_, hubId) => count(hubId, 'gps_retained'), {
    field: 'outcome_recorded_on',
    of: (p) => p.outcomeRecordedOn,
  }) as ContributionOf<never>,
  'uk.nhs.traininghubs.workforce.fellowship_enrolled.v1': contributionOf<FellowshipEnrolled>('FellowshipEnrolled', (_, hubId) => count(hubId, 'fellowship_enrolments'), {
    field: 'start_date',
    of: (p) => p.startDate,
  }) as ContributionOf<never>,
};

export const ARRS_PLAN_SUBMITTED = 'uk.nhs.traininghubs.workforce.arrs_plan_submitted.v1';

/** One ARRS plan revision as kept in arrs_plan_revision. */
export interface ArrsPlanRow {
  planId: string;
  revision: number;
  hubId: string;
  pcnOdsCode: string;
  /** e.g. `2025-26`: the plan counts in both halves of it. */
  financialYear: string;
  submittedOn: string;
  inPost: number;
  planned: number;
}

/** The revision an ArrsPlanSubmitted records (pure; PermanentEventError for an invalid one). */
export function arrsPlanRow(event: ReceivedEvent<ArrsPlanSubmitted>): ArrsPlanRow {
  const p = event.payload;
  const hubId = hubOf('ArrsPlanSubmitted', p.hubId);
  if (!/^\d{4}-\d{2}$/.test(p.financialYear)) throw new PermanentEventError(`ArrsPlanSubmitted: financial_year "${p.financialYear}" is not like 2025-26`);
  return {
    planId: p.planId,
    revision: p.revision,
    hubId,
    pcnOdsCode: p.pcnOdsCode,
    financialYear: p.financialYear,
    submittedOn: londonDateOf(event.envelope.time),
    inPost: p.lines.reduce((sum, line) => sum + Number(line.inPostFteHundredths), 0),
    planned: p.lines.reduce((sum, line) => sum + Number(line.plannedFteHundredths), 0),
  };
}

/** Inserts plan revisions (a revision seen before is kept as it was). */
export async function insertArrsPlanRows(manager: EntityManager, rows: readonly ArrsPlanRow[]): Promise<void> {
  if (rows.length === 0) return;
  const values = rows.map((_, i) => `($${i * 8 + 1}, $${i * 8 + 2}, $${i * 8 + 3}, $${i * 8 + 4}, $${i * 8 + 5}, $${i * 8 + 6}, $${i * 8 + 7}, $${i * 8 + 8})`).join(', ');
  await manager.query(
    `INSERT INTO arrs_plan_revision (plan_id, revision, hub_id, pcn_ods_code, financial_year, submitted_on, in_post_fte_hundredths, planned_fte_hundredths)
     VALUES ${values} ON CONFLICT (plan_id, revision) DO NOTHING`,
    rows.flatMap((r) => [r.planId, r.revision, r.hubId, r.pcnOdsCode, r.financialYear, r.submittedOn, r.inPost, r.planned]),
  );
}

/** The two halves of an ARRS plan's financial year, whose returns a plan revision restates. */
const periodsOfPlan = (row: ArrsPlanRow): ChangedPeriod[] => [
  { hubId: row.hubId, periodKey: `${row.financialYear}-H1` },
  { hubId: row.hubId, periodKey: `${row.financialYear}-H2` },
];

/**
 * Handlers of every event the KPIs are computed from, each applied in the inbox's transaction (the
 * inbox drops duplicates). A counted event adds to its hub's counters in the period it happened in,
 * and restates a frozen return of that period (publishing KpiReturnRestated through `outbox`).
 */
export const kpiProjectionHandlers = (outbox: OutboxWriter): Record<string, EventHandler<never>> => ({
  [HUB_REGISTERED]: (async (event: ReceivedEvent<HubRegistered>, manager: EntityManager) => {
    await hubDirectoryHandlers[HUB_REGISTERED](event, manager);
    const details = event.payload.details;
    const from = event.payload.activeFrom ? isoOf('HubRegistered', 'active_from', event.payload.activeFrom) : londonDateOf(event.envelope.time);
    await recordHubPosition(manager, event.payload.hubId, from, details?.icb?.odsCode ?? '', details?.regionOdsCode ?? '');
  }) as EventHandler<never>,
  [HUB_UPDATED]: (async (event: ReceivedEvent<HubUpdated>, manager: EntityManager) => {
    await hubDirectoryHandlers[HUB_UPDATED](event, manager);
    const details = event.payload.details;
    const from = event.payload.effectiveFrom ? isoOf('HubUpdated', 'effective_from', event.payload.effectiveFrom) : londonDateOf(event.envelope.time);
    await recordHubPosition(manager, event.payload.hubId, from, details?.icb?.odsCode ?? '', details?.regionOdsCode ?? '');
  }) as EventHandler<never>,
  [HUB_DEACTIVATED]: hubDirectoryHandlers[HUB_DEACTIVATED] as EventHandler<never>,
  'uk.nhs.traininghubs.hubregistry.organisation_succeeded.v1': (async (event: ReceivedEvent<OrganisationSucceeded>, manager: EntityManager) => {
    const successor = event.payload.successor?.odsCode;
    if (!successor) throw new PermanentEventError('OrganisationSucceeded: no successor');
    const effective = isoOf('OrganisationSucceeded', 'effective_date', event.payload.effectiveDate);
    for (const predecessor of event.payload.predecessors) {
      const code = predecessor.organisation?.odsCode;
      // only an organisation that closes hands its history to its successor
      if (!code || !predecessor.closes || code === successor) continue;
      await manager.query(
        `INSERT INTO icb_succession (predecessor_code, successor_code, effective_date) VALUES ($1, $2, $3)
         ON CONFLICT (predecessor_code, successor_code) DO UPDATE SET effective_date = EXCLUDED.effective_date`,
        [code, successor, effective],
      );
    }
  }) as EventHandler<never>,
  ...Object.fromEntries(
    Object.entries(COUNTED_EVENTS).map(([type, contributionOfEvent]) => {
      const counting: Handler<never> = async (event, manager) => {
        const counted = contributionOfEvent(event);
        await addAllToCounters(manager, [counted]);
        await restateFrozenReturnsOf(manager, outbox, [changedPeriodOf(counted)]);
      };
      return [type, counting as EventHandler<never>];
    }),
  ),
  [ARRS_PLAN_SUBMITTED]: (async (event: ReceivedEvent<ArrsPlanSubmitted>, manager: EntityManager) => {
    const row = arrsPlanRow(event);
    await insertArrsPlanRows(manager, [row]);
    // a plan revision counts in both halves of its financial year
    await restateFrozenReturnsOf(manager, outbox, periodsOfPlan(row));
  }) as EventHandler<never>,
});

/**
 * A run of events in one transaction (the consumer's batched path, which replays and rebuilds
 * take): the same effect as the handlers above one after the other. Counters only add up, so a
 * run's contributions are summed per hub, period and counter and written in one statement each;
 * hub positions, directory entries and successions keep their order; then every return whose
 * period changed is restated once. A PermanentEventError fails the run, which the consumer then
 * applies event by event to set the bad event aside.
 */
export const kpiProjectionRun = (outbox: OutboxWriter): BatchEventHandler => {
  const handlers = kpiProjectionHandlers(outbox);
  return async (events, manager) => {
    const counted: Counted[] = [];
    const plans: ArrsPlanRow[] = [];
    for (const event of events) {
      const type = event.envelope.type;
      const contributionOfEvent = COUNTED_EVENTS[type];
      if (contributionOfEvent) counted.push(contributionOfEvent(event));
      else if (type === ARRS_PLAN_SUBMITTED) plans.push(arrsPlanRow(event as ReceivedEvent<ArrsPlanSubmitted>));
      else await handlers[type](event, manager);
    }
    await addAllToCounters(manager, counted);
    await insertArrsPlanRows(manager, plans);
    await restateFrozenReturnsOf(manager, outbox, [...counted.map(changedPeriodOf), ...plans.flatMap(periodsOfPlan)]);
  };
};

const itemKey = ({ contribution, periodKey }: { contribution: Contribution; periodKey: string }) =>
  `${contribution.hubId} ${periodKey} ${contribution.distinct?.counter} ${contribution.distinct?.key}`;

/** Adds many contributions: distinct items first (each counted once), then one upsert of the summed increments. */
async function addAllToCounters(manager: EntityManager, counted: ReadonlyArray<{ contribution: Contribution; periodKey: string }>): Promise<void> {
  const sums = new Map<string, number>();
  const add = (hubId: string, periodKey: string, counter: string, amount: number) => {
    const key = `${hubId} ${periodKey} ${counter}`;
    sums.set(key, (sums.get(key) ?? 0) + amount);
  };
  const distinct = counted
    .filter((c) => c.contribution.distinct)
    .sort((a, b) => (itemKey(a) < itemKey(b) ? -1 : itemKey(a) > itemKey(b) ? 1 : 0));
  if (distinct.length > 0) {
    const firstSeen: Array<{ hub_id: string; period_key: string; counter: string }> = await manager.query(
      `INSERT INTO kpi_counted_item (hub_id, period_key, counter, item_key)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[])
       ON CONFLICT DO NOTHING
       RETURNING hub_id, period_key, counter`,
      [
        distinct.map((c) => c.contribution.hubId),
        distinct.map((c) => c.periodKey),
        distinct.map((c) => c.contribution.distinct?.counter),
        distinct.map((c) => c.contribution.distinct?.key),
      ],
    );
    for (const row of firstSeen) add(row.hub_id, row.period_key, row.counter, 1);
  }
  for (const { contribution, periodKey } of counted) {
    for (const [counter, amount] of Object.entries(contribution.increments)) if (amount) add(contribution.hubId, periodKey, counter, amount);
  }
  // rows in key order, so concurrent runs (partitions applied at once) lock them in one order
  const rows = [...sums]
    .filter(([, amount]) => amount !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, amount]) => [...key.split(' '), amount] as [string, string, string, number]);
  if (rows.length === 0) return;
  await manager.query(
    `INSERT INTO kpi_counter (hub_id, period_key, counter, value)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::bigint[])
     ON CONFLICT (hub_id, period_key, counter) DO UPDATE SET value = kpi_counter.value + EXCLUDED.value`,
    [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2]), rows.map((r) => r[3])],
  );
}
