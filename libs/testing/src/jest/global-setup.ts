import {
  provideKafka,
  providePostgres,
  redactUrl,
  type ProvidedKafka,
  type ProvidedPostgres,
} from '@traininghubs/dev-infra';

/**
 * Jest global set-up of every integration config: one Kafka cluster and one Postgres server for
 * the whole jest process, whichever and however many projects run in it. Their addresses go
 * into process.env (KAFKA_BROKERS, DATABASE_URL as a superuser URL), which test workers inherit.
 *
 * Jest may call this once per project. The first call provides; later calls (even concurrent
 * ones) wait for the same result and only count themselves in. The shared state lives on
 * globalThis, not just in this module, so it holds even if jest loads this file afresh for
 * another project; and as process.env then already names a cluster and a server, even a call
 * that found no state would use them (source 'env') rather than start a second pair. The
 * teardown stops what the set-up started once the last user has gone.
 */
export interface TestInfrastructure {
  users: number;
  kafka: ProvidedKafka;
  postgres: ProvidedPostgres;
  /** process.env values before the set-up wrote its own, restored by the teardown. */
  previousEnv: { KAFKA_BROKERS?: string; DATABASE_URL?: string };
}

interface Holder {
  current?: Promise<TestInfrastructure>;
}

const STATE = Symbol.for('traininghubs.testing.infrastructure');

export function infrastructureHolder(): Holder {
  const scope = globalThis as typeof globalThis & { [STATE]?: Holder };
  return (scope[STATE] ??= {});
}

export default async function globalSetup(): Promise<void> {
  const holder = infrastructureHolder();
  const pending = (holder.current ??= provide());
  try {
    (await pending).users += 1;
  } catch (error) {
    if (holder.current === pending) holder.current = undefined;
    throw error;
  }
}

async function provide(): Promise<TestInfrastructure> {
  const previousEnv = { KAFKA_BROKERS: process.env.KAFKA_BROKERS, DATABASE_URL: process.env.DATABASE_URL };
  const started = Date.now();
  const [kafka, postgres] = await Promise.allSettled([provideKafka(), providePostgres()]);
  if (kafka.status === 'rejected' || postgres.status === 'rejected') {
    await Promise.allSettled([kafka, postgres].flatMap((r) => (r.status === 'fulfilled' ? [r.value.stop()] : [])));
    const reasons = [kafka, postgres].flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
    throw new Error(`Test infrastructure could not be provided:\n${reasons.join('\n')}`);
  }
  process.env.KAFKA_BROKERS = kafka.value.brokers.join(',');
  process.env.DATABASE_URL = postgres.value.adminUrl;
  process.stdout.write(
    `\n[test infrastructure] kafka: ${kafka.value.source} (${process.env.KAFKA_BROKERS}); ` +
      `postgres: ${postgres.value.source} (${redactUrl(postgres.value.adminUrl)}); ready in ${Date.now() - started} ms\n`,
  );
  return { users: 0, kafka: kafka.value, postgres: postgres.value, previousEnv };
}
