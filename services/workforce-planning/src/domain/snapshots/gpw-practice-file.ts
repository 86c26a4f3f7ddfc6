import { parse } from 'csv-parse/sync';
import type { FteHundredths } from '../workforce/fte';
import { isMonthEnd, readDay } from './month-end';

/**
 * The practice-level file of the General Practice Workforce (GPW) statistics: one row per
 * practice, headcount (…_HC) and full-time equivalent (…_FTE) by staff group and by role, as NHS
 * England publishes it each month ("Practice Level - Detailed"). Column names are the
 * publication's; the accepted set is documented in docs/adr/0018-workforce-snapshots.md.
 */

export type StaffGroupCode = 'GP' | 'NURSE' | 'DIRECT_PATIENT_CARE' | 'ADMIN_NON_CLINICAL';
export const STAFF_GROUP_CODES: readonly StaffGroupCode[] = ['GP', 'NURSE', 'DIRECT_PATIENT_CARE', 'ADMIN_NON_CLINICAL'];

/** The staff-group totals every row must give, and the prefix of the group's role columns. */
export const STAFF_GROUP_COLUMNS: ReadonlyArray<{ group: StaffGroupCode; headcount: string; fte: string; rolePrefix: string }> = [
  { group: 'GP', headcount: 'TOTAL_GP_HC', fte: 'TOTAL_GP_FTE', rolePrefix: 'GP_' },
  { group: 'NURSE', headcount: 'TOTAL_NURSES_HC', fte: 'TOTAL_NURSES_FTE', rolePrefix: 'N_' },
  { group: 'DIRECT_PATIENT_CARE', headcount: 'TOTAL_DPC_HC', fte: 'TOTAL_DPC_FTE', rolePrefix: 'DPC_' },
  { group: 'ADMIN_NON_CLINICAL', headcount: 'TOTAL_ADMIN_HC', fte: 'TOTAL_ADMIN_FTE', rolePrefix: 'ADMIN_' },
];

/** Columns that say which practice a row is; the first three are required. */
export const IDENTITY_COLUMNS = {
  practice: 'PRAC_CODE',
  pcn: 'PCN_CODE',
  icb: 'ICB_CODE',
  practiceName: 'PRAC_NAME',
  subIcb: 'SUB_ICB_CODE',
  extractDate: 'EXTRACT_DATE',
} as const;

/**
 * GP columns that are sums of other GP roles (excluding trainees, locums, or both; all trainees),
 * not roles: read past, so they are not counted twice.
 */
export const DERIVED_GP_COLUMNS: ReadonlySet<string> = new Set(['GP_EXTG', 'GP_EXL', 'GP_EXTGL', 'GP_TRN_GR', 'GP_EXRRL', 'GP_EXRR', 'GP_REG', 'GP_LOCUM']);

/** A person works at most this many FTE (75 hours a week): FTE above headcount × this is an error. */
export const MAX_FTE_PER_HEAD = 2;

/** Values the publication uses for "no figure" in a role column (not disclosed, not applicable). */
const NO_FIGURE = new Set(['', 'ND', 'NA', 'N/A', '*']);

const PRACTICE_CODE = /^[A-Z][0-9]{5}$/;
const ODS_CODE = /^[A-Z0-9]{3,6}$/;
const ICB_CODE = /^(Q[A-Z0-9]{2}|[A-Z0-9]{5})$/;
const ROLE_COLUMN = /^TOTAL_((?:GP|N|DPC|ADMIN)_[A-Z0-9_]+)_(HC|FTE)$/;

export interface RoleFigure {
  roleCode: string;
  staffGroup: StaffGroupCode;
  headcount: number;
  fteHundredths: FteHundredths;
}

export interface GroupFigure {
  headcount: number;
  fteHundredths: FteHundredths;
}

/** One valid row: a practice's workforce at the snapshot date. */
export interface PracticeWorkforce {
  line: number;
  practiceOdsCode: string;
  practiceName: string | null;
  pcnOdsCode: string;
  subIcbCode: string | null;
  icbCode: string;
  hubId: string;
  groups: Record<StaffGroupCode, GroupFigure>;
  roles: RoleFigure[];
}

/** Why a row (or the file) is refused: the line (1 = header), the column and the reason. */
export interface FileProblem {
  line: number;
  column: string | null;
  practiceOdsCode?: string;
  reason: string;
}

interface RoleColumns {
  roleCode: string;
  staffGroup: StaffGroupCode;
  headcount: number;
  fte: number;
}

/** Where the columns are, once the header is read. */
export interface FileLayout {
  index: ReadonlyMap<string, number>;
  roles: RoleColumns[];
  /** Columns read past: patient counts, age and gender breakdowns, names of areas, derived sums. */
  ignored: string[];
  warnings: string[];
}

/** Where a practice's ICB leads: the hub whose area it is (and that the caller may write to), or why not. */
export type IcbLookup = (icbCode: string) => { hubId: string } | { refused: string };

export interface FileCheck {
  snapshotDate: string | null;
  practices: PracticeWorkforce[];
  problems: FileProblem[];
  layout: FileLayout | null;
  totalRows: number;
}

/** Reads the header: required columns present once, role columns paired (…_HC with …_FTE). */
export function readLayout(header: readonly string[]): { layout: FileLayout; problems: FileProblem[] } {
  const names = header.map((h) => h.trim().toUpperCase());
  const index = new Map<string, number>();
  const problems: FileProblem[] = [];
  names.forEach((name, i) => {
    if (index.has(name)) problems.push({ line: 1, column: name, reason: `column ${name} appears more than once` });
    else index.set(name, i);
  });
  const required = [IDENTITY_COLUMNS.practice, IDENTITY_COLUMNS.pcn, IDENTITY_COLUMNS.icb, ...STAFF_GROUP_COLUMNS.flatMap((g) => [g.headcount, g.fte])];
  for (const column of required) if (!index.has(column)) problems.push({ line: 1, column, reason: `required column ${column} is missing` });

  const known = new Set<string>([...Object.values(IDENTITY_COLUMNS), ...STAFF_GROUP_COLUMNS.flatMap((g) => [g.headcount, g.fte])]);
  const pairs = new Map<string, { hc?: number; fte?: number }>();
  const ignored: string[] = [];
  const warnings: string[] = [];
  for (const [name, i] of index) {
    if (known.has(name)) continue;
    const match = ROLE_COLUMN.exec(name);
    if (!match || DERIVED_GP_COLUMNS.has(match[1])) {
      ignored.push(name);
      continue;
    }
    const pair = pairs.get(match[1]) ?? {};
    if (match[2] === 'HC') pair.hc = i;
    else pair.fte = i;
    pairs.set(match[1], pair);
  }
  const roles: RoleColumns[] = [];
  for (const [roleCode, pair] of pairs) {
    if (pair.hc === undefined || pair.fte === undefined) {
      const present = pair.hc === undefined ? `TOTAL_${roleCode}_FTE` : `TOTAL_${roleCode}_HC`;
      warnings.push(`${present} has no partner column (…_HC with …_FTE); role ${roleCode} is not imported`);
      ignored.push(present);
      continue;
    }
    const group = STAFF_GROUP_COLUMNS.find((g) => roleCode.startsWith(g.rolePrefix));
    if (group) roles.push({ roleCode, staffGroup: group.group, headcount: pair.hc, fte: pair.fte });
  }
  return { layout: { index, roles, ignored, warnings }, problems };
}

type Reading<T> = { value: T } | { problem: string };

/** A headcount: a whole number of 0 or more ("12" or "12.0"). */
export function readHeadcount(text: string): Reading<number> {
  const value = text.trim();
  if (/^-\s*\d/.test(value)) return { problem: `headcount ${value} is negative` };
  if (!/^\d+(\.0+)?$/.test(value)) return { problem: `headcount "${value}" is not a whole number` };
  return { value: Number.parseInt(value, 10) };
}

/**
 * A full-time equivalent as a decimal ("3.4666667", ".5"), in hundredths, rounded half up on the
 * decimal digits themselves so that no binary floating-point error creeps in (1.005 → 101).
 */
export function readFte(text: string): Reading<FteHundredths> {
  const value = text.trim();
  if (/^-\s*\.?\d/.test(value)) return { problem: `FTE ${value} is negative` };
  const match = /^(\d*)(?:\.(\d+))?$/.exec(value);
  if (!match || (match[1] === '' && match[2] === undefined)) return { problem: `FTE "${value}" is not a number` };
  const whole = match[1] === '' ? 0 : Number.parseInt(match[1], 10);
  const fraction = (match[2] ?? '').padEnd(3, '0');
  const hundredths = whole * 100 + Number.parseInt(fraction.slice(0, 2), 10) + (Number(fraction[2]) >= 5 ? 1 : 0);
  if (!Number.isSafeInteger(hundredths)) return { problem: `FTE "${value}" is too large` };
  return { value: hundredths };
}

/** Headcount and FTE read together, with the plausibility rule FTE ≤ headcount × MAX_FTE_PER_HEAD. */
function readFigure(headcountText: string, fteText: string, label: string): { figure: GroupFigure } | { problems: Array<{ column: 'HC' | 'FTE'; reason: string }> } {
  const headcount = readHeadcount(headcountText);
  const fte = readFte(fteText);
  const problems: Array<{ column: 'HC' | 'FTE'; reason: string }> = [];
  if ('problem' in headcount) problems.push({ column: 'HC', reason: `${label}: ${headcount.problem}` });
  if ('problem' in fte) problems.push({ column: 'FTE', reason: `${label}: ${fte.problem}` });
  if ('value' in headcount && 'value' in fte && fte.value > headcount.value * MAX_FTE_PER_HEAD * 100) {
    problems.push({
      column: 'FTE',
      reason: `${label}: FTE ${fte.value / 100} is more than ${MAX_FTE_PER_HEAD} FTE a head for a headcount of ${headcount.value}`,
    });
  }
  if (problems.length > 0 || !('value' in headcount) || !('value' in fte)) return { problems };
  return { figure: { headcount: headcount.value, fteHundredths: fte.value } };
}

/**
 * Checks one data row on its own. `line` is the row's line in the file. Returns the practice's
 * workforce, or every problem found in the row (not just the first).
 */
export function checkRow(
  fields: readonly string[],
  line: number,
  layout: FileLayout,
  snapshotDate: string | null,
  locate: IcbLookup,
): { practice: PracticeWorkforce; extractDate: string | null } | { problems: FileProblem[] } {
  const cell = (column: string) => {
    const i = layout.index.get(column);
    return i === undefined ? '' : (fields[i] ?? '').trim();
  };
  const practiceOdsCode = cell(IDENTITY_COLUMNS.practice).toUpperCase();
  const problems: FileProblem[] = [];
  const problem = (column: string | null, reason: string) => problems.push({ line, column, practiceOdsCode: practiceOdsCode || undefined, reason });

  if (fields.length !== layout.index.size) problem(null, `the row has ${fields.length} fields; the header has ${layout.index.size}`);
  if (!PRACTICE_CODE.test(practiceOdsCode)) problem(IDENTITY_COLUMNS.practice, `"${cell(IDENTITY_COLUMNS.practice)}" is not a GP practice ODS code (a letter and five digits, e.g. F83004)`);
  const pcnOdsCode = cell(IDENTITY_COLUMNS.pcn).toUpperCase();
  if (!ODS_CODE.test(pcnOdsCode)) problem(IDENTITY_COLUMNS.pcn, pcnOdsCode === '' ? 'PCN_CODE is empty: every practice must name its PCN' : `"${pcnOdsCode}" is not a PCN ODS code`);
  const icbCode = cell(IDENTITY_COLUMNS.icb).toUpperCase();
  let hubId = '';
  if (!ICB_CODE.test(icbCode)) problem(IDENTITY_COLUMNS.icb, `"${icbCode}" is not an ICB ODS code (e.g. QOX)`);
  else {
    const place = locate(icbCode);
    if ('refused' in place) problem(IDENTITY_COLUMNS.icb, place.refused);
    else hubId = place.hubId;
  }

  let extractDate: string | null = null;
  if (layout.index.has(IDENTITY_COLUMNS.extractDate)) {
    const text = cell(IDENTITY_COLUMNS.extractDate);
    const day = readDay(text);
    if (!day) problem(IDENTITY_COLUMNS.extractDate, `"${text}" is not a date (YYYY-MM-DD, DD/MM/YYYY or DDMONYYYY)`);
    else if (!isMonthEnd(day)) problem(IDENTITY_COLUMNS.extractDate, `${day} is not the last day of a month; GPW snapshots are taken on the last calendar day of the month`);
    else if (snapshotDate && day !== snapshotDate) problem(IDENTITY_COLUMNS.extractDate, `${day} is not the snapshot date of this import (${snapshotDate}); one file holds one month`);
    else extractDate = day;
  }

  const groups = {} as Record<StaffGroupCode, GroupFigure>;
  for (const g of STAFF_GROUP_COLUMNS) {
    const result = readFigure(cell(g.headcount), cell(g.fte), g.group);
    if ('problems' in result) result.problems.forEach((p) => problem(p.column === 'HC' ? g.headcount : g.fte, p.reason));
    else groups[g.group] = result.figure;
  }

  const roles: RoleFigure[] = [];
  for (const role of layout.roles) {
    const hc = (fields[role.headcount] ?? '').trim();
    const fte = (fields[role.fte] ?? '').trim();
    if (NO_FIGURE.has(hc.toUpperCase()) && NO_FIGURE.has(fte.toUpperCase())) continue;
    const result = readFigure(hc, fte, role.roleCode);
    if ('problems' in result) {
      result.problems.forEach((p) => problem(`TOTAL_${role.roleCode}_${p.column}`, p.reason));
      continue;
    }
    const total = groups[role.staffGroup];
    if (total && result.figure.headcount > total.headcount) {
      problem(`TOTAL_${role.roleCode}_HC`, `${role.roleCode}: headcount ${result.figure.headcount} is more than the ${role.staffGroup} total of ${total.headcount}`);
      continue;
    }
    if (result.figure.headcount > 0 || result.figure.fteHundredths > 0) roles.push({ roleCode: role.roleCode, staffGroup: role.staffGroup, ...result.figure });
  }

  if (problems.length > 0) return { problems };
  const practiceName = cell(IDENTITY_COLUMNS.practiceName);
  const subIcbCode = cell(IDENTITY_COLUMNS.subIcb).toUpperCase();
  return {
    practice: { line, practiceOdsCode, practiceName: practiceName || null, pcnOdsCode, subIcbCode: subIcbCode || null, icbCode, hubId, groups, roles },
    extractDate,
  };
}

/**
 * Reads and checks a whole GPW practice file. `snapshotDate` is the month end asked for (or null
 * to take it from EXTRACT_DATE). Every problem is reported; a file with any problem is refused
 * whole by the caller, so `practices` only matters when `problems` is empty.
 */
export function checkPracticeFile(text: string, snapshotDate: string | null, locate: IcbLookup): FileCheck {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, info: true }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (error) {
    const line = typeof (error as { lines?: unknown }).lines === 'number' ? (error as { lines: number }).lines : 1;
    return { snapshotDate, practices: [], layout: null, totalRows: 0, problems: [{ line, column: null, reason: `the file is not readable CSV: ${(error as Error).message}` }] };
  }
  if (records.length === 0) return { snapshotDate, practices: [], layout: null, totalRows: 0, problems: [{ line: 1, column: null, reason: 'the file is empty' }] };

  const { layout, problems } = readLayout(records[0].record);
  const rows = records.slice(1);
  if (problems.length > 0) return { snapshotDate, practices: [], layout, totalRows: rows.length, problems };
  if (rows.length === 0) return { snapshotDate, practices: [], layout, totalRows: 0, problems: [{ line: 2, column: null, reason: 'the file has a header but no practices' }] };

  let date = snapshotDate;
  if (!date) {
    if (!layout.index.has(IDENTITY_COLUMNS.extractDate)) {
      return { snapshotDate, practices: [], layout, totalRows: rows.length, problems: [{ line: 1, column: IDENTITY_COLUMNS.extractDate, reason: 'no snapshot date: give ?snapshotDate=YYYY-MM-DD (a month end) or an EXTRACT_DATE column' }] };
    }
    const first = readDay((rows[0].record[layout.index.get(IDENTITY_COLUMNS.extractDate) ?? -1] ?? '').trim());
    date = first && isMonthEnd(first) ? first : null;
  }

  const practices: PracticeWorkforce[] = [];
  const all: FileProblem[] = [];
  const seen = new Map<string, number>();
  const practiceColumn = layout.index.get(IDENTITY_COLUMNS.practice) ?? -1;
  for (const { record, info } of rows) {
    const code = (record[practiceColumn] ?? '').trim().toUpperCase();
    const earlier = code ? seen.get(code) : undefined;
    if (earlier !== undefined) {
      all.push({ line: info.lines, column: IDENTITY_COLUMNS.practice, practiceOdsCode: code, reason: `practice ${code} is already on line ${earlier}; a file holds each practice once` });
      continue;
    }
    if (code) seen.set(code, info.lines);
    const result = checkRow(record, info.lines, layout, date, locate);
    if ('problems' in result) all.push(...result.problems);
    else practices.push(result.practice);
  }
  return { snapshotDate: date, practices, layout, totalRows: rows.length, problems: all };
}
