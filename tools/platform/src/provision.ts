import { KafkaConnection, loadTopicManifest, provisionTopics } from '@traininghubs/messaging';
import { loadDatabaseLayout, provisionDatabase, rolePassword, serviceConnectionUrl } from '@traininghubs/persistence';

export interface ProvisionSettings {
  /** A Postgres URL with rights to create databases and roles. */
  adminUrl: string;
  brokers: string[];
  topicPrefix?: string;
  env?: NodeJS.ProcessEnv;
}

export interface ProvisionedPlatform {
  /** Each service's DATABASE_URL, as its own login role. */
  databaseUrls: Record<string, string>;
  database: string;
  summary: string[];
}

/**
 * Brings Postgres (database, schemas, roles) and Kafka (topics, dead-letter topics) to the
 * shape of infra/. Idempotent: run it at every start and every deployment.
 */
export async function provisionPlatform(settings: ProvisionSettings): Promise<ProvisionedPlatform> {
  const env = settings.env ?? process.env;
  const layout = loadDatabaseLayout();
  const grants = layout.services.map((s) => ({ schema: s.schema, role: s.role, password: rolePassword(s, env) }));
  const db = await provisionDatabase(settings.adminUrl, layout.database, grants);
  const databaseUrls = Object.fromEntries(
    layout.services.map((s, i) => [s.service, serviceConnectionUrl(settings.adminUrl, s.role, grants[i].password, layout.database)]),
  );

  const connection = new KafkaConnection({ brokers: settings.brokers, clientId: 'traininghubs-provision', topicPrefix: settings.topicPrefix });
  try {
    const topics = await provisionTopics(connection, loadTopicManifest());
    return {
      databaseUrls,
      database: layout.database,
      summary: [
        `postgres: database ${layout.database}${db.databaseCreated ? ' created' : ''}; ${db.schemasCreated.length} schema(s) and ${db.rolesCreated.length} role(s) created, ${layout.services.length} checked`,
        `kafka: ${describeTopics(topics)}`,
      ],
    };
  } finally {
    await connection.close();
  }
}

function describeTopics(report: unknown): string {
  const r = report as { created?: unknown[]; updated?: unknown[]; unchanged?: unknown[] };
  return `${r.created?.length ?? 0} topic(s) created, ${r.updated?.length ?? 0} updated, ${r.unchanged?.length ?? 0} unchanged`;
}
