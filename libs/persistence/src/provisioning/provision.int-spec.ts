import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { dropSchemaAndRole, provisionDatabase } from './provision';

// The integration preset provides a real Postgres in DATABASE_URL (a role that may create databases).
const adminUrl = () => {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  return url;
};

describe('provisioning on a fresh server', () => {
  const database = `provision_race_${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const grants = ['a', 'b', 'c', 'd'].map((n) => ({ schema: `${database}_${n}`, role: `${database}_${n}`, password: 'secret' }));

  afterAll(async () => {
    for (const grant of grants) await dropSchemaAndRole(adminUrl(), database, grant).catch(() => undefined);
    const client = new Client({ connectionString: adminUrl() });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(database)} WITH (FORCE)`);
    await client.end();
  });

  it('creates the database once when several schemas are provisioned at the same moment, and every run succeeds', async () => {
    const reports = await Promise.all(grants.map((grant) => provisionDatabase(adminUrl(), database, [grant])));
    expect(reports.filter((r) => r.databaseCreated)).toHaveLength(1);
    expect(reports.flatMap((r) => r.schemasCreated).sort()).toEqual(grants.map((g) => g.schema).sort());
  });
});
