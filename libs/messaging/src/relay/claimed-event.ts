/** An outbox row a relay has claimed (leased) for publication. */
export interface ClaimedEvent {
  seq: string;
  eventId: string;
  /** Logical topic name; the relay adds the deployment's prefix. */
  topic: string;
  partitionKey: string;
  eventType: string;
  payload: Buffer;
  headers: Record<string, string>;
  /** Failed attempts so far. */
  attempts: number;
  createdAt: Date;
}

/** The ordering unit: all events of one key on one topic. */
export function orderingKey(event: Pick<ClaimedEvent, 'topic' | 'partitionKey'>): string {
  return `${event.topic}\u001f${event.partitionKey}`;
}
