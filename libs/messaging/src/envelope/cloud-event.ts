import { v7 as uuidv7 } from 'uuid';
import { CLOUD_EVENTS_SPEC_VERSION, ENVELOPE_HEADERS, PROTOBUF_CONTENT_TYPE } from '@traininghubs/contracts';

/**
 * The CloudEvents envelope of every platform event, carried in Kafka binary mode: the attributes
 * travel as record headers and the record value is the event's protobuf bytes.
 */
export interface EventEnvelope {
  /** `ce_id`: a UUID (UUIDv7 for events the platform writes), unique per event and source. */
  id: string;
  /** `ce_source`: the producing service, e.g. `/traininghubs/hub-registry`. */
  source: string;
  /** `ce_type`: e.g. `uk.nhs.traininghubs.placements.placement_filled.v1`. */
  type: string;
  /** `ce_time`: when the occurrence happened (a session's start, a GP's first day), not when it was recorded or sent. */
  time: Date;
  /** `ce_recordedtime` (extension): when the platform recorded it; absent on events written before the attribute existed. */
  recordedTime?: Date;
  /** `ce_subject`: the aggregate the event is about, e.g. the placement id. */
  subject?: string;
  /** `content-type`: the payload's media type. */
  contentType?: string;
  /** W3C trace context of the work that caused the event. */
  traceparent?: string;
  correlationId?: string;
  /** The id of the command or event that caused this one. */
  causationId?: string;
}

// The header names are part of the event contract: one definition, in the contracts library
// (the AsyncAPI document is checked against it).
export { CLOUD_EVENTS_SPEC_VERSION, ENVELOPE_HEADERS, PROTOBUF_CONTENT_TYPE };

/** Raised when an envelope is incomplete or malformed; names every problem found. */
export class EnvelopeError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid event envelope: ${problems.join('; ')}`);
    this.name = 'EnvelopeError';
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SOURCE = /^(\/|[a-z][a-z0-9+.-]*:)[^\s]*$/i;
const TYPE = /^[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)+$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:[Zz]|[+-]\d{2}:\d{2})$/;
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;
const TOKEN = /^[A-Za-z0-9._:-]{1,128}$/;
const PRINTABLE = /^[^\p{Cc}]{1,512}$/u;

/** A new event id: UUIDv7, so ids sort by creation time. */
export function newEventId(): string {
  return uuidv7();
}

/** The Kafka headers of an envelope. Throws `EnvelopeError` if the envelope is not valid. */
export function encodeEnvelope(envelope: EventEnvelope): Record<string, string> {
  const problems = envelopeProblems(envelope);
  if (envelope.traceparent !== undefined && !isValidTraceparent(envelope.traceparent)) {
    problems.push('traceparent is not a W3C trace context');
  }
  for (const field of ['correlationId', 'causationId'] as const) {
    const value = envelope[field];
    if (value !== undefined && !TOKEN.test(value)) problems.push(`${field} must be 1-128 letters, digits or ._:-`);
  }
  if (envelope.recordedTime !== undefined && (!(envelope.recordedTime instanceof Date) || Number.isNaN(envelope.recordedTime.getTime()))) {
    problems.push('recordedTime must be a valid date');
  }
  if (problems.length > 0) throw new EnvelopeError(problems);

  const headers: Record<string, string> = {
    [ENVELOPE_HEADERS.specversion]: CLOUD_EVENTS_SPEC_VERSION,
    [ENVELOPE_HEADERS.id]: envelope.id.toLowerCase(),
    [ENVELOPE_HEADERS.source]: envelope.source,
    [ENVELOPE_HEADERS.type]: envelope.type,
    [ENVELOPE_HEADERS.time]: envelope.time.toISOString(),
    [ENVELOPE_HEADERS.contentType]: envelope.contentType ?? PROTOBUF_CONTENT_TYPE,
  };
  if (envelope.subject !== undefined) headers[ENVELOPE_HEADERS.subject] = envelope.subject;
  if (envelope.recordedTime !== undefined) headers[ENVELOPE_HEADERS.recordedTime] = envelope.recordedTime.toISOString();
  if (envelope.traceparent !== undefined) headers[ENVELOPE_HEADERS.traceparent] = envelope.traceparent;
  if (envelope.correlationId !== undefined) headers[ENVELOPE_HEADERS.correlationId] = envelope.correlationId;
  if (envelope.causationId !== undefined) headers[ENVELOPE_HEADERS.causationId] = envelope.causationId;
  return headers;
}

/**
 * The envelope carried by a record's headers. Throws `EnvelopeError` when a required attribute is
 * missing or malformed. The recorded time, trace and correlation headers are advisory: a malformed one is dropped
 * (as W3C trace context asks) rather than making the event unreadable.
 */
export function parseEnvelope(headers: Readonly<Record<string, string | undefined>>): EventEnvelope {
  const problems: string[] = [];
  const specversion = headers[ENVELOPE_HEADERS.specversion];
  if (specversion !== CLOUD_EVENTS_SPEC_VERSION) {
    problems.push(specversion === undefined ? 'ce_specversion is missing' : `ce_specversion ${specversion} is not 1.0`);
  }
  const rawTime = headers[ENVELOPE_HEADERS.time];
  const time = rawTime !== undefined && RFC3339.test(rawTime) ? new Date(rawTime) : new Date(Number.NaN);
  if (rawTime === undefined) problems.push('ce_time is missing');
  else if (Number.isNaN(time.getTime())) problems.push('ce_time is not an RFC 3339 timestamp');
  const envelope: EventEnvelope = {
    id: headers[ENVELOPE_HEADERS.id] ?? '',
    source: headers[ENVELOPE_HEADERS.source] ?? '',
    type: headers[ENVELOPE_HEADERS.type] ?? '',
    time,
    subject: headers[ENVELOPE_HEADERS.subject],
    contentType: headers[ENVELOPE_HEADERS.contentType],
  };
  problems.push(...envelopeProblems(envelope, { checkTime: false }));
  if (problems.length > 0) throw new EnvelopeError(problems);

  envelope.id = envelope.id.toLowerCase();
  const recordedTime = headers[ENVELOPE_HEADERS.recordedTime];
  if (recordedTime !== undefined && RFC3339.test(recordedTime) && !Number.isNaN(Date.parse(recordedTime))) envelope.recordedTime = new Date(recordedTime);
  const traceparent = headers[ENVELOPE_HEADERS.traceparent];
  if (traceparent !== undefined && isValidTraceparent(traceparent)) envelope.traceparent = traceparent;
  const correlationId = headers[ENVELOPE_HEADERS.correlationId];
  if (correlationId !== undefined && TOKEN.test(correlationId)) envelope.correlationId = correlationId;
  const causationId = headers[ENVELOPE_HEADERS.causationId];
  if (causationId !== undefined && TOKEN.test(causationId)) envelope.causationId = causationId;
  return envelope;
}

/** Correlation and causation ids: 1-128 letters, digits or `._:-`. */
export function isValidCorrelationToken(value: string): boolean {
  return TOKEN.test(value);
}

export function isValidTraceparent(value: string): boolean {
  const match = TRACEPARENT.exec(value);
  if (!match) return false;
  const [, version, traceId, parentId] = match;
  return version !== 'ff' && !/^0+$/.test(traceId) && !/^0+$/.test(parentId);
}

function envelopeProblems(envelope: EventEnvelope, { checkTime = true } = {}): string[] {
  const problems: string[] = [];
  const required = (value: string, header: string, valid: boolean, rule: string) => {
    if (value === '') problems.push(`${header} is missing`);
    else if (!valid) problems.push(`${header} ${rule}`);
  };
  required(envelope.id, 'ce_id', UUID.test(envelope.id), 'is not a UUID');
  required(envelope.source, 'ce_source', SOURCE.test(envelope.source) && envelope.source.length <= 512, 'is not a URI reference');
  required(envelope.type, 'ce_type', TYPE.test(envelope.type) && envelope.type.length <= 256, 'is not a dotted event type');
  if (checkTime && (!(envelope.time instanceof Date) || Number.isNaN(envelope.time.getTime()))) {
    problems.push('time must be a valid date');
  }
  if (envelope.subject !== undefined && !PRINTABLE.test(envelope.subject)) {
    problems.push('ce_subject must be 1-512 printable characters');
  }
  if (envelope.contentType !== undefined && !/^[\w.+-]+\/[\w.+-]+(;.*)?$/.test(envelope.contentType)) {
    problems.push('content-type is not a media type');
  }
  return problems;
}
