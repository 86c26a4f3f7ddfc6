import { Client } from 'pg';
import { provisionTestSchema, type TestServiceSchema } from '@traininghubs/testing';
import { provisionDatabase } from '@traininghubs/persistence';

async function asRole<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe('a service role has rights on its own schema alone', () => {
  let placements: TestServiceSchema;
  let workforce: TestServiceSchema;

  beforeAll(async () => {
    placements = await provisionTestSchema('placements');
    workforce = await provisionTestSchema('workforce-planning');
    await asRole(workforce.url, (c) => c.query('CREATE TABLE arrs_plan (id int PRIMARY KEY, pcn text)'));
  });

  afterAll(async () => {
    await placements?.drop();
    await workforce?.drop();
  });

  it('lets a role create, write and read tables in its own schema, found through its search_path', async () => {
    const rows = await asRole(placements.url, async (c) => {
      await c.query('CREATE TABLE learning_environment (id int PRIMARY KEY, ods_code text)');
      await c.query("INSERT INTO learning_environment VALUES (1, 'B82005')");
      return (await c.query(`SELECT ods_code FROM ${placements.schema}.learning_environment`)).rows;
    });
    expect(rows).toEqual([{ ods_code: 'B82005' }]);
  });

  it("refuses another service's role reading or writing the schema", async () => {
    const read = asRole(placements.url, (c) => c.query(`SELECT * FROM ${workforce.schema}.arrs_plan`));
    await expect(read).rejects.toMatchObject({ code: '42501' }); // insufficient_privilege
    const write = asRole(placements.url, (c) => c.query(`INSERT INTO ${workforce.schema}.arrs_plan VALUES (2, 'U12345')`));
    await expect(write).rejects.toMatchObject({ code: '42501' });
    const create = asRole(placements.url, (c) => c.query(`CREATE TABLE ${workforce.schema}.intruder (id int)`));
    await expect(create).rejects.toMatchObject({ code: '42501' });
  });

  it('refuses creating tables in the shared public schema', async () => {
    const create = asRole(placements.url, (c) => c.query('CREATE TABLE public.shared_by_accident (id int)'));
    await expect(create).rejects.toMatchObject({ code: '42501' });
  });

  it('is idempotent: provisioning again keeps the data and creates nothing new', async () => {
    const report = await provisionDatabase(placements.adminUrl, placements.database, [
      { schema: placements.schema, role: placements.role, password: placements.role },
    ]);
    expect(report).toEqual({ databaseCreated: false, rolesCreated: [], schemasCreated: [] });
    const count = await asRole(placements.url, async (c) => (await c.query('SELECT count(*)::int AS n FROM learning_environment')).rows[0].n);
    expect(count).toBe(1);
  });
});
