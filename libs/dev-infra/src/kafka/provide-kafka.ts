import { useContainers } from '../support/container-runtime';
import { readKafkaRelease } from './kafka-release';
import { startLocalKafkaBroker, type LocalKafkaBrokerOptions } from './local-broker';

export type KafkaSource = 'env' | 'container' | 'local';

export interface ProvidedKafka {
  brokers: string[];
  source: KafkaSource;
  /** Stops what this call started (nothing for 'env'). */
  stop(): Promise<void>;
}

/** The local broker's options apply when neither KAFKA_BROKERS nor a container is used. */
export interface ProvideKafkaOptions extends LocalKafkaBrokerOptions {
  env?: NodeJS.ProcessEnv;
  /** Default: true unless TRAININGHUBS_CONTAINERS forbids containers. */
  allowContainers?: boolean;
}

/**
 * A Kafka cluster for tests and local running, first that applies:
 * 1. KAFKA_BROKERS (comma-separated host:port) — an existing cluster, left alone on stop;
 * 2. a container of infra/kafka/kafka.json `image` — when a container runtime answers and
 *    containers are allowed (option allowContainers, else env TRAININGHUBS_CONTAINERS);
 * 3. a local broker from the Maven Central jars of the same release.
 */
export async function provideKafka(options: ProvideKafkaOptions = {}): Promise<ProvidedKafka> {
  const { env = process.env, allowContainers, ...local } = options;
  const fromEnv = parseBrokerList(env.KAFKA_BROKERS);
  if (fromEnv) return { brokers: fromEnv, source: 'env', stop: async () => undefined };

  if (await useContainers(env, allowContainers)) {
    const { startKafkaContainer } = await import('./kafka-container');
    const container = await startKafkaContainer(readKafkaRelease().image);
    return { brokers: container.brokers, source: 'container', stop: () => container.stop() };
  }

  const broker = await startLocalKafkaBroker(local);
  return { brokers: broker.brokers, source: 'local', stop: () => broker.stop() };
}

/** `a:1, b:2` -> ['a:1', 'b:2']; undefined when unset or blank. */
export function parseBrokerList(value: string | undefined): string[] | undefined {
  const brokers = (value ?? '')
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  return brokers.length > 0 ? brokers : undefined;
}
