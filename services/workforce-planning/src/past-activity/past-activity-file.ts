import { createHash } from 'node:crypto';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { isCalendarDay } from '@traininghubs/calendar';
import { MalformedCsvError, readCsvRecords, type CsvRecord } from '@traininghubs/runtime';
import { RecordRecruitment } from '../recruitments/recruitment.dto';
import { EnrolOnIntervention, RecordRetentionOutcome } from '../retention/retention.dto';

/**
 * Files of past activity a hub brings when it comes on board: one row per recruit, or one row
 * per retention intervention with its outcome. Each row becomes the very command the single
 * routes take (POST /api/v1/workforce/recruitments, /retention and /retention/{id}/outcome) and
 * is checked here by those commands' own validation; the domain rules are the services' own,
 * applied when the row is imported.
 */
export type PastActivityKind = 'recruitment' | 'retention';
export const PAST_ACTIVITY_KINDS: readonly PastActivityKind[] = ['recruitment', 'retention'];

type CellType = 'text' | 'code' | 'day' | 'number' | 'boolean';

interface Column {
  /** The header, snake_case. */
  name: string;
  /** The command property it fills; none for the columns the import itself reads. */
  property?: string;
  /** Which command: the retention file fills an enrolment and an outcome. */
  command?: 'enrol' | 'outcome';
  type: CellType;
  /** The header must have the column, and every row a value in it. */
  required: boolean;
  description: string;
}

const RECORD_REF: Column = { name: 'record_ref', type: 'text', required: true, description: "The hub's own reference of the row, unique within the hub's files of this kind: a row whose reference was imported before is not imported again." };

/** The columns of a recruitment file: the fields of POST /api/v1/workforce/recruitments, hubId from the query. */
export const RECRUITMENT_COLUMNS: readonly Column[] = [
  RECORD_REF,
  { name: 'staff_group', property: 'staffGroup', type: 'code', required: true, description: 'GP, NURSE, DIRECT_PATIENT_CARE or ADMIN_NON_CLINICAL.' },
  { name: 'profession', property: 'profession', type: 'code', required: true, description: 'e.g. GP, NURSE, PHARMACIST, PARAMEDIC (the recruitment API\'s professions).' },
  { name: 'gp_role', property: 'gpRole', type: 'code', required: false, description: 'PARTNER, SALARIED, RETAINER or LOCUM: required for GPs, empty for everyone else.' },
  { name: 'arrs_role', property: 'arrsRole', type: 'code', required: false, description: 'The ARRS role when the post is reimbursed through the scheme (e.g. CLINICAL_PHARMACIST).' },
  { name: 'route', property: 'route', type: 'code', required: true, description: 'NEWLY_QUALIFIED, RETURNER, INTERNATIONAL, FROM_ANOTHER_SYSTEM or WITHIN_SYSTEM.' },
  { name: 'practice_ods_code', property: 'practiceOdsCode', type: 'code', required: false, description: 'The practice; empty when the PCN employs the member of staff.' },
  { name: 'pcn_ods_code', property: 'pcnOdsCode', type: 'code', required: true, description: 'The PCN.' },
  { name: 'start_date', property: 'startDate', type: 'day', required: true, description: 'First working day, YYYY-MM-DD (or DD/MM/YYYY).' },
  { name: 'hours_per_week', property: 'hoursPerWeek', type: 'number', required: true, description: 'Contracted hours a week (37.5 = 1.0 FTE).' },
  { name: 'sessions_per_week', property: 'sessionsPerWeek', type: 'number', required: false, description: 'Clinical sessions a week, for GPs.' },
];

/** The columns of a retention file: POST /api/v1/workforce/retention and its outcome, for a recruit named by recruit_ref or staff_id. */
export const RETENTION_COLUMNS: readonly Column[] = [
  RECORD_REF,
  { name: 'recruit_ref', type: 'text', required: false, description: 'The record_ref of the recruit in a recruitment file imported for the hub (this or staff_id).' },
  { name: 'staff_id', property: 'staffId', command: 'enrol', type: 'text', required: false, description: 'Or the pseudonymous staff id the service issued (this or recruit_ref).' },
  { name: 'intervention', property: 'intervention', command: 'enrol', type: 'code', required: true, description: 'GP_RETENTION_SCHEME, FELLOWSHIP, MENTORING, COACHING, PORTFOLIO_ROLE, FLEXIBLE_WORKING or CAREER_CONVERSATION.' },
  { name: 'fellowship_programme', property: 'fellowshipProgramme', command: 'enrol', type: 'code', required: false, description: 'Required for a fellowship: NEW_TO_PRACTICE_GP, NEW_TO_PRACTICE_NURSE, NURSE_NEW_TO_GENERAL_PRACTICE or LOCAL.' },
  { name: 'started_on', property: 'startedOn', command: 'enrol', type: 'day', required: true, description: 'First day of the intervention.' },
  { name: 'review_due_on', property: 'reviewDueOn', command: 'enrol', type: 'day', required: true, description: 'The review point at which the outcome is judged.' },
  { name: 'sessions_per_week_before', property: 'sessionsPerWeekBefore', command: 'enrol', type: 'number', required: true, description: 'Sessions a week before the intervention (0–12).' },
  { name: 'funded_sessions_per_week', property: 'fundedSessionsPerWeek', command: 'enrol', type: 'number', required: false, description: 'Funded sessions a week (0–10).' },
  { name: 'funding_awarded_pence', property: 'fundingAwardedPence', command: 'enrol', type: 'number', required: false, description: 'Funding awarded, in pence.' },
  { name: 'mentor_assigned', property: 'mentorAssigned', command: 'enrol', type: 'boolean', required: false, description: 'true or false (yes/no, y/n, 1/0).' },
  { name: 'outcome', property: 'outcome', command: 'outcome', type: 'code', required: true, description: 'REMAINED_IN_POST, MOVED_WITHIN_SYSTEM, DEFERRED_LEAVING, RETURNED_FROM_BREAK, LEFT_GENERAL_PRACTICE or WITHDREW.' },
  { name: 'outcome_date', property: 'recordedOn', command: 'outcome', type: 'day', required: true, description: 'The day of the outcome: on or after the review point.' },
  { name: 'sessions_per_week_after', property: 'sessionsPerWeekAfter', command: 'outcome', type: 'number', required: true, description: 'Sessions a week after the outcome (0–12).' },
  { name: 'practice_ods_code', property: 'practiceOdsCode', command: 'outcome', type: 'code', required: false, description: "The practice after the outcome, when it changed: a practice in the hub's area on the outcome's day." },
];

export const COLUMNS: Readonly<Record<PastActivityKind, readonly Column[]>> = { recruitment: RECRUITMENT_COLUMNS, retention: RETENTION_COLUMNS };

/** A whole file refused before any row is looked at: nothing of it is saved. */
export class PastActivityFileRefused extends Error {
  constructor(
    readonly code: 'malformed-csv' | 'invalid-header' | 'empty-file',
    message: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'PastActivityFileRefused';
  }
}

/** Why a row is not imported, with a stable code (the services' rule codes, or the file's own). */
export interface RowRejection {
  code: string;
  reason: string;
}

/** A retention row's member of staff: a recruit imported for the hub (by its record_ref), or a staff id. */
export type StaffReference = { recruitRef: string } | { staffId: string };

export interface RetentionRowCommand {
  staff: StaffReference;
  /** The enrolment, without its staff id (found from `staff` when the row is imported). */
  enrol: Omit<EnrolOnIntervention, 'staffId'>;
  outcome: RecordRetentionOutcome;
}

export type RecruitmentRowCommand = Omit<RecordRecruitment, 'hubId'>;

export interface RowCommand {
  recruitment: RecruitmentRowCommand;
  retention: RetentionRowCommand;
}

/** A data row of the file as read and checked on its own. */
export interface CheckedRow<K extends PastActivityKind = PastActivityKind> {
  line: number;
  /** Null when the row has none (it is then rejected). */
  recordRef: string | null;
  /** The fields as sent, for the rejected-rows file. */
  fields: string[];
  /** What the row asks for, when it passed the checks of the file alone. */
  command?: RowCommand[K];
  /** A digest of what the row says: the same reference with other facts is not the same row. */
  fingerprint?: string;
  rejection?: RowRejection;
}

export interface PastActivityFile<K extends PastActivityKind = PastActivityKind> {
  kind: K;
  /** The header as written (trimmed, lower case). */
  header: string[];
  /** Every data row (blank lines are skipped), in file order. */
  rows: Array<CheckedRow<K>>;
}

const MAX_RECORD_REF = 100;
/** A control character (a line break, a tab): not part of a reference. */
const hasControl = (text: string) => [...text].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

/**
 * Reads a file of past activity: the whole file is refused (PastActivityFileRefused) when it
 * cannot be read as CSV, its header is not the kind's (a required column missing, a column
 * unknown or twice), or it has no data rows; otherwise every row is checked on its own (the
 * command's validation, one record_ref a row, a reference not twice in the file) and comes back
 * with its command or its rejection.
 */
export function readPastActivityFile<K extends PastActivityKind>(kind: K, text: string): PastActivityFile<K> {
  if (text.trim() === '') throw new PastActivityFileRefused('empty-file', 'The file is empty; send the header and one row per record.');
  let records: CsvRecord[];
  try {
    records = readCsvRecords(text);
  } catch (error) {
    if (error instanceof MalformedCsvError) throw new PastActivityFileRefused('malformed-csv', error.message, error.line);
    throw error;
  }
  const [headerRecord, ...data] = records;
  const header = checkHeader(kind, headerRecord.fields);
  const rows = data.filter((r) => !isBlank(r.fields)).map((r) => checkRow(kind, header, r));
  if (rows.length === 0) throw new PastActivityFileRefused('empty-file', 'The file has a header but no rows; send one row per record.');
  markDuplicates(rows);
  return { kind, header, rows };
}

function isBlank(fields: readonly string[]): boolean {
  return fields.every((f) => f.trim() === '');
}

function checkHeader(kind: PastActivityKind, fields: readonly string[]): string[] {
  const columns = COLUMNS[kind];
  const header = fields.map((f) => f.trim().toLowerCase());
  const problems: string[] = [];
  const unknown = header.filter((h) => !columns.some((c) => c.name === h));
  if (unknown.length > 0) problems.push(`unknown column(s) ${unknown.map((u) => `"${u}"`).join(', ')}`);
  const twice = [...new Set(header.filter((h, i) => header.indexOf(h) !== i))];
  if (twice.length > 0) problems.push(`column(s) ${twice.join(', ')} more than once`);
  const missing = columns.filter((c) => c.required && !header.includes(c.name)).map((c) => c.name);
  if (missing.length > 0) problems.push(`missing column(s) ${missing.join(', ')}`);
  if (kind === 'retention' && !header.includes('recruit_ref') && !header.includes('staff_id')) problems.push('no recruit_ref or staff_id column to say whose intervention each row is');
  if (problems.length > 0) {
    throw new PastActivityFileRefused(
      'invalid-header',
      `line 1: the header of a ${kind} file has ${problems.join('; ')}. Its columns are ${columns.map((c) => (c.required ? c.name : `[${c.name}]`)).join(',')} (in any order; [optional]).`,
      1,
    );
  }
  return header;
}

function checkRow<K extends PastActivityKind>(kind: K, header: readonly string[], record: CsvRecord): CheckedRow<K> {
  const { line, fields } = record;
  const cells = new Map(header.map((h, i) => [h, (fields[i] ?? '').trim()]));
  const rawRef = cells.get('record_ref') ?? '';
  const recordRef = rawRef === '' ? null : rawRef;
  const reject = (code: string, reason: string): CheckedRow<K> => ({ line, recordRef, fields, rejection: { code, reason } });
  if (fields.length !== header.length) return reject('invalid-row', `has ${fields.length} field(s); the header has ${header.length}`);
  if (recordRef === null) return reject('invalid-value', 'record_ref is empty: every row needs the hub’s own reference');
  if (recordRef.length > MAX_RECORD_REF || hasControl(recordRef)) return reject('invalid-value', `record_ref must be at most ${MAX_RECORD_REF} printable characters`);
  const columns = COLUMNS[kind].filter((c) => header.includes(c.name));
  const empty = COLUMNS[kind].filter((c) => c.required && cells.get(c.name) === '').map((c) => c.name);
  if (empty.length > 0) return reject('invalid-value', `${empty.join(', ')} ${empty.length === 1 ? 'is' : 'are'} empty`);
  const problems: string[] = [];
  const values = (command?: Column['command']) => {
    const plain: Record<string, unknown> = {};
    for (const c of columns) {
      if (!c.property || c.command !== command) continue;
      const value = cellValue(c.type, cells.get(c.name) ?? '');
      if (value !== undefined) plain[c.property] = value;
    }
    return plain;
  };
  // Every column of the kind, an absent one as empty: leaving out an empty optional column is the same row.
  const normalised = COLUMNS[kind].map((c) => [c.name, cellValue(c.type, cells.get(c.name) ?? '') ?? null]);
  const fingerprint = createHash('sha256').update(JSON.stringify(normalised)).digest('hex');
  if (kind === 'recruitment') {
    const plain = values();
    // The hub comes from the query: a placeholder satisfies the DTO's hubId here.
    problems.push(...validationProblems(RecordRecruitment, { ...plain, hubId: PLACEHOLDER_UUID }, COLUMNS.recruitment));
    if (problems.length > 0) return reject('invalid-value', problems.join('; '));
    return { line, recordRef, fields, command: plain as unknown as RowCommand[K], fingerprint };
  }
  const recruitRef = cells.get('recruit_ref') ?? '';
  const staffId = cells.get('staff_id') ?? '';
  if ((recruitRef === '') === (staffId === '')) return reject('invalid-value', 'give exactly one of recruit_ref and staff_id: whose intervention the row is');
  const enrol = values('enrol');
  const outcome = values('outcome');
  problems.push(...validationProblems(EnrolOnIntervention, recruitRef === '' ? enrol : { ...enrol, staffId: PLACEHOLDER_UUID }, COLUMNS.retention));
  problems.push(...validationProblems(RecordRetentionOutcome, outcome, COLUMNS.retention));
  if (problems.length > 0) return reject('invalid-value', problems.join('; '));
  const { staffId: _staffId, ...enrolment } = enrol;
  const command: RetentionRowCommand = {
    staff: recruitRef === '' ? { staffId } : { recruitRef },
    enrol: enrolment as unknown as RetentionRowCommand['enrol'],
    outcome: outcome as unknown as RecordRetentionOutcome,
  };
  return { line, recordRef, fields, command: command as RowCommand[K], fingerprint };
}

const PLACEHOLDER_UUID = '00000000-0000-4000-8000-000000000000';

/**
 * A cell as the command takes it: empty is left out; codes in capitals; a day YYYY-MM-DD (a UK
 * spreadsheet's DD/MM/YYYY converted); numbers and booleans converted when they read as such. A
 * cell that does not read as its type is passed on as written, for the command's validation to
 * refuse in its own words.
 */
export function cellValue(type: CellType, cell: string): string | number | boolean | undefined {
  if (cell === '') return undefined;
  switch (type) {
    case 'text':
      return cell;
    case 'code':
      return cell.toUpperCase();
    case 'day': {
      const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(cell);
      const day = uk ? `${uk[3]}-${uk[2].padStart(2, '0')}-${uk[1].padStart(2, '0')}` : cell;
      return isCalendarDay(day) ? day : cell;
    }
    case 'number':
      return /^-?\d+(?:\.\d+)?$/.test(cell) ? Number(cell) : cell;
    case 'boolean': {
      const word = cell.toLowerCase();
      if (['true', 'yes', 'y', '1'].includes(word)) return true;
      if (['false', 'no', 'n', '0'].includes(word)) return false;
      return cell;
    }
  }
}

/** The command's own validation (as the routes' ValidationPipe runs it), its messages naming the file's columns and the values sent. */
function validationProblems(type: new () => object, plain: Record<string, unknown>, columns: readonly Column[]): string[] {
  const instance = plainToInstance(type, plain);
  const errors: ValidationError[] = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  return errors.map((e) => {
    const column = columns.find((c) => c.property === e.property)?.name ?? e.property;
    const messages = Object.values(e.constraints ?? {}).map((m) => (m.startsWith(`${e.property} `) ? `${column}${m.slice(e.property.length)}` : `${column}: ${m}`));
    const sent = plain[e.property];
    return `${[...new Set(messages)].join(', ')}${sent === undefined ? '' : ` (was "${String(sent)}")`}`;
  });
}

/** A reference a row already used earlier in the file: the later row is rejected, the first one stands. */
function markDuplicates(rows: CheckedRow[]): void {
  const first = new Map<string, number>();
  for (const row of rows) {
    if (row.recordRef === null) continue;
    const earlier = first.get(row.recordRef);
    if (earlier === undefined) {
      first.set(row.recordRef, row.line);
      continue;
    }
    row.command = undefined;
    row.fingerprint = undefined;
    row.rejection = { code: 'duplicate-in-file', reason: `record_ref ${row.recordRef} is also on line ${earlier}; each record once a file` };
  }
}

/** One CSV line (RFC 4180): a field with a comma, quote or line break is quoted, its quotes doubled; a leading =, +, - or @ is neutralised for spreadsheets. */
export function csvLine(fields: ReadonlyArray<string | number | null | undefined>): string {
  return fields
    .map((value) => {
      let text = value === null || value === undefined ? '' : String(value);
      if (/^[=+\-@]/.test(text) && typeof value !== 'number') text = `'${text}`;
      return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    })
    .join(',');
}

/** The rejected rows as a CSV file: line, code and reason, then the row as sent under the file's own header, ready to correct and send again. */
export function rejectedRowsCsv(header: readonly string[], rows: ReadonlyArray<{ line: number; code: string; reason: string; fields: readonly string[] | null }>): string {
  const lines = [csvLine(['line', 'code', 'reason', ...header]), ...rows.map((r) => csvLine([r.line, r.code, r.reason, ...(r.fields ?? [])]))];
  return `${lines.join('\r\n')}\r\n`;
}
