import { redactUrl } from './probe-postgres';
import { providePostgres } from './provide-postgres';

describe('providePostgres', () => {
  it('uses DATABASE_URL as given and starts nothing', async () => {
    const postgres = await providePostgres({ env: { DATABASE_URL: 'postgres://admin:pw@db.internal:5432/postgres' } });
    expect(postgres).toMatchObject({ adminUrl: 'postgres://admin:pw@db.internal:5432/postgres', source: 'env' });
    await expect(postgres.stop()).resolves.toBeUndefined();
  });
});

describe('redactUrl', () => {
  it('hides the password only', () => {
    expect(redactUrl('postgres://postgres:s3cret@127.0.0.1:5433/postgres')).toBe('postgres://postgres:***@127.0.0.1:5433/postgres');
    expect(redactUrl('postgres://postgres@127.0.0.1:5432/postgres')).toBe('postgres://postgres@127.0.0.1:5432/postgres');
  });
});
