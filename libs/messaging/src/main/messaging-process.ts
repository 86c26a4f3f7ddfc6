import { loadConfig } from '@traininghubs/config';
import type { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import type { PayloadCodec } from '../envelope/payload-codec';
import { InboxConsumer, type InboxConsumerOptions } from '../inbox/inbox-consumer';
import { KafkaConnection } from '../kafka/kafka-connection';
import { messagingEntities } from '../messaging-schema';
import { OutboxRelay, type RelayHooks } from '../relay/outbox-relay';
import { describeError } from '../support/describe-error';
import { defaultMessagingLogger, type MessagingLogger } from '../support/messaging-logger';
import { MessagingProcessEnvironment, OutboxRelayEnvironment } from './messaging-process.environment';

/**
 * Stand-alone messaging processes: a relay (or a consumer) running apart from its service, e.g.
 * as its own deployment, or as a child process that fault tests kill and pause. Each prints one
 * JSON line `{"event":"ready",…}` on stdout when running, and on SIGTERM or SIGINT finishes its
 * in-flight work, prints `{"event":"stopped",…}` and exits 0.
 */
export interface RunningProcess<T> {
  worker: T;
  dataSource: DataSource;
  connection: KafkaConnection;
  /** Stops the worker and closes the connections (what the signal handlers do). */
  stop(): Promise<void>;
}

export interface RelayProcessOptions {
  env?: NodeJS.ProcessEnv;
  hooks?: RelayHooks;
  registry?: Registry;
  logger?: MessagingLogger;
  /** Install SIGTERM/SIGINT handlers that stop and exit (default true). */
  handleSignals?: boolean;
}

export async function runOutboxRelayProcess(options: RelayProcessOptions = {}): Promise<RunningProcess<OutboxRelay>> {
  const config = loadConfig('outbox-relay', OutboxRelayEnvironment, options.env ?? process.env);
  const { dataSource, connection } = await open(config, 'outbox-relay');
  const relay = new OutboxRelay({
    dataSource,
    connection,
    owner: config.RELAY_OWNER,
    batchSize: config.RELAY_BATCH_SIZE,
    maxEventsPerKey: config.RELAY_MAX_EVENTS_PER_KEY,
    leaseMs: config.RELAY_LEASE_MS,
    pollIntervalMs: config.RELAY_POLL_INTERVAL_MS,
    listen: config.RELAY_LISTEN === 'true',
    maxAttempts: config.RELAY_MAX_ATTEMPTS,
    backoff: { initialDelayMs: config.RELAY_BACKOFF_INITIAL_MS, maxDelayMs: config.RELAY_BACKOFF_MAX_MS },
    producerRetries: config.RELAY_PRODUCER_RETRIES,
    registry: options.registry,
    logger: options.logger,
    hooks: options.hooks,
  });
  relay.start();
  return running('outbox-relay', { owner: relay.owner, schema: config.DATABASE_SCHEMA }, relay, () => relay.stop(), dataSource, connection, config, options);
}

export interface ConsumerProcessOptions extends Omit<InboxConsumerOptions, 'connection' | 'dataSource' | 'codec'> {
  codec: PayloadCodec;
  env?: NodeJS.ProcessEnv;
  handleSignals?: boolean;
}

export async function runInboxConsumerProcess(options: ConsumerProcessOptions): Promise<RunningProcess<InboxConsumer>> {
  const config = loadConfig('inbox-consumer', MessagingProcessEnvironment, options.env ?? process.env);
  const { dataSource, connection } = await open(config, `consumer ${options.group}`);
  const consumer = new InboxConsumer({ ...options, connection, dataSource });
  await consumer.start();
  await consumer.ready();
  return running('inbox-consumer', { group: options.group, schema: config.DATABASE_SCHEMA }, consumer, () => consumer.stop(), dataSource, connection, config, options);
}

async function open(config: MessagingProcessEnvironment, role: string) {
  const dataSource = new DataSource({
    type: 'postgres',
    url: config.DATABASE_URL,
    schema: config.DATABASE_SCHEMA,
    applicationName: role,
    entities: messagingEntities,
    extra: { max: config.DATABASE_POOL_SIZE, connectionTimeoutMillis: 5_000 },
  });
  await dataSource.initialize();
  const clientId = `${role} ${config.SERVICE_INSTANCE_ID ?? process.pid}`.replace(/[^A-Za-z0-9._-]+/g, '-');
  const connection = new KafkaConnection({ brokers: config.kafkaBrokers, clientId, topicPrefix: config.KAFKA_TOPIC_PREFIX });
  return { dataSource, connection };
}

function running<T>(
  role: string,
  details: Record<string, unknown>,
  worker: T,
  stopWorker: () => Promise<void>,
  dataSource: DataSource,
  connection: KafkaConnection,
  config: MessagingProcessEnvironment,
  options: { handleSignals?: boolean; logger?: MessagingLogger },
): RunningProcess<T> {
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await stopWorker();
      await connection.close();
      await dataSource.destroy();
    })());
  if (options.handleSignals ?? true) {
    const onSignal = (signal: string) => {
      const deadline = setTimeout(() => process.exit(1), config.SHUTDOWN_TIMEOUT_MS);
      deadline.unref();
      stop().then(
        () => {
          process.stdout.write(`${JSON.stringify({ event: 'stopped', role, signal, pid: process.pid })}\n`);
          process.exit(0);
        },
        (error: unknown) => {
          (options.logger ?? defaultMessagingLogger).error(`${role} did not stop cleanly`, { error: describeError(error) });
          process.exit(1);
        },
      );
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  }
  process.stdout.write(`${JSON.stringify({ event: 'ready', role, pid: process.pid, ...details })}\n`);
  return { worker, dataSource, connection, stop };
}
