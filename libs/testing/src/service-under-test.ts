import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { developmentSigningKey, mintDevelopmentToken, type Caller, type DevelopmentSigningKey } from '@traininghubs/auth';
import { DEFAULT_AUTH_AUDIENCE, DEFAULT_AUTH_ISSUER, loadConfig, type ServiceEnvironment } from '@traininghubs/config';
import { decodeEvent, encodeEvent, eventDefinition, type EventInit, type EventMessage, type EventType } from '@traininghubs/contracts';
import { encodeEnvelope, KafkaConnection, loadTopicManifest, newEventId, PROTOBUF_CONTENT_TYPE, provisionTopics, type KafkaConsumer, type KafkaProducer } from '@traininghubs/messaging';
import { createServiceApp } from '@traininghubs/runtime';
import { provisionTestSchema, type TestServiceSchema } from './database';
import { testKafkaBrokers, uniqueName } from './infrastructure';

export interface ServiceUnderTestOptions<E extends ServiceEnvironment> {
  serviceName: string;
  environment: new () => E;
  module: (config: E) => Type<unknown> | DynamicModule;
  /** Logical topics whose records the test reads back (what the service published). */
  readTopics?: string[];
}

interface PublishedRecord {
  type: string;
  key: string;
  value: Buffer;
}

/**
 * A platform service running in-process for an integration test, exactly as it runs in
 * production but on a fresh schema and role, its own topic prefix (topics provisioned from the
 * manifest) and its own development signing key. Requests go through HTTP with real tokens;
 * what the service published is read back from Kafka, each event once (by ce_source and ce_id).
 */
export class ServiceUnderTest {
  private readonly published: PublishedRecord[] = [];
  /** Events already read back, by ce_source and ce_id: a redelivered copy is not a new event. */
  private readonly seen = new Set<string>();
  /** Copies of events already read back (the relay publishes at least once). */
  redeliveries = 0;
  private consumer?: KafkaConsumer;
  private producer?: KafkaProducer;

  private constructor(
    readonly app: INestApplication,
    readonly dataSource: DataSource,
    readonly schema: TestServiceSchema,
    readonly connection: KafkaConnection,
    private readonly key: DevelopmentSigningKey,
  ) {}

  static async start<E extends ServiceEnvironment>(options: ServiceUnderTestOptions<E>): Promise<ServiceUnderTest> {
    const schema = await provisionTestSchema(options.serviceName);
    const brokers = testKafkaBrokers();
    const prefix = uniqueName(options.serviceName.replace(/-/g, '_'));
    const connection = new KafkaConnection({ brokers, clientId: `${options.serviceName}-test`, topicPrefix: prefix });
    await provisionTopics(connection, loadTopicManifest());
    const key = await developmentSigningKey(mkdtempSync(join(tmpdir(), `${options.serviceName}-key-`)));
    const config = loadConfig(options.serviceName, options.environment, {
      NODE_ENV: 'test',
      DATABASE_URL: schema.url,
      DATABASE_SCHEMA: schema.schema,
      KAFKA_BROKERS: brokers.join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      LOG_LEVEL: 'silent',
      AUTH_LOCAL_PUBLIC_JWK: JSON.stringify(key.publicJwk),
    });
    const app = await createServiceApp({ serviceName: options.serviceName, environment: options.environment, module: options.module }, config);
    await app.init();
    const service = new ServiceUnderTest(app, app.get<DataSource>(getDataSourceToken()), schema, connection, key);
    if (options.readTopics?.length) await service.readBack(options.readTopics);
    return service;
  }

  token(caller: Caller): Promise<string> {
    return mintDevelopmentToken(caller, { key: this.key, issuer: DEFAULT_AUTH_ISSUER, audience: DEFAULT_AUTH_AUDIENCE });
  }

  async get(path: string, caller: Caller): Promise<request.Response> {
    return request(this.app.getHttpServer()).get(path).set('Authorization', `Bearer ${await this.token(caller)}`);
  }

  post(path: string, body: object, caller: Caller): Promise<request.Response> {
    return this.send('post', path, body, caller);
  }

  /** A write with any verb; a string body goes as `contentType` (e.g. `text/csv`), an object as JSON. */
  async send(method: 'post' | 'put' | 'patch' | 'delete', path: string, body: object | string, caller: Caller, contentType?: string): Promise<request.Response> {
    const call = request(this.app.getHttpServer())[method](path).set('Authorization', `Bearer ${await this.token(caller)}`);
    return (contentType ? call.set('Content-Type', contentType) : call).send(body);
  }

  /** The `count`-th event of a type for a record key, decoded; waits up to 20 s for it. */
  async eventOf<T extends EventType>(type: T, key: string, count = 1): Promise<EventMessage<T>> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const found = this.published.filter((p) => p.type === type && p.key === key);
      if (found.length >= count) return decodeEvent(type, found[count - 1].value);
      if (Date.now() > deadline) throw new Error(`no ${type} for ${key} on Kafka; saw ${this.published.map((p) => p.type).join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /**
   * Puts an event another service publishes on its topic (from the catalogue), as that service's
   * relay would (CloudEvents headers, protobuf payload), for the service under test to consume.
   * `time` is when it happened (ce_time), now by default.
   */
  async receive<T extends EventType>(type: T, key: string, init: EventInit<T>, options: SourceRecordOptions = {}): Promise<void> {
    if (!this.producer) {
      const producer = this.connection.producer({ idempotent: true });
      await producer.connect();
      this.producer = producer;
    }
    const { topic, message } = sourceRecord(type, key, init, options);
    await this.producer.send({ topic: this.connection.topic(topic), messages: [message] });
  }

  /** Every event of a type read back so far, each once (see `redeliveries`). */
  publishedOfType(type: string): ReadonlyArray<{ key: string; value: Buffer }> {
    return this.published.filter((p) => p.type === type);
  }

  async close(): Promise<void> {
    await this.producer?.disconnect();
    await this.consumer?.disconnect();
    await this.app.close();
    await this.connection.close();
    await this.schema.drop();
  }

  private async readBack(topics: string[]): Promise<void> {
    this.consumer = this.connection.consumer({ groupId: uniqueName('service_test') });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: topics.map((t) => this.connection.topic(t)), fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ message }) => {
        // Counted as a consumer's inbox counts them: once per event, whatever the copies.
        const identity = `${String(message.headers?.ce_source ?? '')} ${String(message.headers?.ce_id ?? '')}`;
        if (this.seen.has(identity)) {
          this.redeliveries += 1;
          return;
        }
        this.seen.add(identity);
        this.published.push({ type: String(message.headers?.ce_type ?? ''), key: String(message.key ?? ''), value: message.value ?? Buffer.alloc(0) });
      },
    });
  }
}

/** Hubs as hub-registry announced them: rows in the service's own hub directory (state, not a mock). */
export async function registerHubs(dataSource: DataSource, hubs: Array<{ hubId: string; name: string; icbCode: string; regionCode: string }>): Promise<void> {
  for (const hub of hubs) {
    await dataSource.query(
      `INSERT INTO hub_directory (hub_id, name, level, icb_code, region_code, active, updated_at) VALUES ($1, $2, 'ics', $3, $4, true, now())`,
      [hub.hubId, hub.name, hub.icbCode, hub.regionCode],
    );
    await dataSource.query(`INSERT INTO hub_directory_footprint (hub_id, effective_from, icb_code, region_code) VALUES ($1, '0001-01-01', $2, $3)`, [hub.hubId, hub.icbCode, hub.regionCode]);
  }
}

export interface SourceRecordOptions {
  /** When it happened (ce_time); now by default. */
  time?: Date;
  /** When it was recorded (ce_recordedtime); left out by default, as on events written before the attribute existed. */
  recordedTime?: Date;
  /** ce_id; a new one by default. */
  id?: string;
  /** ce_source; `/traininghubs/test` by default. */
  source?: string;
}

/**
 * A catalogue event as its owner's relay publishes it: the logical topic it travels on, and the
 * Kafka message (key, protobuf payload, CloudEvents headers). For tests that feed a service.
 */
export function sourceRecord<T extends EventType>(type: T, key: string, init: EventInit<T>, options: SourceRecordOptions = {}) {
  return {
    topic: eventDefinition(type).topic,
    message: {
      key,
      value: Buffer.from(encodeEvent(type, init)),
      headers: encodeEnvelope({
        id: options.id ?? newEventId(),
        source: options.source ?? '/traininghubs/test',
        type,
        time: options.time ?? new Date(),
        recordedTime: options.recordedTime,
        subject: key,
        contentType: PROTOBUF_CONTENT_TYPE,
      }),
    },
  };
}
