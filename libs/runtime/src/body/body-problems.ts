import type { IncomingMessage, ServerResponse } from 'node:http';
import { currentContext } from '@traininghubs/observability';
import { PROBLEM_JSON, type ProblemDetails } from '../errors/problem-details.filter';

const PROBLEMS = 'https://traininghubs.nhs.uk/problems/';

/** Why a request body is refused, before or while it is read; `problem` is the answer. */
export class BodyRefusal extends Error {
  constructor(readonly problem: ProblemDetails) {
    super(problem.detail ?? problem.title);
    this.name = 'BodyRefusal';
  }

  get status(): number {
    return this.problem.status;
  }
}

/** The caller went away before the body ended: there is nobody to answer. */
export class BodyAborted extends Error {
  constructor() {
    super('the request was closed before its body ended');
    this.name = 'BodyAborted';
  }
}

// The title is HTTP's own name for 413, as the services answered before the limits moved here.
export const bodyTooLarge = (limitBytes: number): ProblemDetails => ({
  type: `${PROBLEMS}body-too-large`,
  title: 'Payload too large',
  status: 413,
  detail: `Send at most ${limitBytes} bytes to this route.`,
  limitBytes,
});

export const bodyTooDeep = (maxDepth: number): ProblemDetails => ({
  type: `${PROBLEMS}body-too-deep`,
  title: 'The request body nests too deeply',
  status: 400,
  detail: `JSON bodies may nest objects and arrays at most ${maxDepth} deep.`,
  maxDepth,
});

export const bodyNotAllowed = (method: string): ProblemDetails => ({
  type: `${PROBLEMS}body-not-allowed`,
  title: 'This request may not have a body',
  status: 400,
  detail: `A ${method} request has no body; send its parameters in the query string.`,
});

export const unsupportedContentEncoding = (encoding: string): ProblemDetails => ({
  type: `${PROBLEMS}unsupported-content-encoding`,
  title: 'The request body is encoded',
  status: 415,
  detail: `Send the body as it is (Content-Encoding ${encoding} is not accepted).`,
});

export const unsupportedCharset = (charset: string): ProblemDetails => ({
  type: `${PROBLEMS}unsupported-charset`,
  title: 'JSON bodies are UTF-8',
  status: 415,
  detail: `Send JSON as UTF-8 (charset ${charset} is not accepted).`,
});

export const malformedBody = (detail: string, status = 400): ProblemDetails => ({
  type: `${PROBLEMS}malformed-body`,
  title: 'The request body cannot be read',
  status,
  detail,
});

/** How long a refused caller's connection may linger after its answer before it is destroyed. */
const LINGER_MS = 1_000;

/**
 * Answers a refused body with its problem and closes the connection: the rest of the body is not
 * read (the caller may still be sending, or may never send what it declared). With Connection:
 * close Node ends the socket once the answer is flushed; whatever happens, it is destroyed
 * LINGER_MS later.
 */
export function sendBodyProblem(req: IncomingMessage & { originalUrl?: string }, res: ServerResponse, problem: ProblemDetails): void {
  if (res.headersSent || res.writableEnded) {
    req.socket.destroy();
    return;
  }
  const answer: ProblemDetails = {
    ...problem,
    instance: req.originalUrl ?? req.url,
    correlationId: currentContext()?.correlationId ?? (req.headers['x-correlation-id'] as string | undefined),
  };
  const body = JSON.stringify(answer);
  const socket = req.socket;
  res.once('finish', () => {
    socket.end();
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
  });
  res.writeHead(problem.status, { 'Content-Type': PROBLEM_JSON, 'Content-Length': Buffer.byteLength(body), Connection: 'close' });
  res.end(body);
}
