import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpException } from '@nestjs/common';
import { bodyLimitOf, type BodyLimits } from './body-limits';
import { bodyLimitOfRequest, hasBody, isJsonMediaType } from './body-guard';
import { BodyAborted, BodyRefusal, bodyTooDeep, bodyTooLarge, sendBodyProblem } from './body-problems';
import { JsonDepthScanner } from './json-depth';

type Request = IncomingMessage & { originalUrl?: string; res?: ServerResponse };
type Middleware = (req: Request, res: ServerResponse, next: (error?: unknown) => void) => void;

export interface RawBodyOptions {
  limitBytes: number;
  /** Checks the nesting of a JSON body as it arrives (undefined: not JSON, no check). */
  maxJsonDepth?: number;
}

/** Bodies read raw, once, by bufferRequestBodies: the gateway forwards these bytes. */
const BUFFERED = new WeakMap<IncomingMessage, Buffer>();

/**
 * Reads a request's body as bytes, at most `limitBytes` of them and, for JSON, at most
 * `maxJsonDepth` deep. Rejects with a BodyRefusal as soon as it is clear (a declared length over
 * the limit before reading; more bytes than the limit, or one level too many, as they arrive),
 * without reading the rest; with BodyAborted when the caller goes away first.
 */
export function readRawBody(req: IncomingMessage, options: RawBodyOptions): Promise<Buffer> {
  const { limitBytes, maxJsonDepth } = options;
  if (Number(req.headers['content-length'] ?? 0) > limitBytes) return Promise.reject(new BodyRefusal(bodyTooLarge(limitBytes)));
  if (req.readableEnded) return Promise.resolve(Buffer.alloc(0));
  const scanner = maxJsonDepth === undefined ? undefined : new JsonDepthScanner(maxJsonDepth);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanUp = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const stop = (error: Error) => {
      cleanUp();
      req.pause();
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) return stop(new BodyRefusal(bodyTooLarge(limitBytes)));
      if (scanner && !scanner.push(chunk)) return stop(new BodyRefusal(bodyTooDeep(scanner.maxDepth)));
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanUp();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => stop(error);
    const onClose = () => stop(new BodyAborted());
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onError);
    req.once('close', onClose);
  });
}

/**
 * The gateway's body handling: every request body is read raw, once, within its route's limit
 * (and, for JSON, its depth), and kept as bytes for the proxy to write to the service unchanged —
 * never parsed or serialised again. A refused body is answered at once and the connection closed.
 */
export function bufferRequestBodies(limits: BodyLimits): Middleware {
  return (req, res, next) => {
    if (!hasBody(req.headers)) return next();
    const limitBytes = bodyLimitOfRequest(req) ?? bodyLimitOf(req.originalUrl ?? req.url ?? '/', limits);
    const maxJsonDepth = isJsonMediaType(req.headers['content-type']) ? limits.maxJsonDepth : undefined;
    readRawBody(req, { limitBytes, maxJsonDepth }).then(
      (body) => {
        BUFFERED.set(req, body);
        next();
      },
      (error: unknown) => {
        if (error instanceof BodyRefusal) return sendBodyProblem(req, res, error.problem);
        if (error instanceof BodyAborted) return void req.socket.destroy();
        next(error);
      },
    );
  };
}

/** The body bufferRequestBodies read for this request, if it did. */
export function bufferedBodyOf(req: IncomingMessage): Buffer | undefined {
  return BUFFERED.get(req);
}

/**
 * A request body as text (UTF-8), e.g. a text/csv import, within the route's limit: the one the
 * application's body guard gave this route (IMPORT_BODY_LIMIT_BYTES on import routes), the same as
 * the gateway's; or `limitBytes`. Over it, a 413 problem (`body-too-large`) is thrown as soon as the
 * limit is passed and the connection is closed after the answer; the rest is never read.
 */
export async function readRequestText(req: Request, options: { limitBytes?: number } = {}): Promise<string> {
  const buffered = BUFFERED.get(req);
  if (buffered) return buffered.toString('utf8');
  const limitBytes = options.limitBytes ?? bodyLimitOfRequest(req);
  if (limitBytes === undefined) throw new Error('readRequestText: this request did not pass the body guard of createServiceApp; give limitBytes');
  try {
    return (await readRawBody(req, { limitBytes })).toString('utf8');
  } catch (error) {
    if (!(error instanceof BodyRefusal)) throw error;
    if (req.res && !req.res.headersSent) req.res.setHeader('Connection', 'close');
    throw new HttpException(error.problem, error.status);
  }
}
