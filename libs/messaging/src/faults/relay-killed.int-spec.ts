// Fault 3: the relay is killed (SIGKILL, a real child process) after Kafka acknowledged a batch
// but before it deleted the rows. A second relay republishes them once the lease lapses:
// duplicates on the topic, none in effects.
import { withClient } from '../../test/support';
import type { InboxConsumer } from '../inbox/inbox-consumer';
import { inProcessConsumer, openScenario, startChild, writeChanges, type Child, type Scenario } from './fault-harness';
import { expectReconciled, reconcile, settle } from './reconciliation';

const RELAY_ENV = { RELAY_BATCH_SIZE: '50', RELAY_LEASE_MS: '3000', RELAY_POLL_INTERVAL_MS: '100', RELAY_BACKOFF_INITIAL_MS: '200', RELAY_BACKOFF_MAX_MS: '2000' };

describe('fault 3: relay killed between the Kafka acknowledgement and marking the rows', () => {
  let scenario: Scenario;
  let consumer: InboxConsumer | undefined;
  const children: Child[] = [];

  beforeAll(async () => {
    scenario = await openScenario('f3');
  });

  afterAll(async () => {
    for (const child of children) await child.kill();
    await consumer?.stop();
    await scenario.close();
  });

  it('republishes the acknowledged batch after the kill; the consumer applies every change once, in order', async () => {
    await writeChanges(scenario, 400, 20);
    consumer = inProcessConsumer(scenario);
    await consumer.start();

    const doomed = startChild('relay-child.ts', scenario, { ...RELAY_ENV, RELAY_OWNER: 'relay-doomed', FAULT_HOOK: 'afterPublish', FAULT_AT_CYCLE: '3' });
    children.push(doomed);
    const hook = await doomed.waitFor((l) => l.event === 'hook');
    expect(await doomed.kill('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });

    // Kafka has the batch, the outbox still has it too: the dual state the scenario is about.
    const acknowledged = hook.eventIds as string[];
    expect(acknowledged.length).toBeGreaterThan(0);
    const stillQueued = await withClient(async (c) =>
      Number((await c.query(`SELECT count(*) AS n FROM "${scenario.db.schema}".outbox WHERE event_id = ANY($1::uuid[])`, [acknowledged])).rows[0].n),
    );
    expect(stillQueued).toBe(acknowledged.length);

    const successor = startChild('relay-child.ts', scenario, { ...RELAY_ENV, RELAY_OWNER: 'relay-successor' });
    children.push(successor);
    await successor.waitFor((l) => l.event === 'ready');
    await settle(scenario.connection, scenario.db.schema);

    const result = await reconcile(scenario.connection, scenario.db.schema);
    expectReconciled(result);
    expect(result.committed).toBe(400);
    expect(result.topicDuplicates).toBeGreaterThanOrEqual(acknowledged.length);

    expect(await successor.kill('SIGTERM')).toEqual({ code: 0, signal: null });
  });
});
