import type { Registry } from 'prom-client';
import type { PayloadCodec } from '../envelope/payload-codec';
import type { KafkaConnectionOptions } from '../kafka/kafka-connection';
import type { EventContext } from '../outbox/outbox-writer';
import type { OutboxRelayOptions } from '../relay/outbox-relay';
import type { MessagingLogger } from '../support/messaging-logger';

/** The relay settings a service may tune (everything else comes from the module). */
export type RelaySettings = Omit<OutboxRelayOptions, 'dataSource' | 'connection' | 'registry' | 'logger'>;

export interface MessagingModuleOptions {
  /** `ce_source` of the events this service writes, e.g. `/traininghubs/placements`. */
  source: string;
  /** Encodes and decodes payloads (the generated protobuf contracts). */
  codec: PayloadCodec;
  /**
   * Kafka settings for a connection of the module's own. Leave out in a platform service: the
   * service runtime already provides the process's `KafkaConnection` and the module uses it.
   */
  kafka?: KafkaConnectionOptions;
  /** Run the outbox relay in this process (default: yes, with default settings). */
  relay?: false | RelaySettings;
  /** The service's metrics registry (`METRICS_REGISTRY` of the observability library). */
  registry?: Registry;
  logger?: MessagingLogger;
  /** Trace and correlation of the work in hand; defaults to the request context of the observability library. */
  context?: () => EventContext | undefined;
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
/** The Kafka connection the module works with (its own, or the application's `KafkaConnection`). */
export const MESSAGING_CONNECTION = Symbol('MESSAGING_CONNECTION');
