import { Client, type Notification } from 'pg';
import type { EntityManager } from 'typeorm';
import { jsonCodec } from '../envelope/payload-codec';
import { databaseUrl, testDatabase, type TestDatabase } from '../../test/support';
import { OutboxMessageEntity } from './outbox-message.entity';
import type { OutboxEvent } from './outbox-event';
import { OutboxWriteError, OutboxWriter } from './outbox-writer';

const TOPIC = 'traininghubs.placements.placement.v1';

const placementFilled = (placementId: string, version: number): OutboxEvent => ({
  topic: TOPIC,
  key: placementId,
  aggregateType: 'placement',
  aggregateId: placementId,
  aggregateVersion: version,
  type: 'uk.nhs.traininghubs.placements.placement_filled.v1',
  message: { placementId, learner: 'pharmacist', version },
  occurredAt: new Date('2025-10-01T09:30:00Z'),
});

describe('OutboxWriter (real Postgres)', () => {
  let db: TestDatabase;
  const writer = new OutboxWriter({
    source: '/traininghubs/placements',
    codec: jsonCodec,
    context: () => ({ correlationId: 'req-42', traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' }),
  });

  beforeAll(async () => {
    db = await testDatabase('writer', { extraSql: ['CREATE TABLE $schema.placement (id text PRIMARY KEY, status text NOT NULL)'] });
  });
  afterAll(() => db.close());

  const fillPlacement = (manager: EntityManager, id: string, version: number) =>
    manager.query(`INSERT INTO "${db.schema}".placement (id, status) VALUES ($1, 'filled')`, [id]).then(() =>
      writer.append(manager, placementFilled(id, version)),
    );
  const outboxRows = () => db.dataSource.getRepository(OutboxMessageEntity).find({ order: { seq: 'ASC' } });
  const placements = async () =>
    (await db.dataSource.query(`SELECT id FROM "${db.schema}".placement ORDER BY id`)).map((r: { id: string }) => r.id);

  afterEach(async () => {
    await db.dataSource.query(`TRUNCATE "${db.schema}".outbox, "${db.schema}".placement`);
  });

  it('creates exactly the tables the entities describe, in the service schema', async () => {
    const pending = await db.dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('commits the outbox row together with the state change', async () => {
    const before = Date.now();
    const appended = await db.dataSource.transaction((manager) => fillPlacement(manager, 'p-1', 1));
    const after = Date.now();
    const rows = await outboxRows();
    expect(await placements()).toEqual(['p-1']);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      seq: appended.seq,
      eventId: appended.eventId,
      topic: TOPIC,
      partitionKey: 'p-1',
      aggregateType: 'placement',
      aggregateId: 'p-1',
      aggregateVersion: '1',
      eventType: 'uk.nhs.traininghubs.placements.placement_filled.v1',
      attempts: 0,
      leaseOwner: null,
    });
    expect(JSON.parse(rows[0].payload.toString('utf8'))).toEqual({ placementId: 'p-1', learner: 'pharmacist', version: 1 });
    expect(rows[0].headers).toEqual({
      ce_specversion: '1.0',
      ce_id: appended.eventId,
      ce_source: '/traininghubs/placements',
      ce_type: 'uk.nhs.traininghubs.placements.placement_filled.v1',
      ce_time: '2025-10-01T09:30:00.000Z',
      ce_recordedtime: expect.any(String),
      ce_subject: 'p-1',
      'content-type': 'application/json',
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      correlation_id: 'req-42',
    });
    // ce_time is when the placement was filled; ce_recordedtime when the writer recorded it (now).
    const recorded = Date.parse(rows[0].headers.ce_recordedtime);
    expect(recorded).toBeGreaterThanOrEqual(before);
    expect(recorded).toBeLessThanOrEqual(after);
  });

  it('discards the outbox row when the state change rolls back', async () => {
    await expect(
      db.dataSource.transaction(async (manager) => {
        await fillPlacement(manager, 'p-2', 1);
        throw new Error('the placement was already filled');
      }),
    ).rejects.toThrow('already filled');
    expect(await outboxRows()).toEqual([]);
    expect(await placements()).toEqual([]);
  });

  it('refuses to append outside a transaction', async () => {
    await expect(writer.append(db.dataSource.manager, placementFilled('p-3', 1))).rejects.toThrow(OutboxWriteError);
    expect(await outboxRows()).toEqual([]);
  });

  it('rejects an event whose envelope is invalid, before anything is written', async () => {
    await expect(
      db.dataSource.transaction((manager) => writer.append(manager, { ...placementFilled('p-4', 1), type: 'PlacementFilled' })),
    ).rejects.toThrow(/ce_type/);
  });

  it('appends several events in the order given', async () => {
    const appended = await db.dataSource.transaction((manager) =>
      writer.appendAll(manager, [placementFilled('p-5', 1), placementFilled('p-6', 1), placementFilled('p-5', 2)]),
    );
    const rows = await outboxRows();
    expect(rows.map((r) => r.eventId)).toEqual(appended.map((a) => a.eventId));
    expect(rows.map((r) => `${r.partitionKey}@${r.aggregateVersion}`)).toEqual(['p-5@1', 'p-6@1', 'p-5@2']);
  });

  it('makes a second writer of the same key wait for the first to commit, so seq follows commit order', async () => {
    const first = db.dataSource.createQueryRunner();
    const second = db.dataSource.createQueryRunner();
    const other = db.dataSource.createQueryRunner();
    try {
      await first.startTransaction();
      await second.startTransaction();
      await other.startTransaction();
      const firstAppend = await writer.append(first.manager, placementFilled('p-7', 1));

      let secondDone = false;
      const secondAppend = writer.append(second.manager, placementFilled('p-7', 2)).then((a) => {
        secondDone = true;
        return a;
      });
      // Another key is not held up.
      await writer.append(other.manager, placementFilled('p-8', 1));
      await other.commitTransaction();
      await new Promise((r) => setTimeout(r, 300));
      expect(secondDone).toBe(false);

      await first.commitTransaction();
      const secondResult = await secondAppend;
      await second.commitTransaction();
      expect(BigInt(secondResult.seq)).toBeGreaterThan(BigInt(firstAppend.seq));
    } finally {
      await Promise.all([first.release(), second.release(), other.release()]);
    }
  });

  it('wakes listeners when the transaction commits, not before and not on rollback', async () => {
    const listener = new Client({ connectionString: databaseUrl });
    await listener.connect();
    const heard: Notification[] = [];
    listener.on('notification', (n) => heard.push(n));
    await listener.query(`LISTEN "outbox_${db.schema}"`);
    try {
      const runner = db.dataSource.createQueryRunner();
      await runner.startTransaction();
      await writer.append(runner.manager, placementFilled('p-9', 1));
      await new Promise((r) => setTimeout(r, 200));
      expect(heard).toHaveLength(0);
      await runner.rollbackTransaction();
      await new Promise((r) => setTimeout(r, 200));
      expect(heard).toHaveLength(0);

      await runner.startTransaction();
      await writer.append(runner.manager, placementFilled('p-9', 1));
      await runner.commitTransaction();
      await runner.release();
      const deadline = Date.now() + 5_000;
      while (heard.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(heard.map((n) => n.channel)).toEqual([`outbox_${db.schema}`]);
    } finally {
      await listener.end();
    }
  });
});
