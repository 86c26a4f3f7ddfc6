import type { Request } from 'express';
import { bodyTooLarge, notCsv } from './import-problems';

/**
 * The text/csv body of a request, at most `limitBytes` long (the service's own limit: the gateway's
 * for imports, so a caller reaching the service directly is bounded too).
 *
 * A body declared (Content-Length) over the limit is refused with 413 before any of it is read;
 * Node discards the rest after the answer. One sent without a length is read, keeping nothing past
 * the limit, to its end and then refused the same way — never buffered beyond the limit.
 */
export function readCsvBody(request: Request, limitBytes: number): Promise<string> {
  const contentType = request.headers['content-type'] ?? '';
  if (!/^text\/csv\s*(;|$)/i.test(contentType)) return Promise.reject(notCsv());
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) return Promise.reject(bodyTooLarge(limitBytes));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limitBytes) chunks.push(chunk);
      else chunks.length = 0;
    });
    let ended = false;
    request.once('end', () => {
      ended = true;
      if (size > limitBytes) reject(bodyTooLarge(limitBytes));
      else resolve(Buffer.concat(chunks).toString('utf8'));
    });
    request.once('error', reject);
    // The caller gave up before the end: nothing to import.
    request.once('close', () => {
      if (!ended) reject(new Error('the request was closed before its body ended'));
    });
  });
}
