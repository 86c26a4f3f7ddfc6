/* eslint-disable @nx/enforce-module-boundaries -- the gateway's integration tests run the real services in-process, as the platform runs them */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { developmentSigningKey, mintDevelopmentToken, type Caller, type DevelopmentSigningKey } from '@traininghubs/auth';
import { DEFAULT_AUTH_AUDIENCE, DEFAULT_AUTH_ISSUER, loadConfig, type ServiceEnvironment } from '@traininghubs/config';
import { KafkaConnection, loadTopicManifest, provisionTopics } from '@traininghubs/messaging';
import { createServiceApp } from '@traininghubs/runtime';
import { provisionTestSchema, testKafkaBrokers, uniqueName, type TestServiceSchema } from '@traininghubs/testing';
import { HubRegistryEnvironment } from '../../hub-registry/src/hub-registry.environment';
import { HubRegistryModule } from '../../hub-registry/src/hub-registry.module';
import { KpiReportingEnvironment } from '../../kpi-reporting/src/kpi-reporting.environment';
import { KpiReportingModule } from '../../kpi-reporting/src/kpi-reporting.module';
import { PlacementsEnvironment } from '../../placements/src/placements.environment';
import { PlacementsModule } from '../../placements/src/placements.module';
import { TrainingCatalogueEnvironment } from '../../training-catalogue/src/training-catalogue.environment';
import { TrainingCatalogueModule } from '../../training-catalogue/src/training-catalogue.module';
import { WorkforcePlanningEnvironment } from '../../workforce-planning/src/workforce-planning.environment';
import { WorkforcePlanningModule } from '../../workforce-planning/src/workforce-planning.module';
import { configureGateway } from '../src/gateway.app';
import { GatewayEnvironment } from '../src/gateway.environment';
import { GatewayModule } from '../src/gateway.module';
import { SlowLink } from './slow-link';

export const DOMAIN_SERVICES = ['hub-registry', 'training-catalogue', 'placements', 'workforce-planning', 'kpi-reporting'] as const;
export type DomainService = (typeof DOMAIN_SERVICES)[number];

interface ServiceDefinition {
  environment: new () => ServiceEnvironment;
  module: (config: never) => DynamicModule;
  urlVariable: string;
}

const DEFINITIONS: Record<DomainService, ServiceDefinition> = {
  'hub-registry': { environment: HubRegistryEnvironment, module: (c: HubRegistryEnvironment) => HubRegistryModule.register(c), urlVariable: 'HUB_REGISTRY_URL' },
  'training-catalogue': { environment: TrainingCatalogueEnvironment, module: (c: TrainingCatalogueEnvironment) => TrainingCatalogueModule.register(c), urlVariable: 'TRAINING_CATALOGUE_URL' },
  placements: { environment: PlacementsEnvironment, module: (c: PlacementsEnvironment) => PlacementsModule.register(c), urlVariable: 'PLACEMENTS_URL' },
  'workforce-planning': { environment: WorkforcePlanningEnvironment, module: (c: WorkforcePlanningEnvironment) => WorkforcePlanningModule.register(c), urlVariable: 'WORKFORCE_PLANNING_URL' },
  'kpi-reporting': { environment: KpiReportingEnvironment, module: (c: KpiReportingEnvironment) => KpiReportingModule.register(c), urlVariable: 'KPI_REPORTING_URL' },
};


interface RunningService {
  app: INestApplication;
  schema: TestServiceSchema;
  link: SlowLink;
  stopped: boolean;
}

/**
 * The whole platform in-process for the gateway's integration tests: the five domain services and
 * the gateway, each on its own schema and role in the real Postgres, all on one topic prefix on
 * the real Kafka broker (so hub-registry's events reach the other services' hub directories), all
 * trusting one development signing key (the gateway passes the caller's token on unchanged).
 * The gateway reaches each service through a SlowLink, so a test can slow a service down; a test
 * stops a service for real with stop().
 */
export class PlatformUnderTest {
  private constructor(
    readonly gateway: INestApplication,
    private readonly gatewaySchema: TestServiceSchema,
    readonly services: Map<DomainService, RunningService>,
    private readonly connection: KafkaConnection,
    private readonly key: DevelopmentSigningKey,
  ) {}

  static async start(gatewayEnv: Record<string, string> = {}): Promise<PlatformUnderTest> {
    const brokers = testKafkaBrokers();
    const prefix = uniqueName('gw');
    const connection = new KafkaConnection({ brokers, clientId: 'gateway-test', topicPrefix: prefix });
    await provisionTopics(connection, loadTopicManifest());
    const key = await developmentSigningKey(mkdtempSync(join(tmpdir(), 'gateway-key-')));
    const common = {
      NODE_ENV: 'test',
      KAFKA_BROKERS: brokers.join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      LOG_LEVEL: 'silent',
      AUTH_LOCAL_PUBLIC_JWK: JSON.stringify(key.publicJwk),
      PORT: '1',
      DATABASE_POOL_SIZE: '4',
    };
    const services = new Map<DomainService, RunningService>();
    await Promise.all(
      DOMAIN_SERVICES.map(async (name) => {
        const definition = DEFINITIONS[name];
        const schema = await provisionTestSchema(name);
        const config = loadConfig(name, definition.environment, { ...common, DATABASE_URL: schema.url, DATABASE_SCHEMA: schema.schema });
        const app = await createServiceApp({ serviceName: name, environment: definition.environment, module: definition.module as (c: ServiceEnvironment) => DynamicModule }, config);
        await app.listen(0, '127.0.0.1');
        const link = await SlowLink.open({ host: '127.0.0.1', port: (app.getHttpServer().address() as { port: number }).port });
        services.set(name, { app, schema, link, stopped: false });
      }),
    );
    const gatewaySchema = await provisionTestSchema('gateway');
    const urls = Object.fromEntries([...services].map(([name, running]) => [DEFINITIONS[name].urlVariable, running.link.url]));
    const config = loadConfig('gateway', GatewayEnvironment, { ...common, ...urls, DATABASE_URL: gatewaySchema.url, DATABASE_SCHEMA: gatewaySchema.schema, ...gatewayEnv });
    const gateway = await createServiceApp({ serviceName: 'gateway', environment: GatewayEnvironment, module: (c) => GatewayModule.register(c), openApi: false, configure: configureGateway }, config);
    await gateway.listen(0, '127.0.0.1');
    return new PlatformUnderTest(gateway, gatewaySchema, services, connection, key);
  }

  token(caller: Caller): Promise<string> {
    return mintDevelopmentToken(caller, { key: this.key, issuer: DEFAULT_AUTH_ISSUER, audience: DEFAULT_AUTH_AUDIENCE });
  }

  /** A request to the gateway, as this caller (anonymous without one). */
  async get(path: string, caller?: Caller): Promise<request.Response> {
    const call = request(this.gateway.getHttpServer()).get(path);
    return caller ? call.set('Authorization', `Bearer ${await this.token(caller)}`) : call;
  }

  async send(method: 'post' | 'put' | 'patch' | 'delete', path: string, body: unknown, caller: Caller, contentType?: string): Promise<request.Response> {
    const call = request(this.gateway.getHttpServer())[method](path).set('Authorization', `Bearer ${await this.token(caller)}`);
    return (contentType ? call.set('Content-Type', contentType) : call).send(body as object);
  }

  /** A request straight to a service, bypassing the gateway (seeding, comparisons). */
  async direct(service: DomainService, method: 'get' | 'post' | 'put', path: string, caller: Caller, body?: object): Promise<request.Response> {
    const call = request(this.running(service).app.getHttpServer())[method](path).set('Authorization', `Bearer ${await this.token(caller)}`);
    return body === undefined ? call : call.send(body);
  }

  private running(service: DomainService): RunningService {
    const running = this.services.get(service);
    if (!running) throw new Error(`${service} is not part of this platform`);
    return running;
  }

  /** Holds a service's answers back for this long (0: no delay). */
  slowDown(service: DomainService, delayMs: number): void {
    this.running(service).link.delayMs = delayMs;
  }

  /** The request heads the gateway sent to a service (request line and headers). */
  requestsTo(service: DomainService): string[] {
    return this.running(service).link.requestHeads;
  }

  /** Stops a service for real: its port closes, the gateway can no longer reach it. */
  async stop(service: DomainService): Promise<void> {
    const running = this.running(service);
    if (running.stopped) return;
    running.stopped = true;
    await running.app.close();
  }

  /** Waits until a service's own hub directory has the hub (hub-registry's HubRegistered arrived). */
  async hubKnownTo(service: DomainService, hubId: string, timeoutMs = 60_000): Promise<void> {
    const dataSource = this.running(service).app.get(DataSource);
    const deadline = Date.now() + timeoutMs;
    while ((await dataSource.query('SELECT 1 FROM hub_directory WHERE hub_id = $1', [hubId])).length === 0) {
      if (Date.now() > deadline) throw new Error(`${service} did not hear of hub ${hubId} within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async close(): Promise<void> {
    await this.gateway.close();
    for (const running of this.services.values()) {
      if (!running.stopped) await running.app.close();
      await running.link.close();
    }
    await this.connection.close();
    await Promise.allSettled([this.gatewaySchema.drop(), ...[...this.services.values()].map((s) => s.schema.drop())]);
  }
}
