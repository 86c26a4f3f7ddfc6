/** The kinds of organisation the registry keeps, in the hierarchy practice → PCN → ICB → region. */
export const ORGANISATION_KINDS = ['nhse_region', 'icb', 'pcn', 'gp_practice'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** Which kinds of organisation may be the parent of each kind. */
export const PARENT_KINDS: Readonly<Record<OrganisationKind, readonly OrganisationKind[]>> = {
  nhse_region: [],
  icb: ['nhse_region'],
  pcn: ['icb'],
  gp_practice: ['pcn', 'icb'],
};

/** An organisation as the registry knows it; open and close dates inclusive, absent when open-ended. */
export interface OrganisationRecord {
  odsCode: string;
  kind: OrganisationKind;
  name: string;
  gssCode?: string | null;
  postcode?: string | null;
  openDate: string | null;
  closeDate: string | null;
}

/** A child's membership of a parent for a span of days (inclusive). */
export interface ParentLink {
  childCode: string;
  parentCode: string;
  validFrom: string | null;
  validTo: string | null;
}

/** What an organisation was called for a span of days (inclusive): an ICB code was first its STP/ICS partnership's. */
export interface OrganisationName {
  odsCode: string;
  name: string;
  validFrom: string;
  validTo: string | null;
}

export type SuccessionKind = 'merger' | 'split' | 'territory_transfer';

/** One predecessor → successor step of an ODS succession, effective from a day. */
export interface Succession {
  predecessorCode: string;
  successorCode: string;
  effectiveDate: string;
  kind: SuccessionKind;
  predecessorCloses: boolean;
  successorIsNew: boolean;
}
