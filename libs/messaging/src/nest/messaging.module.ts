import { Module, type DynamicModule, type FactoryProvider, type ModuleMetadata, type Provider } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { currentContext } from '@traininghubs/observability';
import { KafkaConnection } from '../kafka/kafka-connection';
import { OutboxWriter } from '../outbox/outbox-writer';
import { InboxRegistry } from './inbox-registry';
import { MessagingLifecycle } from './messaging.lifecycle';
import { MESSAGING_CONNECTION, MESSAGING_OPTIONS, type MessagingModuleOptions } from './messaging.options';

export interface MessagingModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  inject?: FactoryProvider['inject'];
  useFactory: (...args: never[]) => MessagingModuleOptions | Promise<MessagingModuleOptions>;
  /**
   * Also provide (and export) `KafkaConnection` — for a process without the service runtime,
   * whose factory then returns `kafka` settings.
   */
  provideKafkaConnection?: boolean;
}

/**
 * The messaging library in a Nest application: `OutboxWriter` to append events in the service's
 * transactions, `InboxRegistry` to register consumer groups, and the relay and consumers started
 * on bootstrap and stopped on shutdown. Global: import it once, in the application module. A thin
 * layer: the plain classes do the work.
 */
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingModuleOptions): DynamicModule {
    return MessagingModule.build({ provide: MESSAGING_OPTIONS, useValue: options }, [], options.kafka !== undefined);
  }

  static forRootAsync(options: MessagingModuleAsyncOptions): DynamicModule {
    return MessagingModule.build(
      { provide: MESSAGING_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] },
      options.imports ?? [],
      options.provideKafkaConnection ?? false,
    );
  }

  private static build(optionsProvider: Provider, imports: ModuleMetadata['imports'], provideKafkaConnection: boolean): DynamicModule {
    const connection: Provider = {
      provide: MESSAGING_CONNECTION,
      inject: [MESSAGING_OPTIONS, ModuleRef],
      useFactory: (options: MessagingModuleOptions, moduleRef: ModuleRef) => {
        if (options.kafka) return new KafkaConnection(options.kafka);
        try {
          return moduleRef.get(KafkaConnection, { strict: false });
        } catch {
          throw new Error('MessagingModule: give it kafka settings, or provide a KafkaConnection (the service runtime does)');
        }
      },
    };
    const writer: Provider = {
      provide: OutboxWriter,
      inject: [MESSAGING_OPTIONS],
      useFactory: (options: MessagingModuleOptions) =>
        new OutboxWriter({ source: options.source, codec: options.codec, context: options.context ?? currentContext }),
    };
    const ownConnection: Provider[] = provideKafkaConnection ? [{ provide: KafkaConnection, useExisting: MESSAGING_CONNECTION }] : [];
    return {
      module: MessagingModule,
      global: true,
      imports,
      providers: [optionsProvider, connection, writer, InboxRegistry, MessagingLifecycle, ...ownConnection],
      exports: [MESSAGING_CONNECTION, OutboxWriter, InboxRegistry, MessagingLifecycle, ...(provideKafkaConnection ? [KafkaConnection] : [])],
    };
  }
}
