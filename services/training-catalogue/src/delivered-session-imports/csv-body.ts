import type { Request } from 'express';
import { readRequestText } from '@traininghubs/runtime';
import { notCsv } from './import-problems';

/**
 * The text/csv body of a request (415 for any other type), within the import routes' limit —
 * IMPORT_BODY_LIMIT_BYTES, the gateway's too, so a caller reaching the service directly is bounded
 * the same. A body declared over it is refused with 413 before any of it is read; one without a
 * length as soon as it passes the limit.
 */
export function readCsvBody(request: Request): Promise<string> {
  const contentType = request.headers['content-type'] ?? '';
  if (!/^text\/csv\s*(;|$)/i.test(contentType)) return Promise.reject(notCsv());
  return readRequestText(request);
}
