import { callerFromClaims, InvalidCallerClaimsError, ROLE_CLAIM, SCOPE_CLAIM } from '../caller/caller-claims';
import { HUB_ID, ICB_CODE, REGION_CODE } from '../caller/organisation-codes';
import { ROLES, type Caller, type Role } from '../caller/caller';

export const TOKEN_USAGE = `Prints a development bearer token, signed with the local key in .local/auth/.

Usage: npm run token -- <role> [scope] [--subject <sub>] [--expires-in <span>]
       npm run token -- --public-jwk     (the public key, for AUTH_LOCAL_PUBLIC_JWK)

Roles and scopes:
  national                       everything
  region <Y56…Y63>               a region's ICBs, e.g. region Y56 (London)
  icb <ODS code>                 an ICB's hubs, e.g. icb QOX or icb S1Y5D
  hub_admin <hub uuid>           one hub
  analyst [scope]                read only; national unless a scope is given,
                                 e.g. analyst region:Y58, analyst icb:QOX, analyst hub:<uuid>

A scope may be written bare (Y56, QOX, <uuid>) or with its kind (region:Y56, icb:QOX, hub:<uuid>).
--expires-in takes a span such as 30m, 8h (the default) or 2d.`;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type TokenRequest = { kind: 'token'; caller: Caller; expiresIn?: string } | { kind: 'public-jwk' } | { kind: 'help' };

const SPAN = /^[1-9]\d*(s|m|h|d)$/;

/** Reads the command line of `npm run token`. Every refusal says what was wrong and shows the usage. */
export function parseTokenRequest(args: readonly string[]): TokenRequest {
  const positional: string[] = [];
  let subject: string | undefined;
  let expiresIn: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    if (arg === '--public-jwk') return { kind: 'public-jwk' };
    if (arg === '--subject' || arg === '--expires-in') {
      const value = args[++i];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      if (arg === '--subject') subject = value;
      else if (SPAN.test(value)) expiresIn = value;
      else throw new UsageError(`--expires-in ${value}: give a span such as 30m, 8h or 2d`);
      continue;
    }
    if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
    positional.push(arg);
  }
  if (positional.length === 0) throw new UsageError('give a role');
  if (positional.length > 2) throw new UsageError(`too many arguments: ${positional.slice(2).join(' ')}`);
  const [roleText, scopeText] = positional;
  const role = roleText.toLowerCase().replace('-', '_');
  if (!(ROLES as readonly string[]).includes(role)) throw new UsageError(`unknown role ${roleText}; the roles are ${ROLES.join(', ')}`);
  const scope = scopeClaim(role as Role, scopeText);
  try {
    const caller = callerFromClaims({ sub: subject ?? `developer-${role.replace('_', '-')}`, [ROLE_CLAIM]: role, [SCOPE_CLAIM]: scope });
    return { kind: 'token', caller, expiresIn };
  } catch (error) {
    if (error instanceof InvalidCallerClaimsError) throw new UsageError(error.message);
    throw error;
  }
}

/** The th_scope claim for the role and what was typed: a default for national and analyst, a bare code given its kind. */
function scopeClaim(role: Role, typed: string | undefined): string {
  if (typed === undefined) {
    if (role === 'national' || role === 'analyst') return 'national';
    const example = { region: 'region Y56', icb: 'icb QOX', hub_admin: 'hub_admin 6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f' }[role];
    throw new UsageError(`the ${role} role needs a scope, e.g. ${example}`);
  }
  if (typed === 'national' || typed.includes(':')) return normaliseCodes(typed);
  const bare = typed.trim();
  if (HUB_ID.test(bare.toLowerCase())) return `hub:${bare.toLowerCase()}`;
  if (REGION_CODE.test(bare.toUpperCase())) return `region:${bare.toUpperCase()}`;
  if (ICB_CODE.test(bare.toUpperCase())) return `icb:${bare.toUpperCase()}`;
  throw new UsageError(`${typed} is not a region code (Y56…Y63), an ICB code (QOX, S1Y5D) or a hub uuid`);
}

/** ODS codes are upper case and hub ids lower case in tokens; accept either as typed. */
function normaliseCodes(typed: string): string {
  const [kind, ...rest] = typed.split(':');
  const value = rest.join(':');
  if (kind === 'hub') return `hub:${value.toLowerCase()}`;
  if (kind === 'region' || kind === 'icb') return `${kind}:${value.toUpperCase()}`;
  return typed;
}
