import { csvLine } from '@traininghubs/csv';
import type { RejectedRow } from './delivered-session-import.file';

/** How many rejected rows the progress resource lists; the rest are in rejected-rows.csv. */
export const REPORTED_REJECTED_ROWS = 100;

/** The first columns of rejected-rows.csv; the file's own columns follow, as it had them. */
export const REJECTED_ROWS_CSV_COLUMNS = ['line', 'error_code', 'reason'];

/** The header line of rejected-rows.csv for a file with this header. */
export function rejectedRowsCsvHeader(fileHeader: readonly string[]): string {
  return csvLine([...REJECTED_ROWS_CSV_COLUMNS, ...fileHeader]);
}

/** One line of rejected-rows.csv: where, why, and the row as it was (padded to the header's width); formulas defused. */
export function rejectedRowCsvLine(row: Pick<RejectedRow, 'line' | 'code' | 'reason' | 'fields'>, width: number): string {
  const fields = row.fields.length >= width ? row.fields : [...row.fields, ...Array<string>(width - row.fields.length).fill('')];
  return csvLine([row.line, row.code, row.reason, ...fields]);
}

/** Counts by code, keys in order. */
export function countByCode(codes: Iterable<string>, into: Record<string, number> = {}): Record<string, number> {
  const counts = { ...into };
  for (const code of codes) counts[code] = (counts[code] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * Groups staged sessions into chunks of about `chunkRows` rows, each applied in one transaction:
 * a session is never split, so a chunk may be larger when one session is. Returns each session's chunk.
 */
export function chunksOf(rowsPerSession: readonly number[], chunkRows: number): number[] {
  const chunks: number[] = [];
  let chunk = 0;
  let rows = 0;
  for (const n of rowsPerSession) {
    if (rows > 0 && rows + n > chunkRows) {
      chunk += 1;
      rows = 0;
    }
    chunks.push(chunk);
    rows += n;
  }
  return chunks;
}
