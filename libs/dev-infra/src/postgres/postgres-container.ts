import { PostgreSqlContainer } from '@testcontainers/postgresql';

export const POSTGRES_IMAGE = 'postgres:15-alpine';

/** A throw-away Postgres container; its URL is a superuser's. */
export async function startPostgresContainer(image = POSTGRES_IMAGE): Promise<{ adminUrl: string; stop(): Promise<void> }> {
  const container = await new PostgreSqlContainer(image).start();
  return {
    adminUrl: container.getConnectionUri().replace('@localhost:', '@127.0.0.1:'),
    stop: async () => {
      await container.stop();
    },
  };
}
