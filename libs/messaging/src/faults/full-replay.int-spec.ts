// Fault 9: the consumer group is reset to the earliest offsets (a full replay): every record
// comes again, every one is a duplicate, and no effect is added.
import { Registry } from 'prom-client';
import { caughtUp } from '../../test/support';
import type { InboxConsumer } from '../inbox/inbox-consumer';
import { resetConsumerGroup } from '../inbox/reset-consumer-group';
import type { OutboxRelay } from '../relay/outbox-relay';
import { consumerOutcomes, inProcessConsumer, inProcessRelay, openScenario, writeChanges, type Scenario } from './fault-harness';
import { FAULT_GROUP, FAULT_TOPIC } from './fault-model';
import { expectReconciled, reconcile, settle } from './reconciliation';

describe('fault 9: consumer group reset far back (full replay)', () => {
  let scenario: Scenario;
  let relay: OutboxRelay;
  let consumer: InboxConsumer | undefined;

  beforeAll(async () => {
    scenario = await openScenario('f9');
    relay = inProcessRelay(scenario);
  });

  afterAll(async () => {
    await consumer?.stop();
    await relay.stop();
    await scenario.close();
  });

  it('replays the whole topic with no new effects', async () => {
    relay.start();
    consumer = inProcessConsumer(scenario);
    await consumer.start();
    await writeChanges(scenario, 600, 30);
    await settle(scenario.connection, scenario.db.schema);
    const before = await reconcile(scenario.connection, scenario.db.schema);
    expectReconciled(before);

    await consumer.stop();
    consumer = undefined;
    await resetConsumerGroup(scenario.connection, { group: FAULT_GROUP, topics: [FAULT_TOPIC], to: 'earliest' });
    const registry = new Registry();
    consumer = inProcessConsumer(scenario, { registry });
    await consumer.start();
    await caughtUp(scenario.connection, scenario.connection.groupId(FAULT_GROUP), [scenario.connection.topic(FAULT_TOPIC)], 90_000);

    const after = await reconcile(scenario.connection, scenario.db.schema);
    expectReconciled(after);
    expect(after.effects).toBe(before.effects);
    expect(await consumerOutcomes(registry)).toEqual({ duplicate: 600 });
  });
});
