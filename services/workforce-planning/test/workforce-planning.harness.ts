import type { Caller } from '@traininghubs/auth';
import { registerHubs, ServiceUnderTest } from '@traininghubs/testing';
import { WorkforcePlanningEnvironment } from '../src/workforce-planning.environment';
import { WorkforcePlanningModule } from '../src/workforce-planning.module';

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
  return service;
}
