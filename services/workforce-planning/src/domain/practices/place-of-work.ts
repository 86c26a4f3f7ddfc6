import { WorkforceRuleBroken } from '../workforce-rule.error';

/** A PCN or GP practice as hub-registry recorded it (OrganisationRecorded). */
export interface RegisteredOrganisation {
  odsCode: string;
  kind: 'pcn' | 'gp_practice' | 'other';
  name: string;
  /** Every membership of a parent, days inclusive; `validFrom` null since before any recorded date, `validTo` null while it lasts. */
  memberships: ReadonlyArray<{ parentOdsCode: string; validFrom: string | null; validTo: string | null }>;
}

/** The organisation's parent on `day` (ISO dates compare as strings). */
export function parentOn(organisation: RegisteredOrganisation, day: string): string | undefined {
  return organisation.memberships.find((m) => (m.validFrom === null || m.validFrom <= day) && (m.validTo === null || m.validTo >= day))?.parentOdsCode;
}

export interface PlaceOfWork {
  pcnOdsCode: string;
  practiceOdsCode?: string;
  /**
   * The day the record is judged on: a recruit's first working day, or the day an ARRS plan is
   * judged on (ADR 0022). The PCN's ICB and the practice's PCN are both taken on this day.
   */
  day: string;
}

/**
 * A recruit's place of work must be one hub-registry knows and in the hub's area on the record's
 * own day (ADR 0022): the PCN is a recorded PCN whose ICB on that day (its membership in the
 * register) is the ICB the hub served on that day (`hubIcbOnDay`, from the hub's footprint), and a
 * practice, when given, is a recorded practice that belonged to that PCN on that day. Nothing is
 * judged by today's facts: a GP who started at a QMJ PCN in June 2025 is judged by where the PCN
 * and the hub were in June 2025, whatever the hub serves since the April 2026 mergers.
 */
export function checkPlaceOfWork(place: PlaceOfWork, hubIcbOnDay: string | undefined, lookup: ReadonlyMap<string, RegisteredOrganisation>): void {
  const pcn = lookup.get(place.pcnOdsCode);
  if (!pcn || pcn.kind !== 'pcn') {
    throw new WorkforceRuleBroken('unknown-pcn', `${place.pcnOdsCode} is not a primary care network recorded in the hub registry; import it there first.`);
  }
  const pcnIcb = parentOn(pcn, place.day);
  if (!hubIcbOnDay || pcnIcb !== hubIcbOnDay) throw outsideHubArea(pcn, pcnIcb, hubIcbOnDay, place.day);
  if (place.practiceOdsCode === undefined) return;
  const practice = lookup.get(place.practiceOdsCode);
  if (!practice || practice.kind !== 'gp_practice') throw unknownPractice(place.practiceOdsCode);
  const practicePcn = parentOn(practice, place.day);
  if (practicePcn !== pcn.odsCode) {
    throw new WorkforceRuleBroken(
      'practice-not-in-pcn',
      `${practice.name} (${practice.odsCode}) belonged to ${practicePcn ?? 'no PCN'} on ${place.day}, not to ${pcn.odsCode}.`,
    );
  }
}

/**
 * A practice named by a record dated `day` (the practice a retained GP works in after the
 * outcome) must be a recorded practice in the hub's area on that day: its parent that day is a
 * recorded PCN whose ICB that day is the hub's ICB that day, or (a practice outside any PCN) the
 * hub's ICB itself. `lookup` holds the practice and its parents.
 */
export function checkPracticeInArea(practiceOdsCode: string, day: string, hubIcbOnDay: string | undefined, lookup: ReadonlyMap<string, RegisteredOrganisation>): void {
  const practice = lookup.get(practiceOdsCode);
  if (!practice || practice.kind !== 'gp_practice') throw unknownPractice(practiceOdsCode);
  const parentCode = parentOn(practice, day);
  const parent = parentCode === undefined ? undefined : lookup.get(parentCode);
  const icb = parent?.kind === 'pcn' ? parentOn(parent, day) : parentCode;
  if (!hubIcbOnDay || icb !== hubIcbOnDay) throw outsideHubArea(practice, icb, hubIcbOnDay, day);
}

function outsideHubArea(organisation: RegisteredOrganisation, icb: string | undefined, hubIcb: string | undefined, day: string): WorkforceRuleBroken {
  return new WorkforceRuleBroken(
    'outside-hub-area',
    `On ${day}, ${organisation.name} (${organisation.odsCode}) was in ICB ${icb ?? 'none'}, outside the hub's area (ICB ${hubIcb ?? 'none'}).`,
  );
}

function unknownPractice(odsCode: string): WorkforceRuleBroken {
  return new WorkforceRuleBroken('unknown-practice', `${odsCode} is not a GP practice recorded in the hub registry; import it there first.`);
}
