import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { HubLevelName } from './hub-rules';
import type { ContactRole, DeactivationReason, FundingDto, GovernanceDto, OrganisationReferenceDto } from './hubs.dto';

export interface HubRecord {
  id: string;
  name: string;
  level: HubLevelName;
  parentHubId: string | null;
  icbCode: string;
  regionCode: string;
  hostOrganisation: OrganisationReferenceDto | null;
  websiteUrl: string | null;
  governance: GovernanceDto | null;
  funding: FundingDto[];
  status: 'active' | 'inactive';
  activeFrom: string;
  deactivatedOn: string | null;
  deactivationReason: DeactivationReason | null;
  successorHubIds: string[];
  version: number;
}

export interface HubContactRecord {
  role: ContactRole;
  displayName: string;
  email: string;
  telephone: string | null;
  validFrom?: Date;
  validTo?: Date | null;
  changedBy?: string;
}

/** Where a hub worked for a span of days (inclusive): its ICB, region and, for a locality hub, parent hub. */
export interface HubFootprint {
  icbCode: string;
  regionCode: string;
  parentHubId: string | null;
  validFrom: string;
  validTo: string | null;
}

const FOOTPRINT_COLUMNS = `icb_code AS "icbCode", region_code AS "regionCode", parent_hub_id AS "parentHubId", valid_from::text AS "validFrom", valid_to::text AS "validTo"`;

const HUB_COLUMNS = `id, name, level, parent_hub_id AS "parentHubId", icb_code AS "icbCode", region_code AS "regionCode",
  CASE WHEN host_organisation_code IS NULL THEN NULL ELSE json_build_object('odsCode', host_organisation_code, 'name', host_organisation_name) END AS "hostOrganisation",
  website_url AS "websiteUrl", governance, funding, status, active_from::text AS "activeFrom", deactivated_on::text AS "deactivatedOn",
  deactivation_reason AS "deactivationReason", successor_hub_ids::text[] AS "successorHubIds", version`;

/** Hubs, their coverage and contacts, in the caller's transaction. */
@Injectable()
export class HubsRepository {
  constructor(private readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  async find(id: string, manager: EntityManager = this.manager, forUpdate = false): Promise<HubRecord | undefined> {
    const rows = (await manager.query(`SELECT ${HUB_COLUMNS} FROM hub WHERE id = $1 ${forUpdate ? 'FOR UPDATE' : ''}`, [id])) as HubRecord[];
    return rows[0];
  }

  async activeIcsHubOf(icbCode: string, manager: EntityManager = this.manager): Promise<HubRecord | undefined> {
    const rows = (await manager.query(`SELECT ${HUB_COLUMNS} FROM hub WHERE icb_code = $1 AND level = 'ics' AND status = 'active'`, [icbCode])) as HubRecord[];
    return rows[0];
  }

  async list(filter: { icb?: string; region?: string; status?: string; hubId?: string; asOf?: string; limit: number; offset: number }): Promise<{ rows: HubRecord[]; total: number }> {
    const params: unknown[] = [];
    const where: string[] = [];
    let source = 'hub';
    if (filter.asOf !== undefined) {
      // Hubs working on the day, with the ICB, region and parent they had then.
      params.push(filter.asOf);
      source = `(SELECT h.id, h.name, h.level, f.parent_hub_id, f.icb_code, f.region_code, h.host_organisation_code, h.host_organisation_name, h.website_url,
                        h.governance, h.funding, h.status, h.active_from, h.deactivated_on, h.deactivation_reason, h.successor_hub_ids, h.version
                   FROM hub h JOIN hub_footprint f ON f.hub_id = h.id AND f.valid_from <= $1 AND (f.valid_to IS NULL OR f.valid_to >= $1)) hub`;
    }
    const add = (column: string, value: string | undefined) => {
      if (value === undefined) return;
      params.push(value);
      where.push(`${column} = $${params.length}`);
    };
    add('icb_code', filter.icb);
    add('region_code', filter.region);
    add('status', filter.status);
    if (filter.hubId !== undefined) {
      params.push(filter.hubId);
      where.push(`(id = $${params.length} OR parent_hub_id = $${params.length})`);
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ count }] = (await this.manager.query(`SELECT count(*)::int AS count FROM ${source} ${clause}`, params)) as Array<{ count: number }>;
    const rows = (await this.manager.query(`SELECT ${HUB_COLUMNS} FROM ${source} ${clause} ORDER BY name, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`, [
      ...params,
      filter.limit,
      filter.offset,
    ])) as HubRecord[];
    return { rows, total: count };
  }

  async insert(manager: EntityManager, hub: HubRecord): Promise<void> {
    await manager.query(
      `INSERT INTO hub (id, name, level, parent_hub_id, icb_code, region_code, host_organisation_code, host_organisation_name, website_url,
                        governance, funding, status, active_from, version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [
        hub.id, hub.name, hub.level, hub.parentHubId, hub.icbCode, hub.regionCode, hub.hostOrganisation?.odsCode ?? null, hub.hostOrganisation?.name ?? null,
        hub.websiteUrl, hub.governance ? JSON.stringify(hub.governance) : null, JSON.stringify(hub.funding), hub.status, hub.activeFrom, hub.version,
      ],
    );
  }

  async update(manager: EntityManager, hub: HubRecord): Promise<void> {
    await manager.query(
      `UPDATE hub SET name = $2, host_organisation_code = $3, host_organisation_name = $4, website_url = $5, governance = $6, funding = $7,
              status = $8, deactivated_on = $9, deactivation_reason = $10, successor_hub_ids = $11, version = $12, updated_at = now(),
              icb_code = $13, region_code = $14, parent_hub_id = $15
        WHERE id = $1`,
      [
        hub.id, hub.name, hub.hostOrganisation?.odsCode ?? null, hub.hostOrganisation?.name ?? null, hub.websiteUrl,
        hub.governance ? JSON.stringify(hub.governance) : null, JSON.stringify(hub.funding), hub.status, hub.deactivatedOn, hub.deactivationReason,
        hub.successorHubIds, hub.version, hub.icbCode, hub.regionCode, hub.parentHubId,
      ],
    );
  }

  /** The codes a hub covers on a day. */
  async coverageOn(hubId: string, day: string, manager: EntityManager = this.manager): Promise<string[]> {
    const rows = (await manager.query(
      `SELECT ods_code FROM hub_coverage WHERE hub_id = $1 AND valid_from <= $2 AND (valid_to IS NULL OR valid_to >= $2) ORDER BY ods_code`,
      [hubId, day],
    )) as Array<{ ods_code: string }>;
    return rows.map((r) => r.ods_code);
  }

  /** Replaces what a hub covers from a day on, keeping what it covered before as history. */
  async coverFrom(manager: EntityManager, hubId: string, odsCodes: readonly string[], from: string, dayBeforeFrom: string): Promise<void> {
    await manager.query(`DELETE FROM hub_coverage WHERE hub_id = $1 AND valid_from >= $2`, [hubId, from]);
    await manager.query(`UPDATE hub_coverage SET valid_to = $3 WHERE hub_id = $1 AND (valid_to IS NULL OR valid_to >= $2)`, [hubId, from, dayBeforeFrom]);
    for (const code of odsCodes) {
      await manager.query(`INSERT INTO hub_coverage (hub_id, ods_code, valid_from) VALUES ($1, $2, $3)`, [hubId, code, from]);
    }
  }

  /** Where the hub works from a day on (ICB, region, parent hub); where it worked before stays as history. */
  async footprintFrom(manager: EntityManager, hubId: string, footprint: Omit<HubFootprint, 'validFrom' | 'validTo'>, from: string, dayBeforeFrom: string): Promise<void> {
    await manager.query(`DELETE FROM hub_footprint WHERE hub_id = $1 AND valid_from >= $2`, [hubId, from]);
    await manager.query(`UPDATE hub_footprint SET valid_to = $3 WHERE hub_id = $1 AND (valid_to IS NULL OR valid_to >= $2)`, [hubId, from, dayBeforeFrom]);
    await manager.query(`INSERT INTO hub_footprint (hub_id, icb_code, region_code, parent_hub_id, valid_from) VALUES ($1, $2, $3, $4, $5)`, [
      hubId,
      footprint.icbCode,
      footprint.regionCode,
      footprint.parentHubId,
      from,
    ]);
  }

  async endFootprint(manager: EntityManager, hubId: string, lastDay: string): Promise<void> {
    await manager.query(`DELETE FROM hub_footprint WHERE hub_id = $1 AND valid_from > $2`, [hubId, lastDay]);
    await manager.query(`UPDATE hub_footprint SET valid_to = $2 WHERE hub_id = $1 AND (valid_to IS NULL OR valid_to > $2)`, [hubId, lastDay]);
  }

  /** Where a hub worked, oldest first. */
  async footprints(hubId: string, manager: EntityManager = this.manager): Promise<HubFootprint[]> {
    return (await manager.query(`SELECT ${FOOTPRINT_COLUMNS} FROM hub_footprint WHERE hub_id = $1 ORDER BY valid_from`, [hubId])) as HubFootprint[];
  }

  /**
   * An ICS-level hub that serves the ICB on `from` or any later day (its footprint overlaps
   * [from, open end)), other than `exceptHubId`: what "one ICS-level hub per ICB at a time" forbids.
   */
  async icsHubServingFrom(icbCode: string, from: string, manager: EntityManager, exceptHubId?: string): Promise<(HubRecord & { servesUntil: string | null }) | undefined> {
    const rows = (await manager.query(
      `SELECT h.id, f.valid_to::text AS "servesUntil"
         FROM hub h JOIN hub_footprint f ON f.hub_id = h.id
        WHERE h.level = 'ics' AND f.icb_code = $1 AND (f.valid_to IS NULL OR f.valid_to >= $2) AND ($3::uuid IS NULL OR h.id <> $3)
        ORDER BY f.valid_from LIMIT 1`,
      [icbCode, from, exceptHubId ?? null],
    )) as Array<{ id: string; servesUntil: string | null }>;
    if (!rows[0]) return undefined;
    return { ...((await this.find(rows[0].id, manager)) as HubRecord), servesUntil: rows[0].servesUntil };
  }

  /** The ICS-level hub serving an ICB on a day, if any. */
  async icsHubOn(icbCode: string, day: string, manager: EntityManager = this.manager): Promise<HubRecord | undefined> {
    const rows = (await manager.query(
      `SELECT h.id FROM hub h JOIN hub_footprint f ON f.hub_id = h.id
        WHERE h.level = 'ics' AND f.icb_code = $1 AND f.valid_from <= $2 AND (f.valid_to IS NULL OR f.valid_to >= $2) LIMIT 1`,
      [icbCode, day],
    )) as Array<{ id: string }>;
    return rows[0] ? this.find(rows[0].id, manager) : undefined;
  }

  /** The footprint of a hub on a day, if it worked then. */
  async footprintOn(hubId: string, day: string, manager: EntityManager = this.manager): Promise<HubFootprint | undefined> {
    const rows = (await manager.query(
      `SELECT ${FOOTPRINT_COLUMNS} FROM hub_footprint WHERE hub_id = $1 AND valid_from <= $2 AND (valid_to IS NULL OR valid_to >= $2)`,
      [hubId, day],
    )) as HubFootprint[];
    return rows[0];
  }

  async activeChildren(hubId: string, manager: EntityManager): Promise<HubRecord[]> {
    const rows = (await manager.query(`SELECT id FROM hub WHERE parent_hub_id = $1 AND status = 'active' ORDER BY name FOR UPDATE`, [hubId])) as Array<{ id: string }>;
    const children: HubRecord[] = [];
    for (const row of rows) children.push((await this.find(row.id, manager)) as HubRecord);
    return children;
  }

  /** Ends what the hub covers after `lastDay`; coverage that would only have started later is dropped. */
  async endCoverage(manager: EntityManager, hubId: string, lastDay: string): Promise<void> {
    await manager.query(`DELETE FROM hub_coverage WHERE hub_id = $1 AND valid_from > $2`, [hubId, lastDay]);
    await manager.query(`UPDATE hub_coverage SET valid_to = $2 WHERE hub_id = $1 AND (valid_to IS NULL OR valid_to > $2)`, [hubId, lastDay]);
  }

  async contacts(hubId: string, withHistory: boolean, manager: EntityManager = this.manager): Promise<HubContactRecord[]> {
    return (await manager.query(
      `SELECT role, display_name AS "displayName", email, telephone, valid_from AS "validFrom", valid_to AS "validTo", changed_by AS "changedBy"
         FROM hub_contact WHERE hub_id = $1 ${withHistory ? '' : 'AND valid_to IS NULL'} ORDER BY role, valid_from DESC`,
      [hubId],
    )) as HubContactRecord[];
  }

  /** Ends the current contacts at `at` and records the new ones from then. */
  async replaceContacts(manager: EntityManager, hubId: string, contacts: readonly HubContactRecord[], at: Date, changedBy: string): Promise<void> {
    await manager.query(`UPDATE hub_contact SET valid_to = $2 WHERE hub_id = $1 AND valid_to IS NULL`, [hubId, at]);
    for (const c of contacts) {
      await manager.query(
        `INSERT INTO hub_contact (hub_id, role, display_name, email, telephone, valid_from, changed_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [hubId, c.role, c.displayName, c.email, c.telephone, at, changedBy],
      );
    }
  }
}
