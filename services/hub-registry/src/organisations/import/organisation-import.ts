import { isCalendarDay } from '../../calendar/calendar-day';
import { PARENT_KINDS, type OrganisationKind } from '../organisation-kind';
import { MalformedCsvError, readCsvRecords, type CsvRecord } from '@traininghubs/csv';

/** The columns of an import file, in the shape of NHS organisation data. */
export const IMPORT_COLUMNS = ['code', 'name', 'postcode', 'parent_code', 'open_date', 'close_date'] as const;
export type ImportableKind = Extract<OrganisationKind, 'pcn' | 'gp_practice'>;

export interface ImportRow {
  line: number;
  code: string;
  name: string;
  postcode: string | null;
  parentCode: string;
  openDate: string;
  closeDate: string | null;
}

/** Why a row is refused, as a code a report counts by (the reason says it in words). */
export type RejectionRule =
  | 'wrong-field-count'
  | 'invalid-code'
  | 'empty-name'
  | 'invalid-postcode'
  | 'invalid-parent-code'
  | 'invalid-open-date'
  | 'invalid-close-date'
  | 'closed-before-open'
  | 'duplicate-in-file'
  | 'unknown-parent'
  | 'wrong-parent-kind'
  | 'registered-as-other-kind'
  | 'outside-your-area';

export interface RejectedRow {
  line: number;
  code: string;
  rule: RejectionRule;
  reason: string;
}

const ODS_CODE = /^[A-Z0-9]{3,6}$/;
const POSTCODE = /^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$/;

/** "20230401" (as in ODS extracts) or "2023-04-01" → "2023-04-01"; undefined when neither. */
export function normaliseDay(text: string): string | undefined {
  const value = /^\d{8}$/.test(text) ? `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}` : text;
  return isCalendarDay(value) ? value : undefined;
}

/** "sw1a 1aa" → "SW1A 1AA". */
export function normalisePostcode(text: string): string {
  const compact = text.toUpperCase().replace(/\s+/g, '');
  return compact.length > 3 ? `${compact.slice(0, -3)} ${compact.slice(-3)}` : compact;
}

/** The postcode district (outward code) of a postcode: "SW1A 1AA" → "SW1A". */
export function postcodeDistrict(postcode: string): string {
  return normalisePostcode(postcode).split(' ')[0];
}

/** Reads the file's rows after the header, each with its line; throws MalformedCsvError when the file itself cannot be read. */
export function readImportFile(text: string): CsvRecord[] {
  const rows = readCsvRecords(text);
  const header = rows[0]?.fields.map((h) => h.trim().toLowerCase());
  if (!header || IMPORT_COLUMNS.some((c, i) => header[i] !== c) || header.length !== IMPORT_COLUMNS.length) {
    throw new MalformedCsvError(`line 1: the first line must be the header ${IMPORT_COLUMNS.join(',')}`, 1);
  }
  return rows.slice(1);
}

/** A blank line in the file: skipped, counted as unchanged. */
export function isBlank(fields: readonly string[]): boolean {
  return fields.length === 1 && fields[0].trim() === '';
}

/**
 * Checks one row on its own (the parent's existence is checked against the registry later).
 * Returns the row ready to store, or why it is refused.
 */
export function checkRow(fields: string[], line: number): ImportRow | RejectedRow {
  const code = (fields[0] ?? '').trim().toUpperCase();
  const reject = (rule: RejectionRule, reason: string): RejectedRow => ({ line, code, rule, reason });
  if (fields.length !== IMPORT_COLUMNS.length) return reject('wrong-field-count', `has ${fields.length} fields, not ${IMPORT_COLUMNS.length}`);
  const [, nameField, postcodeField, parentField, openField, closeField] = fields.map((f) => f.trim());
  if (!ODS_CODE.test(code)) return reject('invalid-code', `code "${fields[0]}" is not an ODS code (3 to 6 letters or digits)`);
  if (nameField === '') return reject('empty-name', 'name is empty');
  const postcode = postcodeField === '' ? null : normalisePostcode(postcodeField);
  if (postcode !== null && !POSTCODE.test(postcode)) return reject('invalid-postcode', `postcode "${postcodeField}" is not a UK postcode`);
  const parentCode = parentField.toUpperCase();
  if (!ODS_CODE.test(parentCode)) return reject('invalid-parent-code', `parent_code "${parentField}" is not an ODS code`);
  const openDate = normaliseDay(openField);
  if (!openDate) return reject('invalid-open-date', `open_date "${openField}" is not a date (YYYY-MM-DD or YYYYMMDD)`);
  const closeDate = closeField === '' ? null : normaliseDay(closeField);
  if (closeDate === undefined) return reject('invalid-close-date', `close_date "${closeField}" is not a date (YYYY-MM-DD or YYYYMMDD)`);
  if (closeDate !== null && closeDate < openDate) return reject('closed-before-open', `close_date ${closeDate} is before open_date ${openDate}`);
  return { line, code, name: nameField, postcode, parentCode, openDate, closeDate };
}

export function isRejected(row: ImportRow | RejectedRow): row is RejectedRow {
  return 'reason' in row;
}

/** Whether an organisation of `parentKind` may be the parent of an imported `kind`. */
export function parentKindAllowed(kind: ImportableKind, parentKind: OrganisationKind | undefined): boolean {
  return parentKind !== undefined && PARENT_KINDS[kind].includes(parentKind);
}
