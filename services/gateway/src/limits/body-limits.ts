import { json, urlencoded } from 'express';
import type { NextFunction, Request, Response } from 'express';
import { currentContext } from '@traininghubs/observability';
import { PROBLEM_JSON, type ProblemDetails } from '@traininghubs/runtime';

/** File imports (a CSV of every practice in England, a month's workforce file) may be larger than any other request. */
export const IMPORT_ROUTE = /^\/api\/v1\/(?:[^/?]+\/)+(?:[a-z]+-)*imports?(?:[/?]|$)/;

export interface BodyLimits {
  /** Largest body of an ordinary request, in bytes. */
  bodyLimitBytes: number;
  /** Largest body of an import (POST …/import), in bytes. */
  importBodyLimitBytes: number;
}

const PROBLEMS = 'https://traininghubs.nhs.uk/problems/';

/**
 * The gateway's body parsing, in express order: a request whose declared length is over its limit
 * is refused before anything is read (whatever its type, so a CSV upload is bounded too); JSON and
 * form bodies are parsed with the same limits (an import's first); a body that is too large or not
 * valid JSON is a problem+json (413 / 400), never express's HTML page.
 */
export function bodyParsing(limits: BodyLimits): Array<(req: Request, res: Response, next: NextFunction) => void> {
  const limitOf = (req: Request) => (IMPORT_ROUTE.test(req.originalUrl) ? limits.importBodyLimitBytes : limits.bodyLimitBytes);
  const declaredLength = (req: Request, res: Response, next: NextFunction) => {
    const length = Number(req.headers['content-length'] ?? 0);
    if (length > limitOf(req)) return sendProblem(req, res, tooLarge(limitOf(req)));
    next();
  };
  const importJson = json({ limit: limits.importBodyLimitBytes });
  const importForm = urlencoded({ extended: false, limit: limits.importBodyLimitBytes });
  const onImport = (parser: (req: Request, res: Response, next: NextFunction) => void) => (req: Request, res: Response, next: NextFunction) =>
    IMPORT_ROUTE.test(req.originalUrl) ? parser(req, res, next) : next();
  return [declaredLength, onImport(importJson), onImport(importForm), json({ limit: limits.bodyLimitBytes }), urlencoded({ extended: false, limit: limits.bodyLimitBytes })];
}

/** Express error handler for what the body parsers refuse. */
export function bodyProblems(limits: BodyLimits) {
  return (error: { type?: string; status?: number }, req: Request, res: Response, next: NextFunction): void => {
    if (error?.type === 'entity.too.large') return sendProblem(req, res, tooLarge(IMPORT_ROUTE.test(req.originalUrl) ? limits.importBodyLimitBytes : limits.bodyLimitBytes));
    if (typeof error?.status === 'number' && error.status >= 400 && error.status < 500) {
      return sendProblem(req, res, {
        type: `${PROBLEMS}malformed-body`,
        title: 'The request body cannot be read',
        status: error.status,
        detail: error.type === 'entity.parse.failed' ? 'The body is not valid JSON.' : `The body cannot be read (${error.type ?? 'unreadable'}).`,
      });
    }
    next(error);
  };
}

function tooLarge(limit: number): ProblemDetails {
  return { type: `${PROBLEMS}body-too-large`, title: 'The request body is too large', status: 413, detail: `Send at most ${limit} bytes to this route.` };
}

function sendProblem(req: Request, res: Response, problem: ProblemDetails): void {
  problem.instance = req.originalUrl;
  problem.correlationId = currentContext()?.correlationId ?? (req.headers['x-correlation-id'] as string | undefined);
  // The caller may still be sending: close the connection rather than read the rest.
  res.setHeader('Connection', 'close');
  res.status(problem.status).type(PROBLEM_JSON).send(JSON.stringify(problem));
}
