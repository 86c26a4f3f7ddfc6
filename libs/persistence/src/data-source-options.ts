import type { DataSourceOptions, EntitySchema, MixedList } from 'typeorm';

export interface ServiceDataSourceSettings {
  /** The service's own role, e.g. postgres://placements:…@127.0.0.1:5432/traininghubs */
  url: string;
  /** The schema the role owns; every table of the service lives there. */
  schema: string;
  serviceName: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  poolSize?: number;
}

/**
 * TypeORM options every service uses: its own schema, migrations run at start (one transaction
 * each), never `synchronize`.
 */
export function serviceDataSourceOptions(settings: ServiceDataSourceSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    schema: settings.schema,
    applicationName: settings.serviceName,
    entities: settings.entities,
    migrations: settings.migrations,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    migrationsRun: true,
    synchronize: false,
    logging: ['error', 'warn', 'migration'],
    extra: {
      max: settings.poolSize ?? 10,
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
      // The role's search_path is its schema already; this keeps raw SQL right under any role.
      options: `-c search_path=${settings.schema}`,
    },
  };
}
