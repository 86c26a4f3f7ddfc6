/** Ports inside the container. */
export const CONTAINER_CLIENT_PORT = 9092;
export const CONTAINER_BROKER_PORT = 19092;
export const CONTAINER_CONTROLLER_PORT = 9093;

/**
 * Environment of the apache/kafka image for one combined KRaft node, with the same single-node
 * settings as the local broker's server.properties (the image turns KAFKA_FOO_BAR into foo.bar).
 * Three listeners: PLAINTEXT for clients on the host (advertised on the mapped host port once it
 * is known), BROKER for the node itself inside the container, CONTROLLER for KRaft.
 */
export function kafkaContainerEnvironment(clusterId: string, heapMb = 512): Record<string, string> {
  return {
    CLUSTER_ID: clusterId,
    KAFKA_NODE_ID: '1',
    KAFKA_PROCESS_ROLES: 'broker,controller',
    KAFKA_LISTENERS: `PLAINTEXT://0.0.0.0:${CONTAINER_CLIENT_PORT},BROKER://0.0.0.0:${CONTAINER_BROKER_PORT},CONTROLLER://0.0.0.0:${CONTAINER_CONTROLLER_PORT}`,
    KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'PLAINTEXT:PLAINTEXT,BROKER:PLAINTEXT,CONTROLLER:PLAINTEXT',
    KAFKA_INTER_BROKER_LISTENER_NAME: 'BROKER',
    KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
    KAFKA_CONTROLLER_QUORUM_VOTERS: `1@localhost:${CONTAINER_CONTROLLER_PORT}`,
    KAFKA_LOG_DIRS: '/var/lib/kafka/data',
    KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
    KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS: '1',
    KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
    KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
    KAFKA_TRANSACTION_STATE_LOG_NUM_PARTITIONS: '1',
    KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR: '1',
    KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR: '1',
    KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
    KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
    KAFKA_NUM_NETWORK_THREADS: '2',
    KAFKA_NUM_IO_THREADS: '2',
    KAFKA_LOG_CLEANER_DEDUPE_BUFFER_SIZE: String(16 * 1024 * 1024),
    KAFKA_HEAP_OPTS: `-Xmx${heapMb}m -Xms${Math.min(heapMb, 384)}m`,
  };
}

/** The property name the image derives from an environment variable (`_` -> `.`, `__` -> `_`, `___` -> `-`). */
export function propertyNameOf(variable: string): string {
  return variable
    .replace(/^KAFKA_/, '')
    .toLowerCase()
    .split('___')
    .map((dashed) =>
      dashed
        .split('__')
        .map((part) => part.replace(/_/g, '.'))
        .join('_'),
    )
    .join('-');
}
