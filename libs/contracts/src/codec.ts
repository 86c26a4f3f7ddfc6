import { create, fromBinary, isMessage, toBinary } from '@bufbuild/protobuf';
import { eventDefinition, type AnyEventMessage, type EventInit, type EventMessage, type EventType } from './catalogue';
import { PROTOBUF_CONTENT_TYPE } from './headers';

/**
 * A payload that cannot be read as the event type its `ce_type` names (truncated or corrupt
 * bytes). A consumer sends such a record to its dead-letter topic.
 */
export class EventDecodeError extends Error {
  constructor(
    readonly eventType: string,
    override readonly cause: unknown,
  ) {
    super(`Cannot decode a "${eventType}" payload: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'EventDecodeError';
  }
}

/** A message handed to encodeEvent that is not the payload of the given event type. */
export class EventPayloadMismatchError extends Error {
  constructor(
    readonly eventType: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`Event type "${eventType}" carries ${expected}, not ${actual}`);
    this.name = 'EventPayloadMismatchError';
  }
}

/**
 * The Kafka record value of an event: its payload in protobuf binary. `message` may be a message
 * made with `create` or a plain initialiser object. Throws UnknownEventTypeError for a type that is
 * not in the catalogue and EventPayloadMismatchError for a message of another schema.
 */
export function encodeEvent<T extends EventType>(type: T, message: EventInit<T>): Uint8Array {
  const { schema } = eventDefinition(type);
  if (isMessage(message) && message.$typeName !== schema.typeName) {
    throw new EventPayloadMismatchError(type, schema.typeName, message.$typeName);
  }
  return toBinary(schema, create(schema, message));
}

/**
 * The payload of a Kafka record whose `ce_type` header is `type`. Fields added to the contract
 * after the consumer was built are kept as unknown fields. Throws UnknownEventTypeError for a type
 * that is not in the catalogue and EventDecodeError for bytes that do not decode.
 */
export function decodeEvent<T extends EventType>(type: T, bytes: Uint8Array): EventMessage<T>;
export function decodeEvent(type: string, bytes: Uint8Array): AnyEventMessage;
export function decodeEvent(type: string, bytes: Uint8Array): AnyEventMessage {
  const { schema } = eventDefinition(type);
  try {
    return fromBinary(schema, bytes) as AnyEventMessage;
  } catch (error) {
    throw new EventDecodeError(type, error);
  }
}

/**
 * The platform's payload codec in the shape the messaging library's outbox relay and consumers
 * take (`PayloadCodec`): protobuf binary chosen by `ce_type`, for callers that hold the type as a
 * plain string. Typed code calls encodeEvent / decodeEvent directly.
 */
export const protobufEventCodec = {
  contentType: PROTOBUF_CONTENT_TYPE,
  encode(type: string, message: unknown): Uint8Array {
    const { type: eventType, schema } = eventDefinition(type);
    if (typeof message !== 'object' || message === null) {
      throw new EventPayloadMismatchError(eventType, schema.typeName, message === null ? 'null' : typeof message);
    }
    return encodeEvent(eventType, message as EventInit<EventType>);
  },
  decode(type: string, bytes: Uint8Array): AnyEventMessage {
    return decodeEvent(type, bytes);
  },
} as const;
