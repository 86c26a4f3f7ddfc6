import type { Caller } from '@traininghubs/auth';
import { localDateFromIso, OrganisationType } from '@traininghubs/contracts';
import { registerHubs, ServiceUnderTest } from '@traininghubs/testing';
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

/** Workforce planning in-process on its own schema and topics, knowing the two hubs above. */
export async function startWorkforcePlanning(): Promise<ServiceUnderTest> {
  const service = await ServiceUnderTest.start({
    serviceName: 'workforce-planning',
    environment: WorkforcePlanningEnvironment,
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

/**
 * PCNs and practices as hub-registry publishes them (OrganisationRecorded); waits until the
 * service's practice register holds them all.
 */
export async function recordOrganisations(
  service: ServiceUnderTest,
  organisations: Array<{ odsCode: string; type: OrganisationType; parentOdsCode: string; since?: string; until?: string; name?: string }>,
): Promise<void> {
  for (const o of organisations) {
    await service.receive(ORGANISATION_RECORDED, o.odsCode, {
      organisation: { odsCode: o.odsCode, name: o.name ?? `Organisation ${o.odsCode}`, type: o.type },
      memberships: [{ parentOdsCode: o.parentOdsCode, validFrom: o.since ? localDateFromIso(o.since) : undefined, validTo: o.until ? localDateFromIso(o.until) : undefined }],
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
