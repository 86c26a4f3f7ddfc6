import { parseBrokerList, provideKafka } from './provide-kafka';

describe('provideKafka', () => {
  it('uses KAFKA_BROKERS as given and starts nothing', async () => {
    const kafka = await provideKafka({ env: { KAFKA_BROKERS: '127.0.0.1:19092, 127.0.0.1:19094' }, jarsDir: '/nowhere' });
    expect(kafka.source).toBe('env');
    expect(kafka.brokers).toEqual(['127.0.0.1:19092', '127.0.0.1:19094']);
    await expect(kafka.stop()).resolves.toBeUndefined();
  });

  it('reads a broker list, treating blank as unset', () => {
    expect(parseBrokerList(' a:1 ,b:2,, ')).toEqual(['a:1', 'b:2']);
    expect(parseBrokerList('  ')).toBeUndefined();
    expect(parseBrokerList(undefined)).toBeUndefined();
  });
});
