import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CORRELATION_HEADER, correlationIdFrom, runWithContext } from './correlation';

/** Gives every request a correlation id (the caller's, or a new one) and echoes it back. */
@Injectable()
export class CorrelationMiddleware implements NestMiddleware {
  use(req: IncomingMessage & { id?: unknown }, res: ServerResponse, next: () => void): void {
    const correlationId = correlationIdFrom(req.headers[CORRELATION_HEADER]);
    req.headers[CORRELATION_HEADER] = correlationId;
    res.setHeader(CORRELATION_HEADER, correlationId);
    const traceparent = typeof req.headers.traceparent === 'string' ? req.headers.traceparent : undefined;
    runWithContext({ correlationId, traceparent }, next);
  }
}
