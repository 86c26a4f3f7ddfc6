import type { Caller } from '@traininghubs/auth';
import { HubLevel, localDateFromIso, OrganisationType } from '@traininghubs/contracts';
import { HUB_REGISTERED, HUB_UPDATED } from '@traininghubs/hub-directory';
import { headersAsText, parseEnvelope, type KafkaConsumer } from '@traininghubs/messaging';
import { registerHubs, ServiceUnderTest, uniqueName } from '@traininghubs/testing';
import { WorkforcePlanningEnvironment } from '../src/workforce-planning.environment';
import { WorkforcePlanningModule } from '../src/workforce-planning.module';
import { ORGANISATION_RECORDED } from '../src/practice-register/practice-register';

/** Bath and North East Somerset, Swindon and Wiltshire (ICB QOX, South West). */
export const HUB = '0b9c8f52-4f6f-4c59-9f43-2a3f8d9a1e01';
/** South East London (ICB QKK, London): out of the first hub's scope. */
export const OTHER_HUB = '5d6e7f80-1a2b-4c3d-8e9f-0a1b2c3d4e5f';

export const hubAdmin: Caller = { subject: 'bsw-hub-lead', role: 'hub_admin', scope: { kind: 'hub', hubId: HUB } };
export const otherHubAdmin: Caller = { subject: 'sel-hub-lead', role: 'hub_admin', scope: { kind: 'hub', hubId: OTHER_HUB } };
export const national: Caller = { subject: 'national-team', role: 'national', scope: { kind: 'national' } };
export const analyst: Caller = { subject: 'analyst', role: 'analyst', scope: { kind: 'national' } };

/**
 * Workforce planning in-process on its own schema and topics, knowing the two hubs above;
 * `environment` changes its settings (e.g. a subclass with a smaller PAST_ACTIVITY_BACKGROUND_ROWS).
 */
export async function startWorkforcePlanning(options: { environment?: new () => WorkforcePlanningEnvironment } = {}): Promise<ServiceUnderTest> {
  const service = await ServiceUnderTest.start({
    serviceName: 'workforce-planning',
    environment: options.environment ?? WorkforcePlanningEnvironment,
    module: (config) => WorkforcePlanningModule.register(config),
    readTopics: ['traininghubs.workforce.staff.v1', 'traininghubs.workforce.plan.v1'],
  });
  await registerHubs(service.dataSource, [
    { hubId: HUB, name: 'Bath and North East Somerset, Swindon and Wiltshire Training Hub', icbCode: 'QOX', regionCode: 'Y58' },
    { hubId: OTHER_HUB, name: 'South East London Training Hub', icbCode: 'QKK', regionCode: 'Y56' },
  ]);
  await recordOrganisations(service, [
    { odsCode: 'U83547', type: OrganisationType.PCN, parentOdsCode: 'QOX', since: '2019-07-01' },
    { odsCode: 'F83004', type: OrganisationType.GP_PRACTICE, parentOdsCode: 'U83547' },
    { odsCode: 'U20002', type: OrganisationType.PCN, parentOdsCode: 'QUY', since: '2019-07-01' },
    { odsCode: 'L81001', type: OrganisationType.GP_PRACTICE, parentOdsCode: 'U20002' },
  ]);
  return service;
}

/** One membership of a parent, days inclusive, as OrganisationRecorded carries it. */
export interface Membership {
  parentOdsCode: string;
  since?: string;
  until?: string;
}

/**
 * PCNs and practices as hub-registry publishes them (OrganisationRecorded): one parent
 * (`parentOdsCode`, `since`, `until`) or every membership (`memberships`, oldest first). Waits
 * until the service's practice register holds them all.
 */
export async function recordOrganisations(
  service: ServiceUnderTest,
  organisations: Array<{ odsCode: string; type: OrganisationType; name?: string } & (Membership | { memberships: Membership[] })>,
): Promise<void> {
  for (const o of organisations) {
    const memberships = 'memberships' in o ? o.memberships : [o];
    await service.receive(ORGANISATION_RECORDED, o.odsCode, {
      organisation: { odsCode: o.odsCode, name: o.name ?? `Organisation ${o.odsCode}`, type: o.type },
      memberships: memberships.map((m) => ({
        parentOdsCode: m.parentOdsCode,
        validFrom: m.since ? localDateFromIso(m.since) : undefined,
        validTo: m.until ? localDateFromIso(m.until) : undefined,
      })),
    });
  }
  const deadline = Date.now() + 30_000;
  for (;;) {
    const codes = organisations.map((o) => o.odsCode);
    const [{ n }] = await service.dataSource.query('SELECT count(*)::int AS n FROM registered_organisation WHERE ods_code = ANY($1)', [codes]);
    if (n === new Set(codes).size) return;
    if (Date.now() > deadline) throw new Error(`the practice register holds ${n} of ${codes.length} organisations`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Where a hub sits from a day on. */
export interface Footprint {
  effectiveFrom: string;
  icbCode: string;
  regionCode: string;
}

/**
 * A hub as hub-registry publishes it: HubRegistered (active from `activeFrom`, in the first
 * footprint's ICB), then HubUpdated for each later footprint (effective from its day, e.g. the
 * hub following an ICB merger). Waits until the service's hub directory holds every footprint.
 */
export async function publishHub(service: ServiceUnderTest, hub: { hubId: string; name: string; activeFrom: string; footprints: [Footprint, ...Footprint[]] }): Promise<void> {
  const details = (f: Footprint) => ({ name: hub.name, level: HubLevel.ICS, icb: { odsCode: f.icbCode, name: `ICB ${f.icbCode}`, type: OrganisationType.ICB }, regionOdsCode: f.regionCode });
  const [first, ...later] = hub.footprints;
  await service.receive(HUB_REGISTERED, hub.hubId, { hubId: hub.hubId, details: details(first), activeFrom: localDateFromIso(hub.activeFrom) });
  for (const f of later) await service.receive(HUB_UPDATED, hub.hubId, { hubId: hub.hubId, details: details(f), effectiveFrom: localDateFromIso(f.effectiveFrom) });
  const deadline = Date.now() + 30_000;
  for (;;) {
    const [{ n }] = await service.dataSource.query('SELECT count(*)::int AS n FROM hub_directory_footprint WHERE hub_id = $1', [hub.hubId]);
    if (n === hub.footprints.length) return;
    if (Date.now() > deadline) throw new Error(`the hub directory holds ${n} of ${hub.footprints.length} footprints of hub ${hub.hubId}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The envelope times of an event the service published: ce_time (when it happened) and ce_recordedtime. */
export interface EventTimes {
  time: Date;
  recordedTime: Date | undefined;
}

/**
 * Reads back the CloudEvents envelope of what the service published on its topics, from Kafka
 * (the service's own read-back keeps payloads only), to check each event's ce_time.
 */
export class PublishedEnvelopes {
  private readonly seen = new Map<string, EventTimes & { type: string; key: string }>();

  private constructor(private readonly consumer: KafkaConsumer) {}

  static async start(service: ServiceUnderTest, topics: string[]): Promise<PublishedEnvelopes> {
    const consumer = service.connection.consumer({ groupId: uniqueName('envelopes') });
    const envelopes = new PublishedEnvelopes(consumer);
    await consumer.connect();
    await consumer.subscribe({ topics: topics.map((t) => service.connection.topic(t)), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const envelope = parseEnvelope(headersAsText(message.headers));
        envelopes.seen.set(`${envelope.source} ${envelope.id}`, { type: envelope.type, key: String(message.key ?? ''), time: envelope.time, recordedTime: envelope.recordedTime });
      },
    });
    return envelopes;
  }

  /** The times of the only event of a type for a record key; waits up to 20 s for it. */
  async timesOf(type: string, key: string): Promise<EventTimes> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const found = [...this.seen.values()].filter((e) => e.type === type && e.key === key);
      if (found.length > 1) throw new Error(`${found.length} events ${type} for ${key}`);
      if (found.length === 1) return { time: found[0].time, recordedTime: found[0].recordedTime };
      if (Date.now() > deadline) throw new Error(`no ${type} for ${key} on Kafka`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** The times of every event of a type for a record key once there are `count` of them (waits up to 20 s), ce_time order. */
  async allTimesOf(type: string, key: string, count: number): Promise<EventTimes[]> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const found = [...this.seen.values()].filter((e) => e.type === type && e.key === key);
      if (found.length >= count) return found.map((e) => ({ time: e.time, recordedTime: e.recordedTime })).sort((a, b) => a.time.getTime() - b.time.getTime());
      if (Date.now() > deadline) throw new Error(`${found.length} of ${count} events ${type} for ${key} on Kafka`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** How many events of a type the service published so far. */
  countOf(type: string): number {
    return [...this.seen.values()].filter((e) => e.type === type).length;
  }

  async close(): Promise<void> {
    await this.consumer.disconnect();
  }
}
