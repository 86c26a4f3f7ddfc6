// Fault 4: a relay (a real child process) is frozen with SIGSTOP after publishing a batch and
// before marking it, for longer than its lease; another relay takes the keys over. When the
// frozen one resumes, its marks are fenced off: it changes nothing, and no key is reordered.
import type { InboxConsumer } from '../inbox/inbox-consumer';
import { inProcessConsumer, openScenario, startChild, until, writeChanges, type Child, type Scenario } from './fault-harness';
import { expectReconciled, outboxBacklog, reconcile, settle } from './reconciliation';

const RELAY_ENV = { RELAY_BATCH_SIZE: '50', RELAY_LEASE_MS: '2000', RELAY_POLL_INTERVAL_MS: '100', RELAY_BACKOFF_INITIAL_MS: '200', RELAY_BACKOFF_MAX_MS: '2000' };

describe('fault 4: a relay paused past its lease while another takes over', () => {
  let scenario: Scenario;
  let consumer: InboxConsumer | undefined;
  const children: Child[] = [];

  beforeAll(async () => {
    scenario = await openScenario('f4');
  });

  afterAll(async () => {
    for (const child of children) {
      if (child.process.exitCode === null) child.process.kill('SIGCONT');
      await child.kill();
    }
    await consumer?.stop();
    await scenario.close();
  });

  it('fences the late relay off; every change is applied once and in order', async () => {
    await writeChanges(scenario, 300, 10);
    consumer = inProcessConsumer(scenario);
    await consumer.start();

    const late = startChild('relay-child.ts', scenario, { ...RELAY_ENV, RELAY_OWNER: 'relay-late', FAULT_HOOK: 'afterPublish', FAULT_AT_CYCLE: '2', FAULT_ACTION: 'stop' });
    children.push(late);
    const hook = await late.waitFor((l) => l.event === 'hook');
    const held = (hook.eventIds as string[]).length;
    expect(held).toBeGreaterThan(0);

    const successor = startChild('relay-child.ts', scenario, { ...RELAY_ENV, RELAY_OWNER: 'relay-successor' });
    children.push(successor);
    await successor.waitFor((l) => l.event === 'ready');
    await writeChanges(scenario, 100, 10);
    // The successor publishes everything, the frozen relay's claimed keys included, once the lease lapsed.
    await until('outbox backlog', () => outboxBacklog(scenario.db.schema), (n) => n === 0, 60_000);

    late.process.kill('SIGCONT');
    await late.waitFor((l) => l.event === 'resumed');
    const lost = await late.waitFor((l) => l.msg === 'outbox lease lost: events published late are duplicates');
    expect(lost.events).toBe(held);

    await writeChanges(scenario, 100, 10);
    await settle(scenario.connection, scenario.db.schema);
    const result = await reconcile(scenario.connection, scenario.db.schema);
    expectReconciled(result);
    expect(result.committed).toBe(500);
    expect(result.topicDuplicates).toBeGreaterThanOrEqual(held);

    expect(await late.kill('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(await successor.kill('SIGTERM')).toEqual({ code: 0, signal: null });
  });
});
