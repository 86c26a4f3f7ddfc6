// Fault 8: a consumer group rebalanced again and again while traffic flows: members leave and
// join every couple of seconds (and one is killed for real) while the writers and the relay run.
import type { InboxConsumer } from '../inbox/inbox-consumer';
import type { OutboxRelay } from '../relay/outbox-relay';
import { inProcessConsumer, inProcessRelay, openScenario, startChild, startLoad, type Child, type Scenario } from './fault-harness';
import { expectReconciled, reconcile, settle } from './reconciliation';

const REBALANCES = Number(process.env.FAULT_REBALANCES ?? 6);

describe('fault 8: consumer group rebalanced again and again under traffic', () => {
  let scenario: Scenario;
  let relay: OutboxRelay;
  const members: InboxConsumer[] = [];
  const children: Child[] = [];

  beforeAll(async () => {
    scenario = await openScenario('f8', { poolSize: 16 });
    relay = inProcessRelay(scenario);
  });

  afterAll(async () => {
    for (const child of children) await child.kill();
    for (const member of members) await member.stop();
    await relay.stop();
    await scenario.close();
  });

  it('keeps every change applied once and in order through the rebalances', async () => {
    relay.start();
    for (let i = 0; i < 2; i++) {
      const member = inProcessConsumer(scenario);
      await member.start();
      members.push(member);
    }
    const load = startLoad(scenario, { perSecond: 100, keys: 40 });
    let changes = 0;
    while (changes < REBALANCES) {
      await new Promise((r) => setTimeout(r, 1_000));
      if (changes % 3 === 1) {
        // A member that dies instead of leaving: a real process, SIGKILLed.
        const child = startChild('consumer-child.ts', scenario);
        children.push(child);
        await child.waitFor((l) => l.event === 'ready');
        await new Promise((r) => setTimeout(r, 1_000));
        expect((await child.kill('SIGKILL')).signal).toBe('SIGKILL');
      } else {
        const leaving = members.shift();
        await leaving?.stop();
        const joining = inProcessConsumer(scenario);
        await joining.start();
        members.push(joining);
      }
      changes++;
    }
    await load.stop();
    expect(load.failures).toBe(0);

    await settle(scenario.connection, scenario.db.schema, { timeoutMs: 120_000 });
    const result = await reconcile(scenario.connection, scenario.db.schema);
    expectReconciled(result);
    expect(result.committed).toBe(load.committed);
    expect(result.committed).toBeGreaterThan(REBALANCES * 100);
  });
});
