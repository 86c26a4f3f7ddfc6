import { isEmail, isURL, isUUID } from 'class-validator';
import { readCsvRecords, type CsvRecord } from '@traininghubs/csv';
import { CatalogueRuleError } from '../catalogue/catalogue-rule.error';
import { PROFESSIONS, type ProfessionName } from '../catalogue/catalogue-vocabulary';
import { instantOfLondonWallTime } from '../catalogue/london-time';
import { assertDeliveredSessionRecord } from '../sessions/delivered-session.rules';
import type { SessionPlan } from '../sessions/session.rules';

/**
 * The columns of a file of past sessions and their attendance, one row per learner's place. The
 * header names them (any order, any case); the optional ones may be left out; no others.
 */
export const IMPORT_COLUMNS = [
  'session_ref',
  'course_id',
  'starts_at',
  'ends_at',
  'venue',
  'online_link',
  'capacity',
  'learner_email',
  'learner_name',
  'profession',
  'employer_ods_code',
  'attended',
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];
export const OPTIONAL_COLUMNS: readonly ImportColumn[] = ['venue', 'online_link', 'employer_ods_code'];
export const REQUIRED_COLUMNS: readonly ImportColumn[] = IMPORT_COLUMNS.filter((c) => !OPTIONAL_COLUMNS.includes(c));

/** The most attendance rows one session may have: as many as POST …/delivered-sessions takes. */
export const MAX_ATTENDANCE_PER_SESSION = 1000;

/** Why a whole file is refused (nothing saved): it is not CSV, its header is wrong, or it has no rows. */
export class ImportFileError extends Error {
  constructor(
    readonly code: 'invalid-import-header' | 'empty-import-file',
    message: string,
  ) {
    super(message);
    this.name = 'ImportFileError';
  }
}

/** The file, read: its header as written, where each known column is, and its rows (blank lines left out). */
export interface ImportFile {
  header: string[];
  columns: Partial<Record<ImportColumn, number>>;
  rows: CsvRecord[];
}

/** One attendance row that reads well on its own. */
export interface AttendanceRow {
  line: number;
  fields: string[];
  sessionRef: string;
  courseId: string;
  startsAt: string;
  endsAt: string;
  venue: string | null;
  onlineLink: string | null;
  capacity: number;
  email: string;
  /** The e-mail as the hub's learners are keyed: lower case. */
  emailKey: string;
  displayName: string;
  profession: ProfessionName;
  employerOdsCode: string | null;
  attended: boolean;
}

/** A row that was not imported, with the line it is on and a stable code. */
export interface RejectedRow {
  line: number;
  sessionRef: string | null;
  code: string;
  reason: string;
  fields: string[];
}

/** One learner's place on a staged session, as read from its row. */
export interface StagedAttendance {
  line: number;
  fields: string[];
  email: string;
  emailKey: string;
  displayName: string;
  profession: ProfessionName;
  employerOdsCode: string | null;
  attended: boolean;
}

/** A session whose rows passed every check that needs nothing but the file: what is stored to apply. */
export interface StagedSession {
  sessionRef: string;
  courseId: string;
  /** UTC instants (ISO). */
  startsAt: string;
  endsAt: string;
  venue: string | null;
  onlineLink: string | null;
  capacity: number;
  attendance: StagedAttendance[];
}

/** What the file holds once checked on its own. */
export interface CheckedFile {
  totalRows: number;
  totalSessions: number;
  sessions: StagedSession[];
  rejected: RejectedRow[];
  /** Sessions refused by the file's own checks, by the code that refused each. */
  rejectedSessions: Array<{ sessionRef: string; code: string }>;
}

type RowProblem = { code: string; reason: string };

const ODS_CODE = /^[A-Z0-9]{3,8}$/;
const CAPACITY = /^\d{1,6}$/;
const WALL_TIME_WITH_SPACE = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})$/;

/** A row rejected with its session because another row of the session was. */
export const REJECTED_WITH_SESSION = 'rejected-with-session';

/**
 * Reads the file: RFC 4180 CSV (MalformedCsvError when it cannot be read), a header naming the
 * columns (ImportFileError `invalid-import-header`), at least one row after it (ImportFileError
 * `empty-import-file`). Blank lines are left out.
 */
export function readImportFile(text: string): ImportFile {
  if (text.trim() === '') throw new ImportFileError('empty-import-file', 'The file is empty: send a header line and one row per attendance');
  const records = readCsvRecords(text);
  const header = records[0].fields.map((h) => h.trim());
  const columns: Partial<Record<ImportColumn, number>> = {};
  const unknown: string[] = [];
  const twice: string[] = [];
  header.forEach((name, index) => {
    const column = name.toLowerCase() as ImportColumn;
    if (!IMPORT_COLUMNS.includes(column)) unknown.push(name === '' ? '(an empty name)' : name);
    else if (columns[column] !== undefined) twice.push(column);
    else columns[column] = index;
  });
  const missing = REQUIRED_COLUMNS.filter((c) => columns[c] === undefined);
  if (unknown.length > 0 || twice.length > 0 || missing.length > 0) {
    const problems = [
      missing.length > 0 ? `missing ${missing.join(', ')}` : '',
      unknown.length > 0 ? `unknown ${unknown.join(', ')}` : '',
      twice.length > 0 ? `more than once ${twice.join(', ')}` : '',
    ].filter(Boolean);
    throw new ImportFileError(
      'invalid-import-header',
      `line 1 must be the header: ${REQUIRED_COLUMNS.join(',')} and optionally ${OPTIONAL_COLUMNS.join(', ')}, in any order (${problems.join('; ')})`,
    );
  }
  const rows = records.slice(1).filter((r) => !isBlank(r.fields));
  if (rows.length === 0) throw new ImportFileError('empty-import-file', 'The file has a header but no rows: send one row per attendance');
  return { header, columns, rows };
}

function isBlank(fields: readonly string[]): boolean {
  return fields.every((f) => f.trim() === '');
}

/** "true"/"false" in any case; undefined otherwise. */
export function readAttended(text: string): boolean | undefined {
  const value = text.trim().toLowerCase();
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

/** "2021-03-10T09:30" or "2021-03-10 09:30" (as spreadsheets write it) → "2021-03-10T09:30". */
function wallTime(text: string): string {
  const trimmed = text.trim();
  const spaced = WALL_TIME_WITH_SPACE.exec(trimmed);
  return spaced ? `${spaced[1]}T${spaced[2]}` : trimmed;
}

/**
 * Checks one row on its own: the same rules as the fields of POST /learners and POST
 * …/delivered-sessions. Returns the row, or the first problem with it.
 */
export function checkRow(file: ImportFile, record: CsvRecord, instants: InstantCache): AttendanceRow | RowProblem {
  const { fields } = record;
  if (fields.length !== file.header.length) return { code: 'wrong-field-count', reason: `has ${fields.length} fields; the header has ${file.header.length}` };
  const field = (column: ImportColumn) => {
    const index = file.columns[column];
    return index === undefined ? '' : fields[index].trim();
  };
  const sessionRef = field('session_ref');
  if (sessionRef === '') return { code: 'missing-session-ref', reason: 'session_ref is empty: every row names the hub’s own reference of its session' };
  if (sessionRef.length > 100) return { code: 'invalid-session-ref', reason: 'session_ref is longer than 100 characters' };
  const courseId = field('course_id').toLowerCase();
  if (!isUUID(courseId)) return { code: 'invalid-course-id', reason: `course_id "${field('course_id')}" is not a course id (a UUID)` };
  const startsAt = wallTime(field('starts_at'));
  const endsAt = wallTime(field('ends_at'));
  for (const [column, value] of [['starts_at', startsAt], ['ends_at', endsAt]] as const) {
    const instant = instants.of(value, column);
    if (instant instanceof CatalogueRuleError) return { code: instant.code, reason: instant.message };
  }
  const venue = field('venue') || null;
  if (venue !== null && venue.length > 300) return { code: 'invalid-venue', reason: 'venue is longer than 300 characters' };
  const onlineLink = field('online_link') || null;
  if (onlineLink !== null && !isURL(onlineLink, { protocols: ['https'], require_protocol: true })) {
    return { code: 'invalid-online-link', reason: `online_link "${onlineLink}" is not an https:// link` };
  }
  const capacityText = field('capacity');
  const capacity = CAPACITY.test(capacityText) ? Number(capacityText) : NaN;
  if (!(capacity >= 1)) return { code: 'invalid-capacity', reason: `capacity "${capacityText}" is not a number of places (a whole number, at least 1)` };
  const email = field('learner_email');
  if (email.length > 254 || !isEmail(email)) return { code: 'invalid-email', reason: `learner_email "${email}" is not an e-mail address` };
  const displayName = field('learner_name');
  if (displayName === '' || displayName.length > 200) return { code: 'invalid-learner-name', reason: 'learner_name must be 1 to 200 characters' };
  const profession = field('profession').toUpperCase() as ProfessionName;
  if (!PROFESSIONS.includes(profession)) return { code: 'unknown-profession', reason: `profession "${field('profession')}" is not one of ${PROFESSIONS.join(', ')}` };
  const employerOdsCode = field('employer_ods_code').toUpperCase() || null;
  if (employerOdsCode !== null && !ODS_CODE.test(employerOdsCode)) {
    return { code: 'invalid-employer-ods-code', reason: `employer_ods_code "${field('employer_ods_code')}" is not an ODS code like F83004` };
  }
  const attended = readAttended(field('attended'));
  if (attended === undefined) return { code: 'invalid-attended', reason: `attended "${field('attended')}" must be true or false` };
  return {
    line: record.line,
    fields,
    sessionRef,
    courseId,
    startsAt,
    endsAt,
    venue,
    onlineLink,
    capacity,
    email,
    emailKey: email.toLowerCase(),
    displayName,
    profession,
    employerOdsCode,
    attended,
  };
}

/** Europe/London wall times read once each: the rows of a session repeat its times. */
export class InstantCache {
  private readonly instants = new Map<string, Date | CatalogueRuleError>();

  of(wallTime: string, column: string): Date | CatalogueRuleError {
    const key = `${column}\u001f${wallTime}`;
    let instant = this.instants.get(key);
    if (instant === undefined) {
      try {
        instant = instantOfLondonWallTime(wallTime, column);
      } catch (error) {
        if (!(error instanceof CatalogueRuleError)) throw error;
        instant = error;
      }
      this.instants.set(key, instant);
    }
    return instant;
  }

  date(wallTime: string, column: string): Date {
    const instant = this.of(wallTime, column);
    if (instant instanceof CatalogueRuleError) throw instant;
    return instant;
  }
}

/** The columns that describe the session itself: every row of one session must agree on them. */
const SESSION_FIELDS = ['courseId', 'startsAt', 'endsAt', 'venue', 'onlineLink', 'capacity'] as const;
const SESSION_FIELD_COLUMNS: Record<(typeof SESSION_FIELDS)[number], ImportColumn> = {
  courseId: 'course_id',
  startsAt: 'starts_at',
  endsAt: 'ends_at',
  venue: 'venue',
  onlineLink: 'online_link',
  capacity: 'capacity',
};

/**
 * Checks the file on its own, as of `now`: each row (checkRow), then each session (its rows, by
 * session_ref in order of first appearance) — its rows agree on the session's columns, no learner
 * twice (an identical row again is `duplicate-row`, the same e-mail with other details
 * `duplicate-learner`), and the rules of POST …/delivered-sessions (`assertDeliveredSessionRecord`:
 * it has ended, ends after it starts, has a location, attendance within its places). A rejected
 * row rejects its whole session: the session's other rows come back as `rejected-with-session`.
 * What passes is staged; the checks that need the database (course, hub's active days, already
 * imported) come when it is applied.
 */
export function checkFile(file: ImportFile, now: Date): CheckedFile {
  const instants = new InstantCache();
  const rejected: RejectedRow[] = [];
  const rejectedSessions: CheckedFile['rejectedSessions'] = [];
  const groups = new Map<string, Array<AttendanceRow | (RejectedRow & { problem: true })>>();
  let totalSessions = 0;
  for (const record of file.rows) {
    const checked = checkRow(file, record, instants);
    const sessionRef = 'sessionRef' in checked ? checked.sessionRef : sessionRefOf(file, record);
    if (!('line' in checked) && sessionRef === null) {
      // No session to reject with it: the row stands alone (it counts as a row, not as a session).
      rejected.push({ line: record.line, sessionRef: null, ...checked, fields: record.fields });
      continue;
    }
    const key = sessionRef as string;
    let group = groups.get(key);
    if (!group) {
      group = [];
      groups.set(key, group);
      totalSessions += 1;
    }
    group.push('line' in checked ? checked : { line: record.line, sessionRef: key, ...checked, fields: record.fields, problem: true });
  }

  const sessions: StagedSession[] = [];
  for (const [sessionRef, rows] of groups) {
    const problems = sessionProblems(sessionRef, rows, instants, now);
    if (problems) {
      rejected.push(...problems.rows);
      rejectedSessions.push({ sessionRef, code: problems.code });
      continue;
    }
    const good = rows as AttendanceRow[];
    const first = good[0];
    sessions.push({
      sessionRef,
      courseId: first.courseId,
      startsAt: instants.date(first.startsAt, 'starts_at').toISOString(),
      endsAt: instants.date(first.endsAt, 'ends_at').toISOString(),
      venue: first.venue,
      onlineLink: first.onlineLink,
      capacity: first.capacity,
      attendance: good.map((r) => ({
        line: r.line,
        fields: r.fields,
        email: r.email,
        emailKey: r.emailKey,
        displayName: r.displayName,
        profession: r.profession,
        employerOdsCode: r.employerOdsCode,
        attended: r.attended,
      })),
    });
  }
  rejected.sort((a, b) => a.line - b.line);
  return { totalRows: file.rows.length, totalSessions, sessions, rejected, rejectedSessions };
}

function sessionRefOf(file: ImportFile, record: CsvRecord): string | null {
  const index = file.columns.session_ref as number;
  const ref = (record.fields[index] ?? '').trim();
  return ref === '' || ref.length > 100 ? null : ref;
}

/** Why a session's rows are refused, row by row, and the code that refused the session; undefined when they pass. */
function sessionProblems(
  sessionRef: string,
  rows: ReadonlyArray<AttendanceRow | (RejectedRow & { problem: true })>,
  instants: InstantCache,
  now: Date,
): { code: string; rows: RejectedRow[] } | undefined {
  const offending = new Map<number, RowProblem>();
  const bad = rows.filter((r): r is RejectedRow & { problem: true } => 'problem' in r);
  for (const row of bad) offending.set(row.line, { code: row.code, reason: row.reason });
  const good = rows.filter((r): r is AttendanceRow => !('problem' in r));

  if (offending.size === 0) {
    const first = good[0];
    const byEmail = new Map<string, AttendanceRow>();
    for (const row of good) {
      if (row !== first) {
        const differs = SESSION_FIELDS.filter((f) => row[f] !== first[f]);
        if (differs.length > 0) {
          offending.set(row.line, {
            code: 'inconsistent-session',
            reason: `${differs.map((f) => SESSION_FIELD_COLUMNS[f]).join(', ')} differ(s) from line ${first.line}, the first row of session "${sessionRef}": every row of a session gives the same session details`,
          });
          continue;
        }
      }
      const earlier = byEmail.get(row.emailKey);
      if (earlier) {
        const same = earlier.fields.length === row.fields.length && earlier.fields.every((f, i) => f.trim() === row.fields[i].trim());
        offending.set(
          row.line,
          same
            ? { code: 'duplicate-row', reason: `repeats line ${earlier.line}: each learner's place on a session is one row` }
            : { code: 'duplicate-learner', reason: `learner ${row.email} is already listed for session "${sessionRef}" on line ${earlier.line}` },
        );
        continue;
      }
      byEmail.set(row.emailKey, row);
    }
  }

  if (offending.size === 0 && good.length > MAX_ATTENDANCE_PER_SESSION) {
    const reason = `session "${sessionRef}" has ${good.length} attendance rows; at most ${MAX_ATTENDANCE_PER_SESSION} per session`;
    return { code: 'too-many-attendance-rows', rows: good.map((r) => rejectedRow(r, sessionRef, 'too-many-attendance-rows', reason)) };
  }

  if (offending.size === 0) {
    // The rules of a session entered after it took place, exactly as POST …/delivered-sessions applies them.
    const first = good[0];
    const plan: SessionPlan = {
      startsAt: instants.date(first.startsAt, 'starts_at'),
      endsAt: instants.date(first.endsAt, 'ends_at'),
      capacity: first.capacity,
      venue: first.venue,
      onlineLink: first.onlineLink,
    };
    try {
      assertDeliveredSessionRecord(plan, good.map((r) => ({ learnerId: r.emailKey, attended: r.attended })), now);
    } catch (error) {
      if (!(error instanceof CatalogueRuleError)) throw error;
      return { code: error.code, rows: good.map((r) => rejectedRow(r, sessionRef, error.code, error.message)) };
    }
    return undefined;
  }

  const firstOffence = [...offending.entries()].sort(([a], [b]) => a - b)[0];
  const withSession = `not imported: session "${sessionRef}" has a rejected row (line ${firstOffence[0]}: ${firstOffence[1].code}); a session is imported whole or not at all`;
  return {
    code: firstOffence[1].code,
    rows: rows.map((row) => {
      const problem = offending.get(row.line);
      return problem ? rejectedRow(row, sessionRef, problem.code, problem.reason) : rejectedRow(row, sessionRef, REJECTED_WITH_SESSION, withSession);
    }),
  };
}

function rejectedRow(row: { line: number; fields: string[] }, sessionRef: string, code: string, reason: string): RejectedRow {
  return { line: row.line, sessionRef, code, reason, fields: row.fields };
}

/** Every row of a staged session, rejected with it for `code` (a rule checked when it is applied). */
export function rejectSession(session: StagedSession, code: string, reason: string): RejectedRow[] {
  return session.attendance.map((a) => rejectedRow(a, session.sessionRef, code, reason));
}

/** The rows a session has in the file. */
export function rowsOf(session: StagedSession): number {
  return session.attendance.length;
}
