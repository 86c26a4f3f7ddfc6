import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { PayloadCodec } from '../envelope/payload-codec';
import { InboxConsumer, type InboxConsumerOptions } from '../inbox/inbox-consumer';
import type { KafkaConnection } from '../kafka/kafka-connection';
import { MESSAGING_CONNECTION, MESSAGING_OPTIONS, type MessagingModuleOptions } from './messaging.options';
import { nestMessagingLogger } from './nest-messaging-logger';

/** A consumer group a service runs: its topics and handlers (codec and metrics come from the module). */
export type InboxRegistration = Omit<InboxConsumerOptions, 'connection' | 'dataSource' | 'codec' | 'registry' | 'logger'> & {
  codec?: PayloadCodec;
};

/**
 * Where a service registers its consumer groups, typically in `onModuleInit`. The consumers are
 * started when the application has bootstrapped and stopped before it shuts down.
 */
@Injectable()
export class InboxRegistry {
  private readonly registered: InboxConsumer[] = [];

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingModuleOptions,
    @Inject(MESSAGING_CONNECTION) private readonly connection: KafkaConnection,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  register(registration: InboxRegistration): InboxConsumer {
    if (this.registered.some((c) => c.group === registration.group)) {
      throw new Error(`consumer group ${registration.group} is already registered`);
    }
    const consumer = new InboxConsumer({
      codec: this.options.codec,
      registry: this.options.registry,
      logger: this.options.logger ?? nestMessagingLogger,
      ...registration,
      connection: this.connection,
      dataSource: this.dataSource,
    });
    this.registered.push(consumer);
    return consumer;
  }

  consumers(): readonly InboxConsumer[] {
    return this.registered;
  }
}
