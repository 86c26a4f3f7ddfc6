import { ForbiddenException, NotFoundException, ServiceUnavailableException, UnauthorizedException } from '@nestjs/common';
import { formatScope } from '../caller/caller-claims';
import type { Caller, Role } from '../caller/caller';

/**
 * The problem details (RFC 9457) of refused requests. The platform's ProblemDetailsFilter keeps a
 * body that has its own `type` and `title`, so these reach the caller as application/problem+json.
 */
const PROBLEMS = 'https://traininghubs.nhs.uk/problems/';

export const NO_SUCH_RECORD = 'No such record.';

export function unauthenticated(): UnauthorizedException {
  return new UnauthorizedException({
    type: `${PROBLEMS}unauthenticated`,
    title: 'Authentication required',
    detail: 'Send a bearer token in the Authorization header (npm run token -- <role> [scope] prints one in development).',
  });
}

export function invalidToken(reason: string): UnauthorizedException {
  return new UnauthorizedException({ type: `${PROBLEMS}invalid-token`, title: 'The bearer token is not accepted', detail: `${capitalise(reason)}.` });
}

export function verificationUnavailable(): ServiceUnavailableException {
  return new ServiceUnavailableException({
    type: `${PROBLEMS}authentication-unavailable`,
    title: 'Tokens cannot be checked just now',
    detail: "The identity provider's signing keys could not be fetched. Try again shortly.",
  });
}

export function roleNotPermitted(caller: Caller, roles: readonly Role[]): ForbiddenException {
  return new ForbiddenException({
    type: `${PROBLEMS}role-not-permitted`,
    title: 'Your role may not do this',
    detail: `This needs the role ${roles.join(' or ')}; you are ${caller.role}.`,
  });
}

export function readOnlyRole(caller: Caller): ForbiddenException {
  return new ForbiddenException({
    type: `${PROBLEMS}read-only-role`,
    title: 'Your role is read-only',
    detail: `The ${caller.role} role may read records but not change them.`,
  });
}

export function outOfScope(caller: Caller): ForbiddenException {
  return new ForbiddenException({
    type: `${PROBLEMS}out-of-scope`,
    title: 'Outside your scope',
    detail: `This record is outside your scope (${formatScope(caller.scope)}).`,
  });
}

/**
 * A record that is not there, or that the caller must not learn is there: the same answer for
 * both. A service throws this for a record it cannot find too, with the same detail, so the two
 * cannot be told apart. Same shape as the platform's answer to a plain NotFoundException.
 */
export function recordNotFound(detail: string = NO_SUCH_RECORD): NotFoundException {
  return new NotFoundException({ type: `${PROBLEMS}not-found`, title: 'Not found', detail });
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
