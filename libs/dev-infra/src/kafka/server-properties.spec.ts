import { parseProperties, renderServerProperties } from './server-properties';

describe('renderServerProperties', () => {
  const properties = parseProperties(renderServerProperties({ port: 40123, controllerPort: 40124, logDir: '/data/kraft' }));

  it('describes one combined KRaft node listening on 127.0.0.1 only', () => {
    expect(Object.fromEntries(properties)).toMatchObject({
      'process.roles': 'broker,controller',
      'node.id': '1',
      'controller.quorum.voters': '1@127.0.0.1:40124',
      listeners: 'PLAINTEXT://127.0.0.1:40123,CONTROLLER://127.0.0.1:40124',
      'advertised.listeners': 'PLAINTEXT://127.0.0.1:40123',
      'controller.listener.names': 'CONTROLLER',
      'inter.broker.listener.name': 'PLAINTEXT',
      'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
      'log.dirs': '/data/kraft',
    });
  });

  it('gives the internal topics replication factor 1, so groups and transactions work on one node', () => {
    expect(Object.fromEntries(properties)).toMatchObject({
      'offsets.topic.replication.factor': '1',
      'offsets.topic.num.partitions': '1',
      'transaction.state.log.replication.factor': '1',
      'transaction.state.log.min.isr': '1',
      'transaction.state.log.num.partitions': '1',
      'share.coordinator.state.topic.replication.factor': '1',
      'share.coordinator.state.topic.min.isr': '1',
    });
  });

  it('starts groups at once, never creates topics by itself, and stays small', () => {
    expect(Object.fromEntries(properties)).toMatchObject({
      'group.initial.rebalance.delay.ms': '0',
      'auto.create.topics.enable': 'false',
      'num.network.threads': '2',
      'num.io.threads': '2',
      'log.cleaner.dedupe.buffer.size': '16777216',
    });
  });

  it('escapes backslashes in the data path (Windows) and keeps it round-trippable', () => {
    const text = renderServerProperties({ port: 1, controllerPort: 2, logDir: 'C:\\kafka\\data' });
    expect(text).toContain('log.dirs=C:\\\\kafka\\\\data');
    expect(parseProperties(text).get('log.dirs')).toBe('C:\\kafka\\data');
  });

  it('rejects ports that cannot work', () => {
    expect(() => renderServerProperties({ port: 9092, controllerPort: 9092, logDir: '/d' })).toThrow(/must differ/);
    expect(() => renderServerProperties({ port: 0, controllerPort: 9093, logDir: '/d' })).toThrow(/port must be a TCP port/);
    expect(() => renderServerProperties({ port: 9092, controllerPort: 70000, logDir: '/d' })).toThrow(/controllerPort/);
  });
});
