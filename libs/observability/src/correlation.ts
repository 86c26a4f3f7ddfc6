import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

export const CORRELATION_HEADER = 'x-correlation-id';
const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export interface RequestContext {
  correlationId: string;
  /** W3C trace context of the incoming request, carried on to Kafka headers. */
  traceparent?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `work` with the given context; everything it awaits sees the same correlation id. */
export function runWithContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

/** The caller's correlation id when it is a safe token; otherwise a new one. */
export function correlationIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && SAFE_ID.test(value) ? value : randomUUID();
}
