// Fault 10: poison records (no readable envelope, bytes that do not decode, a payload the handler
// rejects, a handler that always throws) among normal traffic. Each lands on the dead-letter
// topic once, other keys keep flowing; a full replay afterwards dead-letters nothing again.
import { Registry } from 'prom-client';
import { caughtUp, publishRecords } from '../../test/support';
import { encodeEnvelope, newEventId } from '../envelope/cloud-event';
import type { InboxConsumer } from '../inbox/inbox-consumer';
import { resetConsumerGroup } from '../inbox/reset-consumer-group';
import type { OutboxRelay } from '../relay/outbox-relay';
import { consumerOutcomes, inProcessConsumer, inProcessRelay, openScenario, writeChanges, type Scenario } from './fault-harness';
import { FAULT_EVENT_TYPE, FAULT_GROUP, FAULT_SOURCE, FAULT_TOPIC } from './fault-model';
import { expectReconciled, reconcile, settle, type PoisonRecord } from './reconciliation';

describe('fault 10: poison messages', () => {
  let scenario: Scenario;
  let relay: OutboxRelay;
  let consumer: InboxConsumer | undefined;

  beforeAll(async () => {
    scenario = await openScenario('f10');
    relay = inProcessRelay(scenario);
  });

  afterAll(async () => {
    await consumer?.stop();
    await relay.stop();
    await scenario.close();
  });

  it('dead-letters exactly the poison set, once each, while the other keys keep flowing', async () => {
    const envelope = (key: string) => ({ id: newEventId(), source: FAULT_SOURCE, type: FAULT_EVENT_TYPE, time: new Date(), subject: key, contentType: 'application/json' });
    const undecodable = envelope('poison-undecodable');
    const invalid = envelope('poison-invalid');
    const throwing = envelope('poison-throws');
    const records = [
      { key: 'poison-no-envelope', value: Buffer.from('{"key":"x","version":1}'), headers: { 'content-type': 'application/json' } },
      { key: 'poison-undecodable', value: Buffer.from([0xff, 0xfe, 0x00]), headers: encodeEnvelope(undecodable) },
      { key: 'poison-invalid', value: Buffer.from(JSON.stringify({ poison: 'invalid' })), headers: encodeEnvelope(invalid) },
      { key: 'poison-throws', value: Buffer.from(JSON.stringify({ key: 'poison-throws', version: 1, poison: 'throws' })), headers: encodeEnvelope(throwing) },
    ];
    const poison: PoisonRecord[] = [
      { key: 'poison-no-envelope' },
      { key: 'poison-undecodable', eventId: undecodable.id },
      { key: 'poison-invalid', eventId: invalid.id },
      { key: 'poison-throws', eventId: throwing.id },
    ];

    relay.start();
    const registry = new Registry();
    consumer = inProcessConsumer(scenario, { registry });
    await consumer.start();
    await writeChanges(scenario, 200, 24);
    const topic = scenario.connection.topic(FAULT_TOPIC);
    for (const record of records) await publishRecords(scenario.connection, topic, [record]);
    await writeChanges(scenario, 200, 24);
    await settle(scenario.connection, scenario.db.schema);

    const result = await reconcile(scenario.connection, scenario.db.schema, { poison });
    expectReconciled(result, poison.length);
    expect(result.committed).toBe(400);
    expect(await consumerOutcomes(registry)).toMatchObject({ applied: 400, 'dead-lettered': 4 });

    // Full replay: the poison comes round again and is not dead-lettered a second time.
    await consumer.stop();
    consumer = undefined;
    await resetConsumerGroup(scenario.connection, { group: FAULT_GROUP, topics: [FAULT_TOPIC], to: 'earliest' });
    const replaying = new Registry();
    consumer = inProcessConsumer(scenario, { registry: replaying });
    await consumer.start();
    await caughtUp(scenario.connection, scenario.connection.groupId(FAULT_GROUP), [topic], 90_000);
    expectReconciled(await reconcile(scenario.connection, scenario.db.schema, { poison }), poison.length);
    expect(await consumerOutcomes(replaying)).toMatchObject({ duplicate: 400 });
  });
});
