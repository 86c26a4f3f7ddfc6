import { infrastructureHolder } from './global-setup';

/**
 * Jest global teardown of every integration config: once the last project that used the test
 * infrastructure is done, stops what the global set-up started (nothing it found through
 * KAFKA_BROKERS or DATABASE_URL) and restores those variables.
 */
export default async function globalTeardown(): Promise<void> {
  const holder = infrastructureHolder();
  const pending = holder.current;
  if (!pending) return;
  const infrastructure = await pending;
  infrastructure.users -= 1;
  if (infrastructure.users > 0) return;
  holder.current = undefined;

  for (const [name, value] of Object.entries(infrastructure.previousEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  const results = await Promise.allSettled([infrastructure.kafka.stop(), infrastructure.postgres.stop()]);
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
  if (failures.length > 0) throw new Error(`Stopping the test infrastructure failed:\n${failures.join('\n')}`);
}
