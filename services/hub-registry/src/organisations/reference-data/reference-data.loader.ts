import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { SERVICE_CONFIG } from '@traininghubs/runtime';
import { BEGINNING_OF_RECORDS } from '../../calendar/calendar-day';
import type { HubRegistryEnvironment } from '../../hub-registry.environment';
import { HubSuccessionService } from '../../hubs/succession/hub-succession.service';
import { OrganisationSuccessionPublisher } from '../succession/organisation-succession.publisher';
import { readIcbReference, type ReferenceData } from './icb-reference';
import { carryBackToFootprints, readSystemFootprints } from './system-footprints';

export const ICB_REFERENCE_FILE = 'icbs-2022-2026.csv';
/** The names of the system footprints (STP/ICS partnerships) before the ICBs: see docs/pre-icb-footprints.md. */
export const SYSTEM_FOOTPRINTS_FILE = 'system-footprints-2019-2022.csv';
/** Serialises reference loads of several replicas starting together. */
const REFERENCE_LOAD_LOCK = 4_732_001;

/** The service's reference folder: REFERENCE_DATA_DIR, else `services/hub-registry/reference` found above this file. */
export function referenceDirectory(configured?: string): string {
  if (configured) return resolve(configured);
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'services', 'hub-registry', 'reference');
    if (existsSync(join(candidate, ICB_REFERENCE_FILE))) return candidate;
    const own = join(dir, 'reference');
    if (existsSync(join(own, ICB_REFERENCE_FILE))) return own;
    if (dirname(dir) === dir) throw new Error(`hub-registry: cannot find reference/${ICB_REFERENCE_FILE}; set REFERENCE_DATA_DIR`);
  }
}

/** The reference data in a folder: the ICBs and their 2026 successions, carried back to their system footprints. */
export function readReferenceData(directory: string): ReferenceData {
  const icbs = readIcbReference(readFileSync(join(directory, ICB_REFERENCE_FILE), 'utf8'));
  const footprints = join(directory, SYSTEM_FOOTPRINTS_FILE);
  if (!existsSync(footprints)) throw new Error(`hub-registry: cannot find ${footprints}; it ships beside ${ICB_REFERENCE_FILE}`);
  return carryBackToFootprints(icbs, readSystemFootprints(readFileSync(footprints, 'utf8')));
}

/**
 * Loads the regions, ICBs (from their system footprints of 2019) and 2026 successions from the
 * reference CSVs at start. Idempotent: rows already there stay, changed names and dates are
 * corrected (an ICB's region memberships and dated names are the reference data's alone, so any
 * the data no longer holds are removed), and a succession is published (OrganisationSucceeded)
 * only the first time it is recorded. Then hubs follow the recorded successions where that needs
 * no decision (HubSuccessionService.followRecordedSuccessions).
 */
@Injectable()
export class ReferenceDataLoader implements OnApplicationBootstrap {
  private readonly logger = new Logger('ReferenceData');

  constructor(
    private readonly dataSource: DataSource,
    private readonly successions: OrganisationSuccessionPublisher,
    private readonly hubsFollow: HubSuccessionService,
    @Inject(SERVICE_CONFIG) private readonly config: HubRegistryEnvironment,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const directory = referenceDirectory(this.config.REFERENCE_DATA_DIR);
    const data = readReferenceData(directory);
    const recorded = await this.dataSource.transaction((manager) => this.load(manager, data));
    this.logger.log(`ICB reference data loaded from ${directory}: ${data.organisations.length} organisations, ${data.names.length} dated names, ${recorded} new successions`);
  }

  async load(manager: EntityManager, data: ReferenceData): Promise<number> {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [REFERENCE_LOAD_LOCK]);
    for (const o of data.organisations) {
      await manager.query(
        `INSERT INTO organisation (ods_code, kind, name, gss_code, open_date, close_date) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (ods_code) DO UPDATE SET name = EXCLUDED.name, gss_code = EXCLUDED.gss_code, open_date = EXCLUDED.open_date,
           close_date = EXCLUDED.close_date, updated_at = now()
         WHERE (organisation.name, organisation.gss_code, organisation.open_date, organisation.close_date)
           IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.gss_code, EXCLUDED.open_date, EXCLUDED.close_date)`,
        [o.odsCode, o.kind, o.name, o.gssCode ?? null, o.openDate, o.closeDate],
      );
    }
    const owned = data.organisations.map((o) => o.odsCode);
    // A membership or name the data no longer holds (an ICB's membership from 1 July 2022 once it
    // is carried back to 2019) goes, so no two overlap.
    await manager.query(
      `DELETE FROM organisation_link l WHERE l.child_code = ANY($1)
          AND NOT EXISTS (SELECT 1 FROM unnest($2::text[], $3::date[]) AS r(child_code, valid_from) WHERE r.child_code = l.child_code AND r.valid_from = l.valid_from)`,
      [owned, data.links.map((l) => l.childCode), data.links.map((l) => l.validFrom ?? BEGINNING_OF_RECORDS)],
    );
    await manager.query(
      `DELETE FROM organisation_name n WHERE n.ods_code = ANY($1)
          AND NOT EXISTS (SELECT 1 FROM unnest($2::text[], $3::date[]) AS r(ods_code, valid_from) WHERE r.ods_code = n.ods_code AND r.valid_from = n.valid_from)`,
      [owned, data.names.map((n) => n.odsCode), data.names.map((n) => n.validFrom)],
    );
    for (const n of data.names) {
      await manager.query(
        `INSERT INTO organisation_name (ods_code, valid_from, valid_to, name) VALUES ($1, $2, $3, $4)
         ON CONFLICT (ods_code, valid_from) DO UPDATE SET valid_to = EXCLUDED.valid_to, name = EXCLUDED.name
         WHERE (organisation_name.valid_to, organisation_name.name) IS DISTINCT FROM (EXCLUDED.valid_to, EXCLUDED.name)`,
        [n.odsCode, n.validFrom, n.validTo, n.name],
      );
    }
    for (const l of data.links) {
      await manager.query(
        `INSERT INTO organisation_link (child_code, parent_code, valid_from, valid_to) VALUES ($1, $2, $3, $4)
         ON CONFLICT (child_code, valid_from) DO UPDATE SET parent_code = EXCLUDED.parent_code, valid_to = EXCLUDED.valid_to`,
        [l.childCode, l.parentCode, l.validFrom ?? BEGINNING_OF_RECORDS, l.validTo],
      );
    }
    const newlySucceeded = new Set<string>();
    for (const s of data.successions) {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO organisation_succession (predecessor_code, successor_code, effective_date, kind, predecessor_closes, successor_is_new)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING successor_code`,
        [s.predecessorCode, s.successorCode, s.effectiveDate, s.kind, s.predecessorCloses, s.successorIsNew],
      );
      if (inserted.length > 0) newlySucceeded.add(`${s.successorCode}|${s.effectiveDate}`);
    }
    for (const key of newlySucceeded) {
      const [successorCode, effectiveDate] = key.split('|');
      await this.successions.publish(manager, successorCode, effectiveDate);
    }
    const followed = await this.hubsFollow.followRecordedSuccessions(manager);
    if (followed > 0) this.logger.log(`${followed} hubs followed their ICB's succession`);
    return newlySucceeded.size;
  }
}
