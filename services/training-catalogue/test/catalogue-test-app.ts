import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import request from 'supertest';
import { developmentSigningKey, mintDevelopmentToken, type Caller, type DevelopmentSigningKey } from '@traininghubs/auth';
import { loadConfig } from '@traininghubs/config';
import { decodeEvent, HubLevel, localDateFromIso, type AnyEventMessage } from '@traininghubs/contracts';
import { HUB_REGISTERED } from '@traininghubs/hub-directory';
import { headersAsText, KafkaConnection, loadTopicManifest, provisionTopics } from '@traininghubs/messaging';
import { createServiceApp } from '@traininghubs/runtime';
import { provisionTestSchema, sourceRecord, testKafkaBrokers, uniqueName, type TestServiceSchema } from '@traininghubs/testing';
import type { Clock } from '../src/catalogue/clock';
import { TrainingCatalogueEnvironment } from '../src/training-catalogue.environment';
import { TrainingCatalogueModule } from '../src/training-catalogue.module';

export interface PublishedEvent {
  topic: string;
  key: string;
  type: string;
  /** `ce_time`: when the occurrence happened. */
  time: string;
  /** `ce_recordedtime`: when the platform recorded it. */
  recordedTime: string | undefined;
  payload: AnyEventMessage;
}

/** A clock the test moves forward. */
export class TestClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(moment: Date): void {
    this.current = moment;
  }
}

/**
 * The training catalogue in-process, on its own schema and role in the real Postgres and its own
 * topic prefix on the real Kafka broker, with a consumer of its two streams.
 */
export class CatalogueTestApp {
  readonly events: PublishedEvent[] = [];
  app!: INestApplication;
  db!: TestServiceSchema;
  private key!: DevelopmentSigningKey;
  private connection!: KafkaConnection;
  private stopConsumer: () => Promise<void> = async () => undefined;

  /** `env`: settings of the service's environment for this suite (e.g. IMPORT_BACKGROUND_ROWS), over the defaults. */
  constructor(
    readonly clock: TestClock,
    private readonly env: Record<string, string> = {},
  ) {}

  async start(): Promise<void> {
    this.db = await provisionTestSchema('training-catalogue');
    const brokers = testKafkaBrokers();
    const prefix = uniqueName('tc');
    this.connection = new KafkaConnection({ brokers, clientId: 'training-catalogue-test', topicPrefix: prefix });
    await provisionTopics(this.connection, loadTopicManifest(join(__dirname, '../../../infra/kafka/topics.yaml')));
    const keyDirectory = mkdtempSync(join(tmpdir(), 'training-catalogue-'));
    this.key = await developmentSigningKey(keyDirectory);
    const config = loadConfig('training-catalogue', TrainingCatalogueEnvironment, {
      NODE_ENV: 'test',
      DATABASE_URL: this.db.url,
      DATABASE_SCHEMA: this.db.schema,
      DATABASE_POOL_SIZE: '12',
      KAFKA_BROKERS: brokers.join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      LOG_LEVEL: 'silent',
      AUTH_LOCAL_PUBLIC_JWK: JSON.stringify(this.key.publicJwk),
      ...this.env,
    });
    // Built as the service runs (createServiceApp: its body guard, parsers and problem mapping), with the test's clock.
    this.app = await createServiceApp(
      { serviceName: 'training-catalogue', environment: TrainingCatalogueEnvironment, module: (c) => TrainingCatalogueModule.register(c, { clock: this.clock }), openApi: { title: 'training-catalogue' } },
      config,
    );
    await this.app.init();
    await this.consumeOwnStreams();
  }

  async stop(): Promise<void> {
    await this.stopConsumer();
    await this.app?.close();
    await this.connection?.close();
    await this.db?.drop();
  }

  /**
   * Registers a hub the way hub-registry does: a HubRegistered event on the hub stream, active from
   * `activeFrom` (ISO day) when given; waits until the directory has it.
   */
  /** Registers a hub the way hub-registry does; `wait: false` returns as soon as the event is on its topic. */
  async registerHub(hubId: string, icbCode: string, regionCode: string, activeFrom?: string, { wait = true } = {}): Promise<void> {
    const producer = this.connection.producer();
    await producer.connect();
    const details = { name: `Hub ${icbCode}`, level: HubLevel.ICS, icb: { odsCode: icbCode, name: `NHS ${icbCode} ICB` }, regionOdsCode: regionCode };
    const init = activeFrom ? { hubId, details, activeFrom: localDateFromIso(activeFrom) } : { hubId, details };
    const { topic, message } = sourceRecord(HUB_REGISTERED, hubId, init, { source: '/traininghubs/hub-registry' });
    await producer.send({ topic: this.connection.topic(topic), messages: [message] });
    await producer.disconnect();
    if (!wait) return;
    await this.until(async () => (await this.query(`SELECT 1 FROM hub_directory WHERE hub_id = $1`, [hubId])).length === 1, `hub ${hubId} in the directory`);
  }

  query(sql: string, params: unknown[] = []): Promise<Array<Record<string, unknown>>> {
    return this.app.get(DataSource).query(sql, params);
  }

  token(caller: Caller): Promise<string> {
    return mintDevelopmentToken(caller, { key: this.key, issuer: 'https://traininghubs.nhs.uk', audience: 'traininghubs-platform' });
  }

  async post(caller: Caller, path: string, body: object = {}) {
    return request(this.app.getHttpServer()).post(path).set('Authorization', `Bearer ${await this.token(caller)}`).send(body);
  }

  /** A request to the service over HTTP, for a test that builds its own. */
  request() {
    return request(this.app.getHttpServer());
  }

  /** A POST whose body is a file (text/csv unless told otherwise). */
  async postFile(caller: Caller, path: string, body: string, contentType = 'text/csv') {
    return request(this.app.getHttpServer()).post(path).set('Authorization', `Bearer ${await this.token(caller)}`).set('Content-Type', contentType).send(body);
  }

  async put(caller: Caller, path: string, body: object) {
    return request(this.app.getHttpServer()).put(path).set('Authorization', `Bearer ${await this.token(caller)}`).send(body);
  }

  async get(caller: Caller, path: string) {
    return request(this.app.getHttpServer()).get(path).set('Authorization', `Bearer ${await this.token(caller)}`);
  }

  /** Waits for published events matching `predicate` (short polls, no sleeps beyond them). */
  async eventsWhere(predicate: (e: PublishedEvent) => boolean, count: number): Promise<PublishedEvent[]> {
    await this.until(async () => this.events.filter(predicate).length >= count, `${count} matching event(s)`);
    return this.events.filter(predicate);
  }

  async until(condition: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private async consumeOwnStreams(): Promise<void> {
    const consumer = this.connection.consumer({ groupId: this.connection.groupId(uniqueName('tc_reader')), maxWaitTimeMs: 100 });
    await consumer.connect();
    const topics = ['traininghubs.trainingcatalogue.course.v1', 'traininghubs.trainingcatalogue.session.v1'];
    await consumer.subscribe({ topics: topics.map((t) => this.connection.topic(t)), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        const headers = headersAsText(message.headers);
        const type = headers.ce_type;
        this.events.push({
          topic,
          key: message.key?.toString() ?? '',
          type,
          time: headers.ce_time,
          recordedTime: headers.ce_recordedtime,
          payload: decodeEvent(type, new Uint8Array(message.value ?? Buffer.alloc(0))),
        });
      },
    });
    this.stopConsumer = async () => {
      await consumer.disconnect();
    };
  }
}
