import { dropSchemaAndRole, provisionDatabase, serviceConnectionUrl } from '@traininghubs/persistence';
import { testDatabaseUrl, uniqueName } from './infrastructure';

/** All integration suites share this database; each gets its own schemas and roles in it. */
export const TEST_DATABASE = 'traininghubs_test';

export interface TestServiceSchema {
  schema: string;
  role: string;
  /** Connection URL as the service's own role (not the admin). */
  url: string;
  adminUrl: string;
  database: string;
  drop(): Promise<void>;
}

/**
 * Provisions a fresh schema and login role for one service, exactly as production provisioning
 * does, under unique names so suites run in parallel and rerun without clean-up.
 */
export async function provisionTestSchema(service: string): Promise<TestServiceSchema> {
  const adminUrl = testDatabaseUrl();
  const name = uniqueName(service.replace(/-/g, '_'));
  const grant = { schema: name, role: name, password: name };
  await provisionDatabase(adminUrl, TEST_DATABASE, [grant]);
  return {
    schema: name,
    role: name,
    url: serviceConnectionUrl(adminUrl, name, name, TEST_DATABASE),
    adminUrl,
    database: TEST_DATABASE,
    drop: () => dropSchemaAndRole(adminUrl, TEST_DATABASE, grant),
  };
}
