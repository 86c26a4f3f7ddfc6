import { HUB_ID, ICB_CODE, REGION_CODE } from './organisation-codes';
import { isRole, ROLES, SCOPE_KINDS_OF_ROLE, type Caller, type CallerScope } from './caller';

/**
 * The platform's own claims in a bearer token, beside the registered `sub`, `iss`, `aud`, `exp`:
 * - `th_role`: national | region | icb | hub_admin | analyst
 * - `th_scope`: "national" | "region:<region ODS code>" | "icb:<ICB ODS code>" | "hub:<hub uuid>"
 * e.g. { "sub": "…", "th_role": "icb", "th_scope": "icb:QOX" }.
 */
export const ROLE_CLAIM = 'th_role';
export const SCOPE_CLAIM = 'th_scope';

/** A token whose signature is good but whose claims do not describe a caller the platform knows. */
export class InvalidCallerClaimsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidCallerClaimsError';
  }
}

const MAX_SUBJECT_LENGTH = 255;

/** Reads the caller from verified token claims; rejects unknown roles, malformed scopes and roles holding a scope they may not. */
export function callerFromClaims(claims: Readonly<Record<string, unknown>>): Caller {
  const subject = claims.sub;
  if (typeof subject !== 'string' || subject.trim() === '' || subject.length > MAX_SUBJECT_LENGTH) {
    throw new InvalidCallerClaimsError(`sub must be a non-empty string of at most ${MAX_SUBJECT_LENGTH} characters`);
  }
  const role = claims[ROLE_CLAIM];
  if (!isRole(role)) throw new InvalidCallerClaimsError(`${ROLE_CLAIM} must be one of ${ROLES.join(', ')}`);
  const scopeText = claims[SCOPE_CLAIM];
  if (typeof scopeText !== 'string') throw new InvalidCallerClaimsError(`${SCOPE_CLAIM} must be a string such as "national" or "icb:QOX"`);
  const scope = parseScope(scopeText);
  if (!SCOPE_KINDS_OF_ROLE[role].includes(scope.kind)) {
    throw new InvalidCallerClaimsError(`${ROLE_CLAIM} ${role} cannot hold ${SCOPE_CLAIM} ${scopeText}; it needs a ${SCOPE_KINDS_OF_ROLE[role].join(' or ')} scope`);
  }
  return { subject, role, scope };
}

/** The platform's claims for a caller (what a development token carries). */
export function claimsOfCaller(caller: Caller): { sub: string; [ROLE_CLAIM]: string; [SCOPE_CLAIM]: string } {
  return { sub: caller.subject, [ROLE_CLAIM]: caller.role, [SCOPE_CLAIM]: formatScope(caller.scope) };
}

/** "national" | "region:Y56" | "icb:QOX" | "hub:<uuid>" → a scope. Codes are case-sensitive (ODS codes are upper case). */
export function parseScope(text: string): CallerScope {
  if (text === 'national') return { kind: 'national' };
  const separator = text.indexOf(':');
  const kind = separator > 0 ? text.slice(0, separator) : '';
  const value = text.slice(separator + 1);
  switch (kind) {
    case 'region':
      if (REGION_CODE.test(value)) return { kind: 'region', code: value };
      throw new InvalidCallerClaimsError(`${SCOPE_CLAIM} ${text}: a region is an NHS England region ODS code such as Y56`);
    case 'icb':
      if (ICB_CODE.test(value)) return { kind: 'icb', code: value };
      throw new InvalidCallerClaimsError(`${SCOPE_CLAIM} ${text}: an ICB is an ODS code such as QOX or S1Y5D`);
    case 'hub':
      if (HUB_ID.test(value)) return { kind: 'hub', hubId: value };
      throw new InvalidCallerClaimsError(`${SCOPE_CLAIM} ${text}: a hub is named by its lower-case uuid`);
    default:
      throw new InvalidCallerClaimsError(`${SCOPE_CLAIM} must be "national", "region:<code>", "icb:<code>" or "hub:<uuid>"`);
  }
}

export function formatScope(scope: CallerScope): string {
  switch (scope.kind) {
    case 'national':
      return 'national';
    case 'region':
      return `region:${scope.code}`;
    case 'icb':
      return `icb:${scope.code}`;
    case 'hub':
      return `hub:${scope.hubId}`;
  }
}
