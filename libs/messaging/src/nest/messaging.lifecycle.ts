import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { InboxConsumer } from '../inbox/inbox-consumer';
import type { KafkaConnection } from '../kafka/kafka-connection';
import { OutboxRelay } from '../relay/outbox-relay';
import { backoffDelay, CONSUMER_BACKOFF } from '../retry/backoff';
import { describeError } from '../support/describe-error';
import type { MessagingLogger } from '../support/messaging-logger';
import { sleep } from '../support/sleep';
import { InboxRegistry } from './inbox-registry';
import { MESSAGING_CONNECTION, MESSAGING_OPTIONS, type MessagingModuleOptions } from './messaging.options';
import { nestMessagingLogger } from './nest-messaging-logger';

/**
 * Starts the outbox relay and the registered consumers once the application has bootstrapped,
 * and stops them before it shuts down (consumers first, then the relay's batch in flight), while
 * the database is still open.
 */
@Injectable()
export class MessagingLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly relay?: OutboxRelay;
  private readonly logger: MessagingLogger;
  private readonly shutdown = new AbortController();
  private starting: Promise<void>[] = [];

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingModuleOptions,
    @Inject(MESSAGING_CONNECTION) private readonly connection: KafkaConnection,
    @InjectDataSource() dataSource: DataSource,
    private readonly inbox: InboxRegistry,
  ) {
    this.logger = options.logger ?? nestMessagingLogger;
    if (options.relay !== false) {
      this.relay = new OutboxRelay({ ...options.relay, dataSource, connection, registry: options.registry, logger: this.logger });
    }
  }

  onApplicationBootstrap(): void {
    this.relay?.start();
    // Consumers join in the background: Kafka being down must not stop the service starting
    // (readiness reports it); each keeps trying until it has joined.
    this.starting = this.inbox.consumers().map((consumer) => this.startWithRetry(consumer));
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.shutdown.abort();
    await Promise.allSettled(this.starting);
    await Promise.allSettled(this.inbox.consumers().map((c) => c.stop()));
    await this.relay?.stop();
    if (this.options.kafka) await this.connection.close();
  }

  private async startWithRetry(consumer: InboxConsumer): Promise<void> {
    for (let attempt = 1; !this.shutdown.signal.aborted; attempt++) {
      try {
        await consumer.start();
        return;
      } catch (error) {
        await consumer.stop().catch(() => undefined);
        this.logger.error('consumer could not start; retrying', { group: consumer.group, error: describeError(error) });
        await sleep(backoffDelay(attempt, CONSUMER_BACKOFF), this.shutdown.signal);
      }
    }
  }
}
