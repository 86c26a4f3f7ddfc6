/**
 * Names of the Kafka record headers every event carries: the CloudEvents Kafka protocol binding in
 * binary content mode (the record value is the payload, the attributes are `ce_` headers), plus
 * W3C trace context and the platform's correlation and causation ids. Payloads never repeat them.
 * docs/events/asyncapi.yaml documents the same headers; a unit test keeps the two equal.
 */
export const ENVELOPE_HEADERS = {
  /** CloudEvents spec version; always CLOUD_EVENTS_SPEC_VERSION. Required. */
  specversion: 'ce_specversion',
  /** Event id, a UUID (UUIDv7 for events the platform writes), unique per source. Required. */
  id: 'ce_id',
  /** URI reference naming the publishing service, e.g. `/traininghubs/placements`. Required. */
  source: 'ce_source',
  /** Event type from the catalogue, e.g. `uk.nhs.traininghubs.placements.placement_filled.v1`. Required. */
  type: 'ce_type',
  /**
   * When the occurrence happened (RFC 3339), as CloudEvents defines it: each event type sets it from
   * its own domain date (docs/events/occurrence-time.md); a day-only fact is the start of its
   * Europe/London day. Required.
   */
  time: 'ce_time',
  /** When the platform recorded the event (RFC 3339): a CloudEvents extension attribute. Set on every event the platform writes. */
  recordedTime: 'ce_recordedtime',
  /** The aggregate the event is about: the same value as the record key. */
  subject: 'ce_subject',
  /** Media type of the payload; PROTOBUF_CONTENT_TYPE for every platform event. Required. */
  contentType: 'content-type',
  /** W3C trace context of the work that caused the event. */
  traceparent: 'traceparent',
  /** Id shared by everything done for one request or job, across services. */
  correlationId: 'correlation_id',
  /** Id of the command or event that caused this one. */
  causationId: 'causation_id',
} as const;

/** The CloudEvents specification version the platform speaks. */
export const CLOUD_EVENTS_SPEC_VERSION = '1.0';

/** Media type of every event payload: the event's protobuf message in binary. */
export const PROTOBUF_CONTENT_TYPE = 'application/protobuf';
