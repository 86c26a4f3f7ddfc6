import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { ProblemDetails } from '../errors/problem-details.filter';
import { bodyLimitOf, type BodyLimits } from './body-limits';
import { bodyNotAllowed, bodyTooLarge, sendBodyProblem, unsupportedCharset, unsupportedContentEncoding } from './body-problems';

type Request = IncomingMessage & { originalUrl?: string };
type Middleware = (req: Request, res: ServerResponse, next: (error?: unknown) => void) => void;

const NO_BODY_METHODS = new Set(['GET', 'HEAD']);
const JSON_MEDIA_TYPE = /^\s*application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]*)/i;

/** The limit each request was given by the guard, for whoever reads its body later. */
const ROUTE_LIMITS = new WeakMap<IncomingMessage, number>();

/** Whether the request carries a body (one declared with a length of 0 does not). */
export function hasBody(headers: IncomingHttpHeaders): boolean {
  if (headers['transfer-encoding'] !== undefined) return true;
  const length = headers['content-length'];
  return length !== undefined && Number(length) > 0;
}

/** Whether a Content-Type names JSON (application/json, or a +json type). */
export function isJsonMediaType(contentType: string | undefined): boolean {
  return contentType !== undefined && JSON_MEDIA_TYPE.test(contentType);
}

/**
 * What is wrong with a request's body by its head alone, before a byte of it is read: a body on
 * GET or HEAD; a declared length over the route's limit; a compressed body (its size and depth
 * could not be checked as sent); JSON in a charset other than UTF-8.
 */
export function refusalByHead(method: string | undefined, headers: IncomingHttpHeaders, limitBytes: number): ProblemDetails | undefined {
  if (!hasBody(headers)) return undefined;
  const verb = (method ?? 'GET').toUpperCase();
  if (NO_BODY_METHODS.has(verb)) return bodyNotAllowed(verb);
  if (Number(headers['content-length'] ?? 0) > limitBytes) return bodyTooLarge(limitBytes);
  const encoding = headers['content-encoding']?.trim().toLowerCase();
  if (encoding && encoding !== 'identity') return unsupportedContentEncoding(encoding);
  const contentType = headers['content-type'];
  if (isJsonMediaType(contentType)) {
    const charset = CHARSET.exec(contentType ?? '')?.[1];
    if (charset !== undefined && !/^utf-?8$/i.test(charset)) return unsupportedCharset(charset);
  }
  return undefined;
}

/**
 * The first middleware of every application (gateway and services): refuses by its head a body
 * that must not be read, at once and closing the connection, and records the route's limit for
 * the parsers and readers after it.
 */
export function guardRequestBodies(limits: BodyLimits): Middleware {
  return (req, res, next) => {
    const limit = bodyLimitOf(req.originalUrl ?? req.url ?? '/', limits);
    const refusal = refusalByHead(req.method, req.headers, limit);
    if (refusal) return sendBodyProblem(req, res, refusal);
    ROUTE_LIMITS.set(req, limit);
    next();
  };
}

/** The body limit the guard gave this request's route; undefined if it did not pass the guard. */
export function bodyLimitOfRequest(req: IncomingMessage): number | undefined {
  return ROUTE_LIMITS.get(req);
}
