import { Global, Module, ValidationPipe, type DynamicModule, type MiddlewareConsumer, type NestModule, type OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Registry } from 'prom-client';
import { AuthModule, authSettingsFrom } from '@traininghubs/auth';
import type { ServiceEnvironment } from '@traininghubs/config';
import { protobufEventCodec } from '@traininghubs/contracts';
import { KafkaConnection, messagingEntities, messagingMigrations, MessagingModule } from '@traininghubs/messaging';
import { CorrelationMiddleware, HttpMetricsMiddleware, loggingModule, METRICS_REGISTRY, MetricsModule } from '@traininghubs/observability';
import { auditEntities, auditMigrations, serviceDataSourceOptions, type ServiceDataSourceSettings } from '@traininghubs/persistence';
import { ProblemDetailsFilter } from './errors/problem-details.filter';
import { HealthController } from './health/health.controller';
import { SERVICE_NAME } from './service-name';
import { ReadinessRegistry } from './health/readiness-registry';

export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');

export interface ServiceRuntimeOptions {
  serviceName: string;
  config: ServiceEnvironment;
  /** The service's own entities and migrations; the messaging (outbox, inbox) and audit tables come with the runtime. */
  entities?: ServiceDataSourceSettings['entities'];
  migrations?: ServiceDataSourceSettings['migrations'];
}

function withShared<T>(own: T[] | undefined, messaging: readonly T[]): T[] {
  return [...messaging, ...(own ?? [])];
}

class KafkaConnectionLifecycle implements OnApplicationShutdown {
  constructor(private readonly connection: KafkaConnection) {}
  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}

/**
 * What every platform service has: config, JSON logs, metrics, health, its Postgres schema
 * (migrations run at start), its Kafka connection, problem+json errors, whitelisting validation,
 * and bearer-token authentication on every route but health and metrics (so a service enforces
 * its callers' scope even when called directly, not through the gateway).
 */
@Global()
@Module({})
export class ServiceRuntimeModule implements NestModule {
  static forRoot(options: ServiceRuntimeOptions): DynamicModule {
    const { config, serviceName } = options;
    const kafkaConnection = {
      provide: KafkaConnection,
      useFactory: () =>
        new KafkaConnection({ brokers: config.kafkaBrokers, clientId: serviceName, topicPrefix: config.KAFKA_TOPIC_PREFIX }),
    };
    return {
      module: ServiceRuntimeModule,
      imports: [
        loggingModule({ serviceName, level: config.LOG_LEVEL }),
        MetricsModule.forService(serviceName),
        AuthModule.forRoot(authSettingsFrom(config)),
        TypeOrmModule.forRoot({
          ...serviceDataSourceOptions({
            url: config.DATABASE_URL,
            schema: config.DATABASE_SCHEMA,
            serviceName,
            entities: withShared(options.entities as unknown[] | undefined, [...messagingEntities, ...auditEntities]) as ServiceDataSourceSettings['entities'],
            migrations: withShared(options.migrations as unknown[] | undefined, [...messagingMigrations, ...auditMigrations]) as ServiceDataSourceSettings['migrations'],
            poolSize: config.DATABASE_POOL_SIZE,
          }),
          retryAttempts: 3,
          retryDelay: 1_000,
        }),
        // Publishing through the outbox (relay in this process) and consuming through the inbox.
        MessagingModule.forRootAsync({
          inject: [METRICS_REGISTRY],
          useFactory: (registry: Registry) => ({ source: `/traininghubs/${serviceName}`, codec: protobufEventCodec, registry }),
        }),
      ],
      controllers: [HealthController],
      providers: [
        { provide: SERVICE_CONFIG, useValue: config },
        { provide: SERVICE_NAME, useValue: serviceName },
        kafkaConnection,
        { provide: KafkaConnectionLifecycle, useFactory: (c: KafkaConnection) => new KafkaConnectionLifecycle(c), inject: [KafkaConnection] },
        ReadinessRegistry,
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        {
          provide: APP_PIPE,
          useValue: new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, forbidUnknownValues: true }),
        },
      ],
      exports: [SERVICE_CONFIG, SERVICE_NAME, KafkaConnection, ReadinessRegistry],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(CorrelationMiddleware, HttpMetricsMiddleware).forRoutes('*path');
  }
}
