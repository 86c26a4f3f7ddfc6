/** An event a service records in its outbox, in the transaction that changes its state. */
export interface OutboxEvent<TMessage = unknown> {
  /** Logical topic name from the manifest, e.g. `traininghubs.placements.placement.v1`. */
  topic: string;
  /** Record key (the topic's documented key, e.g. the placement id); its events keep their order. */
  key: string;
  aggregateType: string;
  aggregateId: string;
  /** The aggregate's version after the change, for consumers that check order. */
  aggregateVersion?: number;
  /** `ce_type`, e.g. `uk.nhs.traininghubs.placements.placement_filled.v1`. */
  type: string;
  /** The event message; the writer's codec turns it into payload bytes. */
  message: TMessage;
  /**
   * When the occurrence happened (`ce_time`), from the record's own domain date: a session's start,
   * a recruit's first day (the start of its London day), never simply "now" for a record about the
   * past. The writer adds when it was recorded (`ce_recordedtime`) itself.
   */
  occurredAt: Date;
  /** `ce_subject`; defaults to the aggregate id. */
  subject?: string;
  /** `ce_id`; a new UUIDv7 unless the caller has one (e.g. an idempotent command's id). */
  id?: string;
  /** Trace context, correlation and causation; default to the current request's context. */
  traceparent?: string;
  correlationId?: string;
  causationId?: string;
}

/** Where an appended event sits in the outbox. */
export interface AppendedEvent {
  eventId: string;
  seq: string;
}
