import { ConfigurationError, loadConfig } from './load-config';
import { ServiceEnvironment } from './service-environment';

class TestEnvironment extends ServiceEnvironment {
  override PORT = 3999;
  override DATABASE_SCHEMA = 'hub_registry';
}

const valid = {
  DATABASE_URL: 'postgres://hub_registry@127.0.0.1:5432/traininghubs',
  KAFKA_BROKERS: '127.0.0.1:9092,127.0.0.1:9094',
};

describe('loadConfig', () => {
  it('applies defaults and converts numbers', () => {
    const config = loadConfig('hub-registry', TestEnvironment, { ...valid, PORT: '4100' });
    expect(config.PORT).toBe(4100);
    expect(config.DATABASE_SCHEMA).toBe('hub_registry');
    expect(config.LOG_LEVEL).toBe('info');
    expect(config.kafkaBrokers).toEqual(['127.0.0.1:9092', '127.0.0.1:9094']);
  });

  it('names every missing or bad variable', () => {
    let error: unknown;
    try {
      loadConfig('hub-registry', TestEnvironment, { KAFKA_BROKERS: 'not a broker', PORT: '70000' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    const variables = (error as ConfigurationError).problems.map((p) => p.variable).sort();
    expect(variables).toEqual(['DATABASE_URL', 'KAFKA_BROKERS', 'PORT']);
    expect((error as Error).message).toContain('hub-registry: invalid configuration');
    expect((error as Error).message).toContain('DATABASE_URL');
  });

  it('converts every numeric setting given as a string (swc emits type metadata only for annotated fields)', () => {
    const config = loadConfig('hub-registry', TestEnvironment, { ...valid, DATABASE_POOL_SIZE: '12', SHUTDOWN_TIMEOUT_MS: '2500' });
    expect(config.DATABASE_POOL_SIZE).toBe(12);
    expect(config.SHUTDOWN_TIMEOUT_MS).toBe(2500);
  });

  it('treats an empty variable as unset, so the default applies', () => {
    const config = loadConfig('hub-registry', TestEnvironment, { ...valid, LOG_LEVEL: '' });
    expect(config.LOG_LEVEL).toBe('info');
  });

  it('rejects a schema name that is not a safe SQL identifier', () => {
    expect(() => loadConfig('hub-registry', TestEnvironment, { ...valid, DATABASE_SCHEMA: 'hub; drop' })).toThrow(
      /DATABASE_SCHEMA/,
    );
  });

  it('reads a property from an aliased variable and names that variable in errors', () => {
    const config = loadConfig('gateway', TestEnvironment, { ...valid, PORT: '1', GATEWAY_PORT: '8081' }, { PORT: 'GATEWAY_PORT' });
    expect(config.PORT).toBe(8081);
    expect(() => loadConfig('gateway', TestEnvironment, { ...valid, GATEWAY_PORT: 'eighty' }, { PORT: 'GATEWAY_PORT' })).toThrow(
      /GATEWAY_PORT: .*GATEWAY_PORT must be an integer number/,
    );
  });
});
