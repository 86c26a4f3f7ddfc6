import { parse, type InfoRecord } from 'csv-parse/sync';

/** A CSV text that cannot be read as rows of fields (an unterminated or stray quote), with the line where it goes wrong. */
export class MalformedCsvError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'MalformedCsvError';
  }
}

/** One row of a CSV file and the line of the file it starts on (1-based; a quoted field may span lines). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

const LINE_BREAK = /\r\n|\r|\n/g;

interface CsvParseFailure {
  code: string;
  message: string;
  lines?: number;
}

function isCsvParseFailure(error: unknown): error is CsvParseFailure {
  return error instanceof Error && typeof (error as Partial<CsvParseFailure>).code === 'string' && (error as Partial<CsvParseFailure>).code !== undefined;
}

/** What went wrong, in words a person fixing the file understands. */
function explain(failure: CsvParseFailure, recordStart: number): MalformedCsvError {
  switch (failure.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return new MalformedCsvError(`line ${recordStart}: a quoted field opened on line ${recordStart} is never closed`, recordStart);
    case 'INVALID_OPENING_QUOTE':
    case 'CSV_INVALID_CLOSING_QUOTE':
      return new MalformedCsvError(`line ${failure.lines ?? recordStart}: a double quote inside a field; quote the whole field and double the quote ("")`, failure.lines ?? recordStart);
    default:
      return new MalformedCsvError(`line ${failure.lines ?? recordStart}: ${failure.message}`, failure.lines ?? recordStart);
  }
}

/**
 * Reads RFC 4180 CSV with csv-parse: comma-separated fields; double-quoted fields may hold commas,
 * line breaks and doubled quotes; CRLF or LF line ends; a UTF-8 byte-order mark is dropped. Rows
 * may have different numbers of fields (the caller says which it accepts). A blank line is a row
 * of one empty field. Each row carries the line it starts on.
 */
export function readCsvRecords(text: string): CsvRecord[] {
  const starts: number[] = [];
  let lastLine = 0;
  try {
    const rows = parse(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: false,
      record_delimiter: ['\r\n', '\n', '\r'],
      on_record: (record: string[], context: InfoRecord) => {
        const breaks = record.reduce((n, field) => n + (field.match(LINE_BREAK)?.length ?? 0), 0);
        lastLine = context.lines;
        starts.push(context.lines - breaks);
        return record;
      },
    });
    return rows.map((fields, i) => ({ line: starts[i], fields }));
  } catch (error) {
    if (!isCsvParseFailure(error)) throw error;
    // csv-parse stops at the first broken record, which starts on the line after the last good one.
    throw explain(error, lastLine + 1);
  }
}

/** The rows' fields only. */
export function parseCsv(text: string): string[][] {
  return readCsvRecords(text).map((r) => r.fields);
}
