import { HttpException, HttpStatus } from '@nestjs/common';

const PROBLEMS = 'https://traininghubs.nhs.uk/problems/';

function problem(status: HttpStatus, slug: string, title: string, detail: string, extensions: Record<string, unknown> = {}): HttpException {
  return new HttpException({ type: `${PROBLEMS}${slug}`, title, detail, code: slug, ...extensions }, status);
}

/** The file cannot be read as CSV; `line` (when known) is where it goes wrong. Nothing is saved. */
export const malformedCsv = (detail: string, line?: number) =>
  problem(HttpStatus.BAD_REQUEST, 'malformed-csv', 'The CSV file cannot be read', detail, line === undefined ? {} : { line });

/** The file reads as CSV but is not an import file (its header), or has no rows. Nothing is saved. */
export const importFileRefused = (code: string, detail: string) => problem(HttpStatus.UNPROCESSABLE_ENTITY, code, 'The file cannot be imported', detail);

export const notCsv = () =>
  problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'unsupported-media-type', 'Send the file as text/csv', 'Send the file as the request body with Content-Type: text/csv (UTF-8).');
