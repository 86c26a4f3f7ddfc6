import {
  BoundPorts,
  GenericContainer,
  getContainerRuntimeClient,
  Wait,
  waitForContainer,
  type InspectResult,
  type StartedTestContainer,
} from 'testcontainers';
import { newClusterId } from './cluster-id';
import { CONTAINER_BROKER_PORT, CONTAINER_CLIENT_PORT, kafkaContainerEnvironment } from './kafka-container-environment';
import { waitForKafka } from './wait-for-kafka';

const STARTER = '/tmp/traininghubs-kafka-start.sh';
const WAITING = 'Waiting for the Training Hubs Kafka start script';
const STARTUP_TIMEOUT_MS = 180_000;

/**
 * apache/kafka as one KRaft node whose client listener is advertised on the host port Docker
 * mapped. That port is only known once the container runs, so (as @testcontainers/kafka does
 * for the Confluent images) the container first waits for a start script, which containerStarted
 * writes with the mapped port before handing over to the image's own /etc/kafka/docker/run.
 */
class ApacheKafkaContainer extends GenericContainer {
  constructor(image: string) {
    super(image);
    this.withExposedPorts(CONTAINER_CLIENT_PORT)
      .withEnvironment(kafkaContainerEnvironment(newClusterId()))
      .withEntrypoint(['sh'])
      .withCommand(['-c', `echo '${WAITING}'; while [ ! -f ${STARTER} ]; do sleep 0.1; done; exec ${STARTER}`])
      .withWaitStrategy(Wait.forLogMessage(WAITING))
      .withStartupTimeout(STARTUP_TIMEOUT_MS);
  }

  protected override async containerStarted(container: StartedTestContainer, inspectResult: InspectResult): Promise<void> {
    const advertised =
      `PLAINTEXT://${kafkaHost(container.getHost())}:${container.getMappedPort(CONTAINER_CLIENT_PORT)},` +
      `BROKER://${inspectResult.hostname}:${CONTAINER_BROKER_PORT}`;
    const script = `#!/bin/bash\nexport KAFKA_ADVERTISED_LISTENERS='${advertised}'\nexec /etc/kafka/docker/run\n`;
    await container.copyContentToContainer([{ content: script, target: STARTER, mode: 0o755 }]);

    const client = await getContainerRuntimeClient();
    const boundPorts = BoundPorts.fromInspectResult(client.info.containerRuntime.hostIps, inspectResult).filter([
      CONTAINER_CLIENT_PORT,
    ]);
    const started = Wait.forLogMessage(/Kafka Server started/).withStartupTimeout(STARTUP_TIMEOUT_MS);
    await waitForContainer(client, client.container.getById(container.getId()), started, boundPorts);
  }
}

/** kafkajs may resolve localhost to ::1 and cannot parse IPv6 broker addresses: use 127.0.0.1. */
function kafkaHost(host: string): string {
  return host === 'localhost' ? '127.0.0.1' : host;
}

export interface KafkaContainerHandle {
  brokers: string[];
  stop(): Promise<void>;
}

/** Starts the image (infra/kafka/kafka.json `image`) and waits until describeCluster answers. */
export async function startKafkaContainer(image: string): Promise<KafkaContainerHandle> {
  const container = await new ApacheKafkaContainer(image).start();
  const brokers = [`${kafkaHost(container.getHost())}:${container.getMappedPort(CONTAINER_CLIENT_PORT)}`];
  try {
    await waitForKafka(brokers, { timeoutMs: 60_000 });
  } catch (error) {
    await container.stop().catch(() => undefined);
    throw error;
  }
  return {
    brokers,
    stop: async () => {
      await container.stop();
    },
  };
}
