// Faults 1 and 2, on a broker this suite owns (the shared one is never touched):
//   1. the broker restarts under steady load;
//   2. the broker is down for a while (FAULT_BROKER_DOWN_MS, default 20 s; the notes say
//      "minutes": set e.g. FAULT_BROKER_DOWN_MS=180000 for that): writes keep succeeding, the
//      outbox grows, then drains in order.
import { uniqueSuffix } from '../../test/support';
import type { InboxConsumer } from '../inbox/inbox-consumer';
import { KafkaConnection } from '../kafka/kafka-connection';
import type { OutboxRelay } from '../relay/outbox-relay';
import { inProcessConsumer, inProcessRelay, openScenario, startLoad, until, type Scenario } from './fault-harness';
import { ownBroker, type OwnBroker } from './own-broker';
import { expectReconciled, outboxBacklog, reconcile, settle } from './reconciliation';

const DOWN_MS = Number(process.env.FAULT_BROKER_DOWN_MS ?? 20_000);

describe('faults 1 and 2: broker restart and outage (own broker)', () => {
  let broker: OwnBroker;
  const cleanups: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    broker = await ownBroker();
  }, 180_000);

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    await broker?.close();
  }, 120_000);

  async function running(label: string): Promise<{ scenario: Scenario; relay: OutboxRelay; consumer: InboxConsumer }> {
    const connection = new KafkaConnection({ brokers: broker.brokers, clientId: `faults-${label}`, topicPrefix: `test-${label}-${uniqueSuffix()}` });
    const scenario = await openScenario(label, { connection });
    const relay = inProcessRelay(scenario);
    const consumer = inProcessConsumer(scenario);
    cleanups.push(() => scenario.close(), () => relay.stop(), () => consumer.stop());
    relay.start();
    await consumer.start();
    return { scenario, relay, consumer };
  }

  it('1: a broker restart under steady load loses nothing, duplicates no effect, keeps order', async () => {
    const { scenario } = await running('f1');
    const load = startLoad(scenario, { perSecond: 80, keys: 30 });
    await until('committed changes', async () => load.committed, (n) => n >= 300);
    await broker.stop();
    await broker.start();
    await until('committed changes', async () => load.committed, (n) => n >= 700, 60_000);
    await load.stop();
    expect(load.failures).toBe(0);

    await settle(scenario.connection, scenario.db.schema, { timeoutMs: 120_000 });
    const result = await reconcile(scenario.connection, scenario.db.schema);
    expectReconciled(result);
    expect(result.committed).toBe(load.committed);
  }, 240_000);

  it(`2: the broker down for ${DOWN_MS / 1_000} s: writes succeed, the outbox grows, then drains in order`, async () => {
    const { scenario } = await running('f2');
    const load = startLoad(scenario, { perSecond: 80, keys: 30 });
    await until('committed changes', async () => load.committed, (n) => n >= 200);
    await broker.stop();
    const atOutage = load.committed;
    await new Promise((r) => setTimeout(r, DOWN_MS));
    const duringOutage = load.committed - atOutage;
    const backlog = await outboxBacklog(scenario.db.schema);
    expect(load.failures).toBe(0);
    expect(duringOutage).toBeGreaterThan((DOWN_MS / 1_000) * 40);
    expect(backlog).toBeGreaterThanOrEqual(duringOutage);

    await broker.start();
    await until('committed changes', async () => load.committed, (n) => n >= atOutage + duringOutage + 200, 60_000);
    await load.stop();
    expect(load.failures).toBe(0);

    await settle(scenario.connection, scenario.db.schema, { timeoutMs: 150_000 });
    const result = await reconcile(scenario.connection, scenario.db.schema);
    expectReconciled(result);
    expect(result.committed).toBe(load.committed);
  }, 300_000);
});
