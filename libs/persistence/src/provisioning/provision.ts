import { Client } from 'pg';
import { withDatabase } from './connection-url';

export interface SchemaGrant {
  schema: string;
  role: string;
  password: string;
}

export interface ProvisionReport {
  databaseCreated: boolean;
  rolesCreated: string[];
  schemasCreated: string[];
}

// One lock for the whole cluster, so parallel provisioning runs (test suites, several replicas
// starting together) never race on CREATE ROLE / CREATE SCHEMA.
const PROVISIONING_LOCK = 7_270_001;

/**
 * Creates (if missing) the database, and for each service its login role and its schema, owned
 * by that role and closed to every other role. Safe to run any number of times.
 */
export async function provisionDatabase(adminUrl: string, database: string, grants: SchemaGrant[]): Promise<ProvisionReport> {
  const report: ProvisionReport = { databaseCreated: false, rolesCreated: [], schemasCreated: [] };
  report.databaseCreated = await ensureDatabase(adminUrl, database);
  const client = new Client({ connectionString: withDatabase(adminUrl, database), application_name: 'traininghubs-provision' });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PROVISIONING_LOCK]);
    const db = client.escapeIdentifier(database);
    await client.query(`REVOKE ALL ON DATABASE ${db} FROM PUBLIC`);
    await client.query('REVOKE ALL ON SCHEMA public FROM PUBLIC');
    for (const grant of grants) {
      const role = client.escapeIdentifier(grant.role);
      const schema = client.escapeIdentifier(grant.schema);
      const roleExists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [grant.role]);
      if (roleExists.rowCount === 0) {
        await client.query(`CREATE ROLE ${role} LOGIN`);
        report.rolesCreated.push(grant.role);
      }
      await client.query(
        `ALTER ROLE ${role} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD ${client.escapeLiteral(grant.password)}`,
      );
      await client.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${db} TO ${role}`);
      const schemaExists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [grant.schema]);
      if (schemaExists.rowCount === 0) {
        await client.query(`CREATE SCHEMA ${schema} AUTHORIZATION ${role}`);
        report.schemasCreated.push(grant.schema);
      }
      await client.query(`ALTER SCHEMA ${schema} OWNER TO ${role}`);
      await client.query(`REVOKE ALL ON SCHEMA ${schema} FROM PUBLIC`);
      await client.query(`ALTER ROLE ${role} IN DATABASE ${db} SET search_path = ${schema}`);
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [PROVISIONING_LOCK]).catch(() => undefined);
    await client.end();
  }
  return report;
}

async function ensureDatabase(adminUrl: string, database: string): Promise<boolean> {
  const client = new Client({ connectionString: adminUrl, application_name: 'traininghubs-provision' });
  await client.connect();
  try {
    // Two runs checking at once would both find no database and both CREATE it; the loser gets
    // a unique violation on pg_database. The cluster-wide lock (taken on the admin database, as
    // CREATE DATABASE cannot run in a transaction) makes them take turns.
    await client.query('SELECT pg_advisory_lock($1)', [PROVISIONING_LOCK]);
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount !== 0) return false;
    try {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
      return true;
    } catch (error) {
      // created meanwhile by a run that does not take the lock (an older version)
      if (['42P04', '23505'].includes((error as { code?: string }).code ?? '')) return false;
      throw error;
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [PROVISIONING_LOCK]).catch(() => undefined);
    await client.end();
  }
}

/** Removes a service's schema and role (test clean-up; never used against a real deployment). */
export async function dropSchemaAndRole(adminUrl: string, database: string, grant: Pick<SchemaGrant, 'schema' | 'role'>): Promise<void> {
  const client = new Client({ connectionString: withDatabase(adminUrl, database) });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PROVISIONING_LOCK]);
    await client.query(`DROP SCHEMA IF EXISTS ${client.escapeIdentifier(grant.schema)} CASCADE`);
    const role = client.escapeIdentifier(grant.role);
    const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [grant.role]);
    if (exists.rowCount !== 0) {
      await client.query(`REVOKE ALL ON DATABASE ${client.escapeIdentifier(database)} FROM ${role}`);
      await client.query(`DROP OWNED BY ${role}`);
      await client.query(`DROP ROLE ${role}`);
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [PROVISIONING_LOCK]).catch(() => undefined);
    await client.end();
  }
}
