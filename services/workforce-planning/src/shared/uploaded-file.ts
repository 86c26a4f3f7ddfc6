import { UnsupportedMediaTypeException } from '@nestjs/common';
import type { Request } from 'express';
import { readRequestText } from '@traininghubs/runtime';

/** A file sent as JSON rather than text/csv. */
export interface UploadedFileBody {
  csv?: string;
}

/**
 * The CSV text of an import request, however it was sent: the raw body of a text/csv request
 * (within the import routes' limit, IMPORT_BODY_LIMIT_BYTES — the gateway's too: 413 past it), or
 * the `csv` field of a JSON body (415 when neither). The one way every import of this service
 * reads its file.
 */
export async function readUploadedCsv(contentType: string | undefined, request: Request, body: UploadedFileBody | undefined): Promise<string> {
  if (contentType?.startsWith('text/csv')) return readRequestText(request);
  if (body?.csv === undefined) throw new UnsupportedMediaTypeException('Send the file as text/csv, or as JSON { "csv": "…" }.');
  return body.csv;
}
