import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { currentContext } from '@traininghubs/observability';

/** RFC 9457 problem details, the one error format of every service and the gateway. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  correlationId?: string;
  /** Field-level validation problems, when the request body or query was invalid. */
  errors?: Array<{ field?: string; message: string }>;
  [extension: string]: unknown;
}

export const PROBLEM_JSON = 'application/problem+json';
const PROBLEM_BASE = 'https://traininghubs.nhs.uk/problems/';

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const problem = toProblem(exception);
    problem.instance = request.originalUrl ?? request.url;
    problem.correlationId = currentContext()?.correlationId;
    if (problem.status >= 500 && problem.status !== 503) this.logger.error({ err: exception, problem }, 'request failed');
    else if (problem.status === 503) this.logger.warn({ err: exception, problem }, 'request refused: overloaded');
    if (response.headersSent) return;
    if (typeof problem.retryAfterSeconds === 'number') response.setHeader('Retry-After', String(problem.retryAfterSeconds));
    response.status(problem.status).type(PROBLEM_JSON).send(JSON.stringify(problem));
  }
}

export function toProblem(exception: unknown): ProblemDetails {
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const body = exception.getResponse();
    const base: ProblemDetails = { type: `${PROBLEM_BASE}${slug(HttpStatus[status] ?? 'error')}`, title: titleFor(status), status };
    if (typeof body === 'string') return { ...base, detail: body };
    const record = body as Record<string, unknown>;
    if (typeof record.type === 'string' && typeof record.title === 'string') return { ...base, ...record, status } as ProblemDetails;
    const message = record.message;
    if (Array.isArray(message)) {
      return { ...base, type: `${PROBLEM_BASE}validation`, title: 'Your request is not valid', detail: 'See errors for each field.', errors: message.map(toFieldError) };
    }
    return { ...base, detail: typeof message === 'string' ? message : exception.message };
  }
  if (isOverload(exception)) {
    return {
      type: `${PROBLEM_BASE}service-busy`,
      title: 'The service is busy',
      status: 503,
      detail: 'Every database connection is in use; nothing was changed. Try again in a moment.',
      retryAfterSeconds: OVERLOAD_RETRY_AFTER_SECONDS,
    };
  }
  const clientError = httpClientError(exception);
  if (clientError) {
    const { status, detail } = clientError;
    return { type: `${PROBLEM_BASE}${slug(HttpStatus[status] ?? 'bad-request')}`, title: titleFor(status), status, detail };
  }
  return {
    type: `${PROBLEM_BASE}internal-error`,
    title: 'Internal Server Error',
    status: 500,
    detail: 'Something went wrong on our side. Quote the correlation id if you report it.',
  };
}

/** How long a caller refused for overload is asked to wait (Retry-After). */
export const OVERLOAD_RETRY_AFTER_SECONDS = 1;

/** Postgres refusing more work: too many connections, or not accepting them now. */
const OVERLOAD_SQLSTATES = new Set(['53300', '57P03', '53400']);

/**
 * Whether the request failed because the service is saturated rather than broken: the connection
 * pool gave no connection in time (pg-pool's connect timeout), or Postgres refused a connection.
 * Nothing was changed, so the caller may retry: 503 with Retry-After, never a 500.
 */
export function isOverload(exception: unknown): boolean {
  if (!(exception instanceof Error)) return false;
  const driver = (exception as { driverError?: unknown }).driverError;
  const code = (exception as { code?: unknown }).code ?? (driver as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && OVERLOAD_SQLSTATES.has(code)) return true;
  return /timeout exceeded when trying to connect|connection timeout/i.test(exception.message);
}

/**
 * A client error raised before Nest sees the request (express's body parser: a body over the
 * limit is 413, malformed JSON 400). Such errors carry a 4xx `status` and `expose: true`; the
 * message is meant for the caller.
 */
function httpClientError(exception: unknown): { status: number; detail: string } | undefined {
  if (typeof exception !== 'object' || exception === null) return undefined;
  const { status, expose, message } = exception as { status?: unknown; expose?: unknown; message?: unknown };
  if (typeof status !== 'number' || status < 400 || status > 499 || expose !== true) return undefined;
  return { status, detail: typeof message === 'string' ? message : (HttpStatus[status] ?? 'Client error') };
}

function toFieldError(message: unknown): { field?: string; message: string } {
  const text = String(message);
  const field = /^([\w.[\]]+) /.exec(text)?.[1];
  return field ? { field, message: text } : { message: text };
}

function titleFor(status: number): string {
  const name = HttpStatus[status];
  return name ? name.toLowerCase().split('_').map((w, i) => (i === 0 ? w[0].toUpperCase() + w.slice(1) : w)).join(' ') : 'Error';
}

function slug(name: string): string {
  return name.toLowerCase().replace(/_/g, '-');
}
