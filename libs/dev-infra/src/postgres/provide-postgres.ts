import { useContainers } from '../support/container-runtime';
import type { EmbeddedPostgresOptions } from './embedded-postgres';
import { postgresAnswers } from './probe-postgres';

export type PostgresSource = 'env' | 'container' | 'local' | 'embedded';

export interface ProvidedPostgres {
  /** A superuser URL: tests create their own databases, schemas and roles with it. */
  adminUrl: string;
  source: PostgresSource;
  /** Stops what this call started (nothing for 'env' and 'local'). */
  stop(): Promise<void>;
}

/** The embedded server's options apply when it is the one used. */
export interface ProvidePostgresOptions extends EmbeddedPostgresOptions {
  env?: NodeJS.ProcessEnv;
  /** Default: true unless TRAININGHUBS_CONTAINERS forbids containers. */
  allowContainers?: boolean;
  /** The server tried before falling back to embedded Postgres. Default LOCAL_POSTGRES_URL. */
  localUrl?: string;
}

export const LOCAL_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * A Postgres server for tests and local running, first that applies:
 * 1. DATABASE_URL — an admin URL of an existing server, left alone on stop;
 * 2. a postgres:15-alpine container — when a container runtime answers and containers are
 *    allowed (option allowContainers, else env TRAININGHUBS_CONTAINERS);
 * 3. the server on 127.0.0.1:5432 as user postgres, if it answers;
 * 4. embedded Postgres (binaries from npm, data under .local/postgres).
 */
export async function providePostgres(options: ProvidePostgresOptions = {}): Promise<ProvidedPostgres> {
  const { env = process.env, allowContainers, localUrl = LOCAL_POSTGRES_URL, ...embeddedOptions } = options;
  const fromEnv = env.DATABASE_URL?.trim();
  if (fromEnv) return { adminUrl: fromEnv, source: 'env', stop: async () => undefined };

  if (await useContainers(env, allowContainers)) {
    const { startPostgresContainer } = await import('./postgres-container');
    const container = await startPostgresContainer();
    return { adminUrl: container.adminUrl, source: 'container', stop: () => container.stop() };
  }

  if (await postgresAnswers(localUrl)) return { adminUrl: localUrl, source: 'local', stop: async () => undefined };

  const { startEmbeddedPostgres } = await import('./embedded-postgres');
  const embedded = await startEmbeddedPostgres(embeddedOptions);
  return { adminUrl: embedded.adminUrl, source: 'embedded', stop: () => embedded.stop() };
}
