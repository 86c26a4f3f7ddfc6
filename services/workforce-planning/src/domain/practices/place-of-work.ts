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
  /** The day the member of staff started (or starts). */
  startDate: string;
}

/**
 * A recruit's place of work must be one hub-registry knows and in the hub's area: the PCN is a
 * recorded PCN whose ICB today is the hub's ICB (today, as the hub's own ICB is today's: ICBs that
 * merged in April 2026 moved their PCNs and hubs to the successor), and a practice, when given,
 * is a recorded practice that belonged to that PCN on the start date.
 */
export function checkPlaceOfWork(
  place: PlaceOfWork,
  hubIcbCode: string | undefined,
  lookup: ReadonlyMap<string, RegisteredOrganisation>,
  today: string,
): void {
  const pcn = lookup.get(place.pcnOdsCode);
  if (!pcn || pcn.kind !== 'pcn') {
    throw new WorkforceRuleBroken('unknown-pcn', `${place.pcnOdsCode} is not a primary care network recorded in the hub registry; import it there first.`);
  }
  const pcnIcb = parentOn(pcn, today);
  if (!hubIcbCode || pcnIcb !== hubIcbCode) {
    throw new WorkforceRuleBroken(
      'outside-hub-area',
      `${pcn.name} (${pcn.odsCode}) is in ICB ${pcnIcb ?? 'none'}, outside the hub's area (ICB ${hubIcbCode ?? 'none'}).`,
    );
  }
  if (place.practiceOdsCode === undefined) return;
  const practice = lookup.get(place.practiceOdsCode);
  if (!practice || practice.kind !== 'gp_practice') {
    throw new WorkforceRuleBroken('unknown-practice', `${place.practiceOdsCode} is not a GP practice recorded in the hub registry; import it there first.`);
  }
  const practicePcn = parentOn(practice, place.startDate);
  if (practicePcn !== pcn.odsCode) {
    throw new WorkforceRuleBroken(
      'practice-not-in-pcn',
      `${practice.name} (${practice.odsCode}) belonged to ${practicePcn ?? 'no PCN'} on ${place.startDate}, not to ${pcn.odsCode}.`,
    );
  }
}
