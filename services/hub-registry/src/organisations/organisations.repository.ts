import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { HierarchyExtract } from './hierarchy/organisation-hierarchy';
import type { OrganisationKind, OrganisationName, OrganisationRecord, ParentLink, Succession } from './organisation-kind';

export interface OrganisationRow {
  ods_code: string;
  kind: OrganisationKind;
  name: string;
  gss_code: string | null;
  postcode: string | null;
  open_date: string | null;
  close_date: string | null;
}

const ORGANISATION_COLUMNS = `o.ods_code, o.kind, o.name, o.gss_code, o.postcode, o.open_date::text AS open_date, o.close_date::text AS close_date`;
/** The same columns with the name the organisation went by on the day in $1 (an ICB code's STP/ICS name before 1 July 2022). */
const ORGANISATION_COLUMNS_ON_DAY = ORGANISATION_COLUMNS.replace('o.name', 'COALESCE(n.name, o.name) AS name');
const NAME_ON_DAY = `LEFT JOIN organisation_name n ON n.ods_code = o.ods_code AND n.valid_from <= $1 AND (n.valid_to IS NULL OR n.valid_to >= $1)`;

export function recordOf(row: OrganisationRow): OrganisationRecord {
  return { odsCode: row.ods_code, kind: row.kind, name: row.name, gssCode: row.gss_code, postcode: row.postcode, openDate: row.open_date, closeDate: row.close_date };
}

export interface OrganisationFilter {
  kind?: OrganisationKind;
  parentCode?: string;
  asOf: string;
  limit: number;
  offset: number;
}

/** Reads of the organisation hierarchy, as of a day. */
@Injectable()
export class OrganisationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(filter: OrganisationFilter, manager: EntityManager = this.dataSource.manager): Promise<{ rows: Array<OrganisationRow & { parent_code: string | null }>; total: number }> {
    const params: unknown[] = [filter.asOf];
    const where = ['(o.open_date IS NULL OR o.open_date <= $1)', '(o.close_date IS NULL OR o.close_date >= $1)'];
    if (filter.kind) {
      params.push(filter.kind);
      where.push(`o.kind = $${params.length}`);
    }
    if (filter.parentCode) {
      params.push(filter.parentCode);
      where.push(`l.parent_code = $${params.length}`);
    }
    const from = `FROM organisation o
      ${NAME_ON_DAY}
      LEFT JOIN organisation_link l ON l.child_code = o.ods_code AND l.valid_from <= $1 AND (l.valid_to IS NULL OR l.valid_to >= $1)
      WHERE ${where.join(' AND ')}`;
    const [{ count }] = (await manager.query(`SELECT count(*)::int AS count ${from}`, params)) as Array<{ count: number }>;
    const rows = (await manager.query(
      `SELECT ${ORGANISATION_COLUMNS_ON_DAY}, l.parent_code ${from} ORDER BY o.ods_code LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, filter.limit, filter.offset],
    )) as Array<OrganisationRow & { parent_code: string | null }>;
    return { rows, total: count };
  }

  async find(odsCode: string, manager: EntityManager = this.dataSource.manager): Promise<OrganisationRecord | undefined> {
    const rows = (await manager.query(`SELECT ${ORGANISATION_COLUMNS} FROM organisation o WHERE o.ods_code = $1`, [odsCode])) as OrganisationRow[];
    return rows[0] ? recordOf(rows[0]) : undefined;
  }

  async findMany(odsCodes: readonly string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, OrganisationRecord>> {
    const rows = (await manager.query(`SELECT ${ORGANISATION_COLUMNS} FROM organisation o WHERE o.ods_code = ANY($1)`, [odsCodes])) as OrganisationRow[];
    return new Map(rows.map((r) => [r.ods_code, recordOf(r)]));
  }

  /** Everything above the given organisations (all dates) and the successions of what is found: enough to answer "ICB on day D". */
  async extractAbove(odsCodes: readonly string[], manager: EntityManager = this.dataSource.manager): Promise<HierarchyExtract> {
    const links = (await manager.query(
      `WITH RECURSIVE up AS (
         SELECT child_code, parent_code, valid_from, valid_to FROM organisation_link WHERE child_code = ANY($1)
         UNION
         SELECT l.child_code, l.parent_code, l.valid_from, l.valid_to FROM organisation_link l JOIN up ON l.child_code = up.parent_code
       )
       SELECT child_code AS "childCode", parent_code AS "parentCode", valid_from::text AS "validFrom", valid_to::text AS "validTo" FROM up`,
      [odsCodes],
    )) as ParentLink[];
    const codes = new Set<string>([...odsCodes, ...links.flatMap((l) => [l.childCode, l.parentCode])]);
    const successions = (await manager.query(
      `WITH RECURSIVE chain AS (
         SELECT * FROM organisation_succession WHERE predecessor_code = ANY($1)
         UNION
         SELECT s.* FROM organisation_succession s JOIN chain c ON s.predecessor_code = c.successor_code
       )
       SELECT predecessor_code AS "predecessorCode", successor_code AS "successorCode", effective_date::text AS "effectiveDate", kind,
              predecessor_closes AS "predecessorCloses", successor_is_new AS "successorIsNew" FROM chain`,
      [[...codes]],
    )) as Succession[];
    for (const s of successions) codes.add(s.successorCode);
    const successorLinks = (await manager.query(
      `SELECT child_code AS "childCode", parent_code AS "parentCode", valid_from::text AS "validFrom", valid_to::text AS "validTo"
         FROM organisation_link WHERE child_code = ANY($1)`,
      [successions.map((s) => s.successorCode)],
    )) as ParentLink[];
    return { organisations: await this.findMany([...codes], manager), links: [...links, ...successorLinks], successions };
  }

  /** The names the given organisations went by on a day: their dated name then, else their own. */
  async namesOn(odsCodes: readonly string[], day: string, manager: EntityManager = this.dataSource.manager): Promise<Map<string, string>> {
    const rows = (await manager.query(`SELECT o.ods_code, COALESCE(n.name, o.name) AS name FROM organisation o ${NAME_ON_DAY} WHERE o.ods_code = ANY($2)`, [day, odsCodes])) as Array<{
      ods_code: string;
      name: string;
    }>;
    return new Map(rows.map((r) => [r.ods_code, r.name]));
  }

  /** Every dated name of an organisation, oldest first (none for one that has kept its name). */
  async namesOf(odsCode: string, manager: EntityManager = this.dataSource.manager): Promise<OrganisationName[]> {
    return (await manager.query(
      `SELECT ods_code AS "odsCode", name, valid_from::text AS "validFrom", valid_to::text AS "validTo" FROM organisation_name WHERE ods_code = $1 ORDER BY valid_from`,
      [odsCode],
    )) as OrganisationName[];
  }

  async successionsOf(odsCode: string, manager: EntityManager = this.dataSource.manager): Promise<Succession[]> {
    return (await manager.query(
      `SELECT predecessor_code AS "predecessorCode", successor_code AS "successorCode", effective_date::text AS "effectiveDate", kind,
              predecessor_closes AS "predecessorCloses", successor_is_new AS "successorIsNew"
         FROM organisation_succession WHERE predecessor_code = $1 OR successor_code = $1 ORDER BY effective_date, predecessor_code, successor_code`,
      [odsCode],
    )) as Succession[];
  }
}
