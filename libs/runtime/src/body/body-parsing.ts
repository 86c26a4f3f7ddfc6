import type { IncomingMessage, ServerResponse } from 'node:http';
import { json, urlencoded } from 'express';
import { bodyLimitOf, IMPORT_ROUTE, type BodyLimits } from './body-limits';
import { bodyLimitOfRequest } from './body-guard';
import { bufferedBodyOf } from './raw-body';
import { bodyTooDeep, bodyTooLarge, malformedBody, sendBodyProblem, unsupportedCharset, unsupportedContentEncoding } from './body-problems';
import { isJsonTooDeep } from './json-depth';

type Request = IncomingMessage & { originalUrl?: string };
type Middleware = (req: Request, res: ServerResponse, next: (error?: unknown) => void) => void;
type ErrorMiddleware = (error: unknown, req: Request, res: ServerResponse, next: (error?: unknown) => void) => void;

interface BodyParserError {
  type?: string;
  status?: number;
  charset?: string;
  encoding?: string;
}

/** The error body-parser passes on when `verify` refuses a body. */
function tooDeepError(maxDepth: number): Error {
  return Object.assign(new Error(`JSON bodies may nest at most ${maxDepth} deep`), { status: 400, type: 'entity.too.deep' });
}

/**
 * A service's body parsers, after the guard: JSON (application/json) and flat forms, each within
 * its route's limit (bodyLimitOf: the import limit on import routes); a JSON body's nesting is
 * counted in body-parser's `verify`, which runs before JSON.parse, so a body too deep is never
 * parsed. A body the gateway already read raw (bufferRequestBodies) is not parsed here.
 */
export function parseBodies(limits: BodyLimits): Middleware[] {
  const verify = (_req: unknown, _res: unknown, body: Buffer) => {
    if (isJsonTooDeep(body, limits.maxJsonDepth)) throw tooDeepError(limits.maxJsonDepth);
  };
  const byRoute = (make: (limit: number) => Middleware): Middleware => {
    const ordinary = make(limits.bodyLimitBytes);
    const imports = make(limits.importBodyLimitBytes);
    return (req, res, next) => {
      if (bufferedBodyOf(req)) return next();
      (IMPORT_ROUTE.test(req.originalUrl ?? req.url ?? '/') ? imports : ordinary)(req, res, next);
    };
  };
  return [
    byRoute((limit) => json({ limit, verify }) as Middleware),
    // Flat key=value forms only (no nested a[b][c] objects).
    byRoute((limit) => urlencoded({ limit, extended: false }) as Middleware),
  ];
}

/** Answers what the body parsers refuse as problem+json (with the same types as the gateway's). */
export function bodyProblems(limits: BodyLimits): ErrorMiddleware {
  return (error, req, res, next) => {
    const { type, status, charset, encoding } = (error ?? {}) as BodyParserError;
    const limit = bodyLimitOfRequest(req) ?? bodyLimitOf(req.originalUrl ?? req.url ?? '/', limits);
    switch (type) {
      case 'entity.too.large':
        return sendBodyProblem(req, res, bodyTooLarge(limit));
      case 'entity.too.deep':
        return sendBodyProblem(req, res, bodyTooDeep(limits.maxJsonDepth));
      case 'entity.parse.failed':
        return sendBodyProblem(req, res, malformedBody('The body is not valid JSON.'));
      case 'charset.unsupported':
        return sendBodyProblem(req, res, unsupportedCharset(charset ?? 'unknown'));
      case 'encoding.unsupported':
        return sendBodyProblem(req, res, unsupportedContentEncoding(encoding ?? 'unknown'));
    }
    if (typeof type === 'string' && typeof status === 'number' && status >= 400 && status < 500) {
      return sendBodyProblem(req, res, malformedBody(`The body cannot be read (${type}).`, status));
    }
    next(error);
  };
}
