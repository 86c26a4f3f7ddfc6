import { PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { Request } from 'express';

/** Largest file accepted: the national practice-level file (≈6,300 practices, ≈300 columns) is about 10 MB. */
export const MAX_FILE_BYTES = 32 * 1024 * 1024;

/** A file sent as JSON rather than text/csv. */
export interface UploadedFileBody {
  csv?: string;
}

/**
 * The CSV text of an import request, however it was sent: the raw body of a text/csv request
 * (read here, up to MAX_FILE_BYTES: 413 past that), or the `csv` field of a JSON body (415 when
 * neither). The one way every import of this service reads its file.
 */
export async function readUploadedCsv(contentType: string | undefined, request: Request, body: UploadedFileBody | undefined): Promise<string> {
  if (contentType?.startsWith('text/csv')) {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of request as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_FILE_BYTES) throw new PayloadTooLargeException(`The file is larger than ${MAX_FILE_BYTES} bytes.`);
      chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString('utf8');
  }
  if (body?.csv === undefined) throw new UnsupportedMediaTypeException('Send the file as text/csv, or as JSON { "csv": "…" }.');
  return body.csv;
}
