import { testDatabaseUrl, testKafkaBrokers, uniqueName } from './infrastructure';

describe('uniqueName', () => {
  const SQL_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;
  const TOPIC_PART = /^[a-zA-Z0-9._-]+$/;

  it('keeps a readable prefix and is a plain SQL identifier and a valid topic part', () => {
    const name = uniqueName('hub_registry');
    expect(name.startsWith('hub_registry_')).toBe(true);
    expect(name).toMatch(SQL_IDENTIFIER);
    expect(name).toMatch(TOPIC_PART);
  });

  it('makes awkward prefixes safe', () => {
    for (const prefix of ['Training-Catalogue', '42 placements', '', 'ÄÖ!', 'x'.repeat(100)]) {
      const name = uniqueName(prefix);
      expect(name).toMatch(SQL_IDENTIFIER);
      expect(name).toMatch(TOPIC_PART);
    }
    expect(uniqueName('Training-Catalogue')).toMatch(/^training_catalogue_/);
  });

  it('never repeats, even within one millisecond', () => {
    const names = new Set(Array.from({ length: 5_000 }, () => uniqueName('kpi')));
    expect(names.size).toBe(5_000);
  });
});

describe('testKafkaBrokers / testDatabaseUrl', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('read what the global set-up wrote', () => {
    process.env.KAFKA_BROKERS = '127.0.0.1:40001, 127.0.0.1:40002';
    process.env.DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
    expect(testKafkaBrokers()).toEqual(['127.0.0.1:40001', '127.0.0.1:40002']);
    expect(testDatabaseUrl()).toBe('postgres://postgres@127.0.0.1:5432/postgres');
  });

  it('explain where the values come from when they are missing', () => {
    delete process.env.KAFKA_BROKERS;
    process.env.DATABASE_URL = ' ';
    expect(() => testKafkaBrokers()).toThrow(/KAFKA_BROKERS is not set.*global set-up/s);
    expect(() => testDatabaseUrl()).toThrow(/DATABASE_URL is not set.*jest\.int\.config\.js/s);
  });
});
