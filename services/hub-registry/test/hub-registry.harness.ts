import type request from 'supertest';
import type { Caller } from '@traininghubs/auth';
import { ServiceUnderTest } from '@traininghubs/testing';
import { HubRegistryEnvironment } from '../src/hub-registry.environment';
import { HubRegistryModule } from '../src/hub-registry.module';

export const national: Caller = { subject: 'national-team', role: 'national', scope: { kind: 'national' } };
export const southWest: Caller = { subject: 'sw-lead', role: 'region', scope: { kind: 'region', code: 'Y58' } };
export const london: Caller = { subject: 'london-lead', role: 'region', scope: { kind: 'region', code: 'Y56' } };
export const analyst: Caller = { subject: 'analyst', role: 'analyst', scope: { kind: 'national' } };

export const HUB_TOPIC = 'traininghubs.hubregistry.hub.v1';
export const ORGANISATION_TOPIC = 'traininghubs.hubregistry.organisation.v1';
export const HUB_REGISTERED = 'uk.nhs.traininghubs.hubregistry.hub_registered.v1';
export const HUB_UPDATED = 'uk.nhs.traininghubs.hubregistry.hub_updated.v1';
export const HUB_CONTACT_CHANGED = 'uk.nhs.traininghubs.hubregistry.hub_contact_changed.v1';
export const HUB_DEACTIVATED = 'uk.nhs.traininghubs.hubregistry.hub_deactivated.v1';
export const ORGANISATION_SUCCEEDED = 'uk.nhs.traininghubs.hubregistry.organisation_succeeded.v1';
export const ORGANISATION_RECORDED = 'uk.nhs.traininghubs.hubregistry.organisation_recorded.v1';

/** The hub registry running in-process on its own schema and topics, with HTTP helpers for every verb it serves. */
export class HubRegistryUnderTest {
  private constructor(readonly service: ServiceUnderTest) {}

  static async start(): Promise<HubRegistryUnderTest> {
    return new HubRegistryUnderTest(
      await ServiceUnderTest.start({
        serviceName: 'hub-registry',
        environment: HubRegistryEnvironment,
        module: (config) => HubRegistryModule.register(config),
        readTopics: [HUB_TOPIC, ORGANISATION_TOPIC],
      }),
    );
  }

  get(path: string, caller: Caller = national): Promise<request.Response> {
    return this.service.get(path, caller);
  }

  send(method: 'post' | 'patch' | 'put', path: string, body: object, caller: Caller = national): Promise<request.Response> {
    return this.service.send(method, path, body, caller);
  }

  postCsv(path: string, csv: string, caller: Caller = national): Promise<request.Response> {
    return this.service.send('post', path, csv, caller, 'text/csv');
  }

  /** Registers a hub and returns its id, failing the test with the problem when refused. */
  async registerHub(body: object): Promise<string> {
    const response = await this.send('post', '/api/v1/hubs', body);
    if (response.status !== 201) throw new Error(`hub not registered: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body.id as string;
  }

  /** Rows of the service's tables, to show that a refused command saved nothing. */
  query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.service.dataSource.query(sql, params);
  }

  /** Everything a refused hub command could have left behind: audit entries, hubs, coverage, footprints, contacts, organisations. */
  async snapshot(): Promise<Record<string, unknown>> {
    return {
      audit: (await this.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_event'))[0].n,
      hubs: await this.query('SELECT * FROM hub ORDER BY id'),
      coverage: await this.query('SELECT * FROM hub_coverage ORDER BY hub_id, ods_code, valid_from'),
      footprints: await this.query('SELECT * FROM hub_footprint ORDER BY hub_id, valid_from'),
      contacts: await this.query('SELECT * FROM hub_contact ORDER BY id'),
      organisations: (await this.query<{ n: number }>('SELECT count(*)::int AS n FROM organisation'))[0].n,
    };
  }

  close(): Promise<void> {
    return this.service.close();
  }
}
