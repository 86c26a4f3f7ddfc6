import { Inject, Injectable, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { InboxRegistry, type EventHandler } from '@traininghubs/messaging';
import { HubDirectory } from './hub-directory';
import { HubScope } from './hub-scope';
import { HUB_TOPIC, hubDirectoryHandlers } from './hub-events';

const CONSUMER_GROUP = Symbol('HUB_DIRECTORY_CONSUMER_GROUP');

@Injectable()
class HubDirectoryConsumer implements OnModuleInit {
  constructor(
    private readonly inbox: InboxRegistry,
    @Inject(CONSUMER_GROUP) private readonly group: string,
  ) {}

  onModuleInit(): void {
    this.inbox.register({
      group: this.group,
      topics: [HUB_TOPIC],
      fromBeginning: true,
      handlers: hubDirectoryHandlers as Record<string, EventHandler<never>>,
    });
  }
}

/**
 * Keeps the service's hub directory from hub-registry's hub stream, in consumer group
 * `<service>.hub-directory` (declared in infra/kafka/topics.yaml). Add `hubDirectoryEntities`
 * and `hubDirectoryMigrations` to the service's data source.
 */
@Module({})
export class HubDirectoryModule {
  static forService(serviceName: string): DynamicModule {
    return {
      module: HubDirectoryModule,
      providers: [
        { provide: CONSUMER_GROUP, useValue: `${serviceName}.hub-directory` },
        HubDirectoryConsumer,
        HubDirectory,
        { provide: HubScope, useFactory: (hubs: HubDirectory) => new HubScope(hubs), inject: [HubDirectory] },
      ],
      exports: [HubDirectory, HubScope],
    };
  }
}
