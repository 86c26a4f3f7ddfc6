import { kafkaContainerEnvironment, propertyNameOf } from './kafka-container-environment';
import { parseProperties, renderServerProperties } from './server-properties';

describe('kafkaContainerEnvironment (apache/kafka image)', () => {
  const environment = kafkaContainerEnvironment('q1Z3mD6nTHqQJ5VbR6dB7w');

  it('sets every variable the image needs for one KRaft node', () => {
    for (const name of ['KAFKA_NODE_ID', 'KAFKA_PROCESS_ROLES', 'KAFKA_LISTENERS', 'KAFKA_CONTROLLER_QUORUM_VOTERS', 'KAFKA_CONTROLLER_LISTENER_NAMES', 'KAFKA_LISTENER_SECURITY_PROTOCOL_MAP', 'KAFKA_INTER_BROKER_LISTENER_NAME']) {
      expect(environment[name]).toBeTruthy();
    }
    expect(environment.CLUSTER_ID).toBe('q1Z3mD6nTHqQJ5VbR6dB7w');
    expect(environment.KAFKA_PROCESS_ROLES).toBe('broker,controller');
  });

  it('maps variables to property names as the image does', () => {
    expect(propertyNameOf('KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR')).toBe('offsets.topic.replication.factor');
    expect(propertyNameOf('KAFKA_FOO__BAR___BAZ')).toBe('foo_bar-baz');
  });

  it('uses the same single-node settings as the local broker', () => {
    const local = parseProperties(renderServerProperties({ port: 9092, controllerPort: 9093, logDir: '/d' }));
    const shared = [
      'offsets.topic.replication.factor',
      'offsets.topic.num.partitions',
      'transaction.state.log.replication.factor',
      'transaction.state.log.min.isr',
      'transaction.state.log.num.partitions',
      'share.coordinator.state.topic.replication.factor',
      'share.coordinator.state.topic.min.isr',
      'group.initial.rebalance.delay.ms',
      'auto.create.topics.enable',
      'num.network.threads',
      'num.io.threads',
      'log.cleaner.dedupe.buffer.size',
    ];
    const fromContainer = Object.fromEntries(
      Object.entries(environment)
        .filter(([name]) => name.startsWith('KAFKA_') && name !== 'KAFKA_HEAP_OPTS')
        .map(([name, value]) => [propertyNameOf(name), value]),
    );
    for (const property of shared) expect([property, fromContainer[property]]).toEqual([property, local.get(property)]);
  });
});
