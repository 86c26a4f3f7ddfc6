import { dayBefore } from '../../calendar/calendar-day';
import { parseCsv } from '@traininghubs/csv';
import type { OrganisationName, OrganisationRecord, ParentLink, Succession } from '../organisation-kind';

/** The day the 42 ICBs were established. */
export const ICBS_ESTABLISHED = '2022-07-01';
/** The day the 2026 ICB successions take effect (42 → 36). */
export const ICB_SUCCESSIONS_2026 = '2026-04-01';

export interface ReferenceData {
  organisations: OrganisationRecord[];
  links: ParentLink[];
  successions: Succession[];
  /** The names of the ICBs by date (the organisation's own name is its latest). */
  names: OrganisationName[];
}

const HEADER = ['nhse_region_code', 'nhse_region_name', 'icb_ods_code', 'icb_ons_gss_code', 'icb_name', 'successor_from_2026_04_01'];
const SUCCESSOR = /^([A-Z0-9]{3,5})\s+(.+)$/;

export class ReferenceDataError extends Error {
  constructor(message: string) {
    super(`ICB reference data: ${message}`);
    this.name = 'ReferenceDataError';
  }
}

interface SuccessorMention {
  code: string;
  name: string;
  /** The ICB already exists and gains territory (QRL gaining part of Frimley). */
  gainsTerritory: boolean;
}

/** "Z9B2Z West and North London" | "split: S0E4D Thames Valley / … / QRL (gains territory)" | "continues …" | "—". */
export function successorsIn(cell: string): { split: boolean; successors: SuccessorMention[] } {
  const text = cell.trim();
  if (text === '' || text === '—' || text === '-' || text.startsWith('continues')) return { split: false, successors: [] };
  const split = text.startsWith('split:');
  const parts = (split ? text.slice('split:'.length) : text).split('/').map((p) => p.trim()).filter(Boolean);
  return {
    split,
    successors: parts.map((part) => {
      const match = SUCCESSOR.exec(part);
      if (!match) throw new ReferenceDataError(`cannot read the successor "${part}"`);
      const gainsTerritory = /\(gains territory\)/.test(match[2]);
      return { code: match[1], name: gainsTerritory ? '' : `NHS ${match[2].trim()} Integrated Care Board`, gainsTerritory };
    }),
  };
}

/**
 * The regions, the 42 ICBs of 1 July 2022 and the 1 April 2026 successions, read from the
 * reference CSV (shared/reference/icbs-2022-2026.csv). ICBs with a successor close on 31 March
 * 2026; new ICBs open on 1 April 2026 in their predecessors' region; an ICB that gains
 * territory carries on.
 */
export function readIcbReference(csvText: string): ReferenceData {
  const [header, ...rows] = parseCsv(csvText);
  if (!header || HEADER.some((column, i) => header[i]?.trim() !== column)) {
    throw new ReferenceDataError(`the header must be ${HEADER.join(',')}`);
  }
  const closes = dayBefore(ICB_SUCCESSIONS_2026);
  const organisations = new Map<string, OrganisationRecord>();
  const links: ParentLink[] = [];
  const successions: Succession[] = [];
  const regionOf = new Map<string, string>();
  const mentions: Array<{ predecessor: string; split: boolean; successor: SuccessorMention }> = [];

  for (const [index, row] of rows.entries()) {
    if (row.length === 1 && row[0].trim() === '') continue;
    if (row.length !== HEADER.length) throw new ReferenceDataError(`line ${index + 2} has ${row.length} fields, not ${HEADER.length}`);
    const [regionCode, regionName, icbCode, gssCode, icbName, successorCell] = row.map((v) => v.trim());
    if (!organisations.has(regionCode)) {
      organisations.set(regionCode, { odsCode: regionCode, kind: 'nhse_region', name: regionName, openDate: null, closeDate: null });
    }
    const { split, successors } = successorsIn(successorCell);
    organisations.set(icbCode, {
      odsCode: icbCode,
      kind: 'icb',
      name: icbName,
      gssCode,
      openDate: ICBS_ESTABLISHED,
      closeDate: successors.length > 0 ? closes : null,
    });
    regionOf.set(icbCode, regionCode);
    links.push({ childCode: icbCode, parentCode: regionCode, validFrom: ICBS_ESTABLISHED, validTo: successors.length > 0 ? closes : null });
    for (const successor of successors) mentions.push({ predecessor: icbCode, split, successor });
  }

  for (const { predecessor, split, successor } of mentions) {
    const isNew = !successor.gainsTerritory;
    if (isNew && !organisations.has(successor.code)) {
      const region = regionOf.get(predecessor) as string;
      organisations.set(successor.code, { odsCode: successor.code, kind: 'icb', name: successor.name, openDate: ICB_SUCCESSIONS_2026, closeDate: null });
      regionOf.set(successor.code, region);
      links.push({ childCode: successor.code, parentCode: region, validFrom: ICB_SUCCESSIONS_2026, validTo: null });
    }
    if (!isNew && !organisations.has(successor.code)) {
      throw new ReferenceDataError(`${predecessor} passes territory to ${successor.code}, which is not in the file`);
    }
    successions.push({
      predecessorCode: predecessor,
      successorCode: successor.code,
      effectiveDate: ICB_SUCCESSIONS_2026,
      kind: isNew ? (split ? 'split' : 'merger') : 'territory_transfer',
      predecessorCloses: true,
      successorIsNew: isNew,
    });
  }
  const names = [...organisations.values()]
    .filter((o) => o.kind === 'icb')
    .map((o): OrganisationName => ({ odsCode: o.odsCode, name: o.name, validFrom: o.openDate as string, validTo: o.closeDate }));
  return { organisations: [...organisations.values()], links, successions, names };
}
