import globalSetup, { infrastructureHolder } from './global-setup';
import globalTeardown from './global-teardown';

// With KAFKA_BROKERS and DATABASE_URL set, the set-up starts nothing (source 'env'), so the
// once-per-process bookkeeping can be checked without a broker or a database.
describe('jest global set-up and teardown', () => {
  const saved = { ...process.env };
  beforeEach(() => {
    process.env.KAFKA_BROKERS = '127.0.0.1:49092';
    process.env.DATABASE_URL = 'postgres://postgres@127.0.0.1:49432/postgres';
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  it('provides once however many projects call it, and stops only after the last teardown', async () => {
    await Promise.all([globalSetup(), globalSetup()]);
    await globalSetup();
    const first = infrastructureHolder().current;
    expect(first).toBeDefined();
    const infrastructure = await first!;
    expect(infrastructure.users).toBe(3);
    expect(infrastructure.kafka).toMatchObject({ source: 'env', brokers: ['127.0.0.1:49092'] });
    expect(infrastructure.postgres).toMatchObject({ source: 'env' });

    await globalTeardown();
    await globalTeardown();
    expect(infrastructureHolder().current).toBe(first);
    await globalTeardown();
    expect(infrastructureHolder().current).toBeUndefined();
    await expect(globalTeardown()).resolves.toBeUndefined();
  });

  it('hands the addresses to test workers through process.env and restores it afterwards', async () => {
    delete process.env.DATABASE_URL;
    process.env.DATABASE_URL = 'postgres://admin:secret@db.example:5432/postgres';
    await globalSetup();
    expect(process.env.KAFKA_BROKERS).toBe('127.0.0.1:49092');
    expect(process.env.DATABASE_URL).toBe('postgres://admin:secret@db.example:5432/postgres');
    process.env.KAFKA_BROKERS = 'changed-by-a-test:1';
    await globalTeardown();
    expect(process.env.KAFKA_BROKERS).toBe('127.0.0.1:49092');
  });
});
