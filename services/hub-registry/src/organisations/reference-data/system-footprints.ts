import { dayAfter, dayBefore, isCalendarDay } from '../../calendar/calendar-day';
import { parseCsv } from '@traininghubs/csv';
import type { OrganisationName } from '../organisation-kind';
import { ICBS_ESTABLISHED, ReferenceDataError, type ReferenceData } from './icb-reference';
import { REFERENCE_DATA_FROM } from './reference-coverage';

/**
 * How a footprint's name was arrived at: `ods` is the name ODS recorded for the STP code; `area`
 * means ODS recorded only the area, shown as "<area> STP/ICS".
 */
export type FootprintNameBasis = 'ods' | 'area';

export interface FootprintName extends OrganisationName {
  basis: FootprintNameBasis;
}

const HEADER = ['icb_ods_code', 'valid_from', 'valid_to', 'name', 'name_basis'];
const ODS_CODE = /^[A-Z0-9]{3,5}$/;
const BASES: readonly string[] = ['ods', 'area'];

/**
 * Reads the names of the system footprints before the ICBs (reference/system-footprints-2019-2022.csv):
 * one or more rows per ICB code, each a span of days (inclusive) with the name it went by.
 */
export function readSystemFootprints(csvText: string): FootprintName[] {
  const [header, ...rows] = parseCsv(csvText);
  if (!header || header.length !== HEADER.length || HEADER.some((column, i) => header[i]?.trim() !== column)) {
    throw new ReferenceDataError(`the footprint file's header must be ${HEADER.join(',')}`);
  }
  const names: FootprintName[] = [];
  for (const [index, row] of rows.entries()) {
    if (row.length === 1 && row[0].trim() === '') continue;
    const line = index + 2;
    if (row.length !== HEADER.length) throw new ReferenceDataError(`footprint line ${line} has ${row.length} fields, not ${HEADER.length}`);
    const [odsCode, validFrom, validTo, name, basis] = row.map((v) => v.trim());
    if (!ODS_CODE.test(odsCode)) throw new ReferenceDataError(`footprint line ${line}: "${odsCode}" is not an ODS code`);
    for (const day of [validFrom, validTo]) {
      if (!isCalendarDay(day)) throw new ReferenceDataError(`footprint line ${line}: "${day}" is not a day (YYYY-MM-DD)`);
    }
    if (validTo < validFrom) throw new ReferenceDataError(`footprint line ${line}: ${odsCode} ends on ${validTo}, before it starts on ${validFrom}`);
    if (name === '') throw new ReferenceDataError(`footprint line ${line}: ${odsCode} has no name`);
    if (!BASES.includes(basis)) throw new ReferenceDataError(`footprint line ${line}: name_basis must be one of ${BASES.join(', ')}`);
    names.push({ odsCode, validFrom, validTo, name, basis: basis as FootprintNameBasis });
  }
  return names;
}

/**
 * The reference data with each ICB of 1 July 2022 carried back as its system's footprint: it
 * opens on the first day of its footprint names (on or before REFERENCE_DATA_FROM), its region
 * membership dates from then, and it goes by the footprint's names until 30 June 2022 and by its
 * ICB name after. Every ICB of 1 July 2022 needs names without gaps up to that day; the 2026
 * successions and the ICBs they opened are left as they are.
 */
export function carryBackToFootprints(data: ReferenceData, footprints: readonly FootprintName[]): ReferenceData {
  const lastDay = dayBefore(ICBS_ESTABLISHED);
  const icbsOf2022 = new Set(data.organisations.filter((o) => o.kind === 'icb' && o.openDate === ICBS_ESTABLISHED).map((o) => o.odsCode));
  const byCode = new Map<string, FootprintName[]>();
  for (const f of footprints) {
    if (!icbsOf2022.has(f.odsCode)) throw new ReferenceDataError(`footprint ${f.odsCode} is not one of the ICBs established on ${ICBS_ESTABLISHED}`);
    byCode.set(f.odsCode, [...(byCode.get(f.odsCode) ?? []), f]);
  }
  const opens = new Map<string, string>();
  for (const code of icbsOf2022) {
    const spans = [...(byCode.get(code) ?? [])].sort((a, b) => a.validFrom.localeCompare(b.validFrom));
    if (spans.length === 0) throw new ReferenceDataError(`ICB ${code} has no footprint name before ${ICBS_ESTABLISHED}`);
    if (spans[0].validFrom > REFERENCE_DATA_FROM) throw new ReferenceDataError(`footprint ${code} starts on ${spans[0].validFrom}, after ${REFERENCE_DATA_FROM}`);
    for (let i = 1; i < spans.length; i++) {
      if (spans[i].validFrom !== dayAfter(spans[i - 1].validTo as string)) {
        throw new ReferenceDataError(`footprint ${code}: its names must follow one another without gaps or overlaps (${spans[i - 1].validTo} then ${spans[i].validFrom})`);
      }
    }
    if (spans.at(-1)?.validTo !== lastDay) throw new ReferenceDataError(`footprint ${code} must be named up to ${lastDay}, the day before the ICBs`);
    opens.set(code, spans[0].validFrom);
  }
  return {
    organisations: data.organisations.map((o) => (opens.has(o.odsCode) ? { ...o, openDate: opens.get(o.odsCode) as string } : o)),
    links: data.links.map((l) => (opens.has(l.childCode) && l.validFrom === ICBS_ESTABLISHED ? { ...l, validFrom: opens.get(l.childCode) as string } : l)),
    successions: data.successions,
    names: [...footprints.map(({ odsCode, name, validFrom, validTo }) => ({ odsCode, name, validFrom, validTo })), ...data.names],
  };
}

