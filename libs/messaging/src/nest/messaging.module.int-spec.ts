import { Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { getDataSourceToken, InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import { Registry } from 'prom-client';
import type { DataSource, EntityManager } from 'typeorm';
import { brokers, caughtUp, createTopics, databaseUrl, deleteRunTopics, eventually, uniqueSuffix, withClient } from '../../test/support';
import { deadLetterTopicName } from '../dead-letters/dead-letter-topic';
import { jsonCodec } from '../envelope/payload-codec';
import type { ReceivedEvent } from '../inbox/received-event';
import { KafkaConnection } from '../kafka/kafka-connection';
import { messagingEntities, messagingMigrations } from '../messaging-schema';
import { OutboxWriter } from '../outbox/outbox-writer';
import { InboxRegistry } from './inbox-registry';
import { MessagingLifecycle } from './messaging.lifecycle';
import { MessagingModule } from './messaging.module';

const TOPIC = 'traininghubs.placements.placement.v1';
const FILLED = 'uk.nhs.traininghubs.placements.placement_filled.v1';
const GROUP = 'kpi-reporting.projections';

/** A use case of the service: fills a placement and records the event in the same transaction. */
@Injectable()
class FillPlacement {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
  ) {}

  execute(placementId: string): Promise<void> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('INSERT INTO placement (id) VALUES ($1)', [placementId]);
      await this.outbox.append(manager, {
        topic: TOPIC,
        key: placementId,
        aggregateType: 'placement',
        aggregateId: placementId,
        type: FILLED,
        message: { placementId },
        occurredAt: new Date(),
      });
    });
  }
}

/** A projection of the same service, registered as a consumer group. */
@Injectable()
class FilledPlacementsProjection implements OnModuleInit {
  constructor(private readonly inbox: InboxRegistry) {}

  onModuleInit(): void {
    this.inbox.register({
      group: GROUP,
      topics: [TOPIC],
      handlers: {
        [FILLED]: async (event: ReceivedEvent, manager: EntityManager) => {
          const { placementId } = event.payload as { placementId: string };
          await manager.query('INSERT INTO filled_placement (id, event_id) VALUES ($1, $2)', [placementId, event.envelope.id]);
        },
      },
    });
  }
}

@Module({ providers: [FillPlacement, FilledPlacementsProjection] })
class PlacementsFeatureModule {}

describe('MessagingModule in a Nest application (real Kafka and Postgres)', () => {
  const schema = `msg_nest_${uniqueSuffix()}`;
  const topicPrefix = `test-nest-${uniqueSuffix()}`;
  const registry = new Registry();
  const admin = new KafkaConnection({ brokers, clientId: 'nest-test-admin', topicPrefix });

  beforeAll(async () => {
    await withClient(async (client) => {
      await client.query(`CREATE SCHEMA "${schema}"`);
      await client.query(`CREATE TABLE "${schema}".placement (id text PRIMARY KEY)`);
      await client.query(`CREATE TABLE "${schema}".filled_placement (id text PRIMARY KEY, event_id uuid NOT NULL)`);
    });
    await createTopics(admin, [{ name: admin.topic(TOPIC) }, { name: admin.topic(deadLetterTopicName(TOPIC, GROUP)), partitions: 1 }]);
  });

  afterAll(async () => {
    await deleteRunTopics(admin);
    await admin.close();
    await withClient((client) => client.query(`DROP SCHEMA "${schema}" CASCADE`));
  });

  it('publishes what a use case records and delivers it to a registered handler; stops cleanly', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: databaseUrl,
          schema,
          entities: messagingEntities,
          migrations: messagingMigrations,
          migrationsRun: true,
          extra: { options: `-c search_path=${schema}` },
        }),
        MessagingModule.forRootAsync({
          provideKafkaConnection: true,
          useFactory: () => ({
            source: '/traininghubs/placements',
            codec: jsonCodec,
            kafka: { brokers, clientId: 'placements', topicPrefix },
            relay: { pollIntervalMs: 200 },
            registry,
          }),
        }),
        PlacementsFeatureModule,
      ],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();

    const lifecycle = app.get(MessagingLifecycle);
    expect(lifecycle.relay?.isRunning).toBe(true);
    const [consumer] = app.get(InboxRegistry).consumers();
    expect(consumer.group).toBe(GROUP);
    await eventually(async () => consumer.ready(1_000).then(() => true, () => false), (ok) => ok);
    expect(await app.get(KafkaConnection).ping()).toMatchObject({ brokers: 1 });

    await app.get(FillPlacement).execute('placement-1');
    await app.get(FillPlacement).execute('placement-2');
    const dataSource = app.get<DataSource>(getDataSourceToken());
    const filled = await eventually(
      async () => (await dataSource.query(`SELECT id FROM "${schema}".filled_placement ORDER BY id`)).map((r: { id: string }) => r.id),
      (ids: string[]) => ids.length === 2,
    );
    expect(filled).toEqual(['placement-1', 'placement-2']);
    await caughtUp(admin, admin.groupId(GROUP), [admin.topic(TOPIC)]);
    expect(await registry.getSingleMetricAsString('traininghubs_outbox_published_total')).toMatch(/\} 2$/m);

    await app.close();
    expect(lifecycle.relay?.isRunning).toBe(false);
    expect(consumer.isRunning).toBe(false);
  });
});
