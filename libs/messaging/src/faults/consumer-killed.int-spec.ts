// Faults 5 and 6: the consumer (a real child process) is killed with SIGKILL
//   5. after its database commit, before its Kafka offset commit: the records since the last
//      offset commit come again and the inbox absorbs them;
//   6. inside its transaction: the transaction rolls back and the event is applied by the next one.
import { withClient } from '../../test/support';
import type { OutboxRelay } from '../relay/outbox-relay';
import { inProcessRelay, openScenario, startChild, until, writeChanges, type Child, type Scenario } from './fault-harness';
import { expectReconciled, outboxBacklog, reconcile, settle } from './reconciliation';

const effectsOf = (schema: string, eventId: string) =>
  withClient(async (c) => Number((await c.query(`SELECT count(*) AS n FROM "${schema}".effect WHERE event_id = $1`, [eventId])).rows[0].n));
const inboxHas = (schema: string, eventId: string) =>
  withClient(async (c) => Number((await c.query(`SELECT count(*) AS n FROM "${schema}".inbox WHERE event_id = $1`, [eventId])).rows[0].n));

describe.each([
  { fault: 5, hook: 'afterDatabaseCommit', committed: 1 },
  { fault: 6, hook: 'insideTransaction', committed: 0 },
])('fault $fault: consumer killed at $hook', ({ fault, hook, committed }) => {
  let scenario: Scenario;
  let relay: OutboxRelay;
  const children: Child[] = [];

  beforeAll(async () => {
    scenario = await openScenario(`f${fault}`);
    relay = inProcessRelay(scenario);
  });

  afterAll(async () => {
    for (const child of children) await child.kill();
    await relay.stop();
    await scenario.close();
  });

  it('loses nothing and applies nothing twice after the kill and a restart', async () => {
    relay.start();
    await writeChanges(scenario, 300, 20);
    await until('outbox backlog', () => outboxBacklog(scenario.db.schema), (n) => n === 0);

    const doomed = startChild('consumer-child.ts', scenario, { FAULT_HOOK: hook, FAULT_AT: '130' });
    children.push(doomed);
    const at = await doomed.waitFor((l) => l.event === 'hook');
    // More traffic arrives while the consumer is stuck at the hook.
    await writeChanges(scenario, 100, 20);
    expect(await doomed.kill('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    const eventId = String(at.eventId);
    expect({ effects: await effectsOf(scenario.db.schema, eventId), inbox: await inboxHas(scenario.db.schema, eventId) }).toEqual({ effects: committed, inbox: committed });

    const successor = startChild('consumer-child.ts', scenario);
    children.push(successor);
    await successor.waitFor((l) => l.event === 'ready');
    await settle(scenario.connection, scenario.db.schema);
    expect(await successor.kill('SIGTERM')).toEqual({ code: 0, signal: null });
    const outcomes = (await successor.waitFor((l) => l.event === 'stopped')).outcomes as Record<string, number>;

    const result = await reconcile(scenario.connection, scenario.db.schema);
    expectReconciled(result);
    expect(result.committed).toBe(400);
    expect(await effectsOf(scenario.db.schema, eventId)).toBe(1);
    if (fault === 5) {
      // The killed event itself came again: its offset was never committed.
      expect(outcomes.duplicate ?? 0).toBeGreaterThanOrEqual(1);
    }
    expect((outcomes.applied ?? 0) + (outcomes.duplicate ?? 0)).toBeGreaterThanOrEqual(400 - 129);
  });
});
