/**
 * Who is calling, as the platform understands it: a person or system (subject) with one role and
 * the part of the NHS England hierarchy (region → ICB → Training Hub) the role covers.
 */
export const ROLES = ['national', 'region', 'icb', 'hub_admin', 'analyst'] as const;
export type Role = (typeof ROLES)[number];

/** The part of the hierarchy a caller covers. Regions and ICBs by ODS code; hubs by their uuid. */
export type CallerScope =
  | { kind: 'national' }
  | { kind: 'region'; code: string }
  | { kind: 'icb'; code: string }
  | { kind: 'hub'; hubId: string };

export type ScopeKind = CallerScope['kind'];

export interface Caller {
  /** The token's `sub`: the identity provider's stable id of the person or system. */
  subject: string;
  role: Role;
  scope: CallerScope;
}

/** Which scopes each role may hold. Analysts read at any level; every other role has exactly one. */
export const SCOPE_KINDS_OF_ROLE: Readonly<Record<Role, readonly ScopeKind[]>> = {
  national: ['national'],
  region: ['region'],
  icb: ['icb'],
  hub_admin: ['hub'],
  analyst: ['national', 'region', 'icb', 'hub'],
};

/** Roles that may read but never change records. */
export function isReadOnlyRole(role: Role): boolean {
  return role === 'analyst';
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
