/**
 * Turns event messages into payload bytes and back. The messaging library never looks inside a
 * payload; the caller supplies the codec (the generated protobuf contracts in services).
 * `decode` throws when the bytes are not a valid message of that type.
 */
export interface PayloadCodec {
  /** The payload's media type (`content-type` header); `application/protobuf` if not given. */
  readonly contentType?: string;
  encode(type: string, message: unknown): Uint8Array;
  decode(type: string, bytes: Uint8Array): unknown;
}

/** JSON payloads, for tests and tools only; platform events are protobuf. */
export const jsonCodec: PayloadCodec = {
  contentType: 'application/json',
  encode: (_type, message) => new TextEncoder().encode(JSON.stringify(message)),
  decode: (_type, bytes) => JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown,
};
