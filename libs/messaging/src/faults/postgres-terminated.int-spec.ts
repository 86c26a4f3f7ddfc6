// Fault 7: every connection of the service's database role is terminated, again and again, under
// load (pg_terminate_backend, as the admin). The relay and the consumer run as real child
// processes logged in as that role; the writers use it too. Writes that fail are simply not
// committed; everything committed arrives once and in order.
import { DataSource } from 'typeorm';
import { databaseUrl, uniqueSuffix, withClient } from '../../test/support';
import { messagingEntities } from '../messaging-schema';
import { openScenario, startChild, startLoad, type Child, type Scenario } from './fault-harness';
import { expectReconciled, reconcile, settle } from './reconciliation';

const TERMINATE_MS = Number(process.env.FAULT_TERMINATE_MS ?? 12_000);

describe('fault 7: all connections of the role terminated under load', () => {
  let scenario: Scenario;
  let roleSource: DataSource | undefined;
  const role = `msg_fault_${uniqueSuffix()}`;
  const children: Child[] = [];

  beforeAll(async () => {
    scenario = await openScenario('f7');
    const schema = scenario.db.schema;
    await withClient(async (c) => {
      await c.query(`CREATE ROLE ${role} LOGIN`);
      await c.query(`GRANT USAGE ON SCHEMA "${schema}" TO ${role}`);
      await c.query(`GRANT ALL ON ALL TABLES IN SCHEMA "${schema}" TO ${role}`);
      await c.query(`GRANT ALL ON ALL SEQUENCES IN SCHEMA "${schema}" TO ${role}`);
    });
  });

  afterAll(async () => {
    for (const child of children) await child.kill();
    if (roleSource?.isInitialized) await roleSource.destroy();
    await scenario.close();
    await withClient(async (c) => {
      await c.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1`, [role]);
      await c.query(`DROP OWNED BY ${role}`);
      await c.query(`DROP ROLE ${role}`);
    });
  });

  it('recovers from every termination; nothing lost, nothing applied twice, order kept', async () => {
    const url = new URL(databaseUrl);
    url.username = role;
    url.password = '';
    const roleUrl = url.toString();
    roleSource = new DataSource({ type: 'postgres', url: roleUrl, schema: scenario.db.schema, entities: messagingEntities, extra: { max: 4 } });
    await roleSource.initialize();

    const relayEnv = { RELAY_BATCH_SIZE: '50', RELAY_LEASE_MS: '3000', RELAY_POLL_INTERVAL_MS: '100', RELAY_BACKOFF_INITIAL_MS: '200', RELAY_BACKOFF_MAX_MS: '2000' };
    const relay = startChild('relay-child.ts', scenario, relayEnv, roleUrl);
    const consumer = startChild('consumer-child.ts', scenario, {}, roleUrl);
    children.push(relay, consumer);
    await relay.waitFor((l) => l.event === 'ready');
    await consumer.waitFor((l) => l.event === 'ready');

    const load = startLoad(scenario, { perSecond: 100, keys: 30, dataSource: roleSource });
    const started = Date.now();
    let terminated = 0;
    let rounds = 0;
    while (Date.now() - started < TERMINATE_MS) {
      await new Promise((r) => setTimeout(r, 1_500));
      terminated += await withClient(async (c) =>
        Number((await c.query(`SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE usename = $1`, [role])).rows[0].n),
      );
      rounds++;
    }
    await load.stop();
    expect(rounds).toBeGreaterThanOrEqual(4);
    expect(terminated).toBeGreaterThanOrEqual(rounds * 2);

    await settle(scenario.connection, scenario.db.schema, { timeoutMs: 120_000 });
    const result = await reconcile(scenario.connection, scenario.db.schema);
    expectReconciled(result);
    expect(result.committed).toBeGreaterThan(TERMINATE_MS / 1_000 * 40);
    // Both processes survived the terminations (they were never restarted).
    expect(relay.process.exitCode).toBeNull();
    expect(consumer.process.exitCode).toBeNull();
    expect(await relay.kill('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(await consumer.kill('SIGTERM')).toEqual({ code: 0, signal: null });
  });
});
