import { Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { isReadOnlyRole, type Caller, type Role } from '../caller/caller';
import { TokenRejectedError, TokenVerificationUnavailableError, TokenVerifier } from '../verification/token-verifier';
import { invalidToken, readOnlyRole, roleNotPermitted, unauthenticated, verificationUnavailable } from './access-problems';
import type { RequestWithCaller } from './current-caller';
import { PUBLIC_ROUTE, READ_ONLY_ALLOWED, REQUIRED_ROLES } from './route-metadata';

const BEARER = /^Bearer +(\S+)$/i;
const REALM = 'traininghubs';
/** Methods that change nothing: the only ones read-only roles may call without @ReadOnlyAllowed(). */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The platform's one guard, global in the gateway and every service: every route needs a valid
 * bearer token unless marked @Public(); the caller it names goes on the request; @RequireRoles()
 * and the read-only rule for analysts are enforced here. Record-level scope is checked by the
 * handler with assertCanRead / assertCanWrite, once it knows where the record sits.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return false;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_ROUTE, targets)) return true;

    const http = context.switchToHttp();
    const request = http.getRequest<Request & RequestWithCaller>();
    const caller = await this.authenticate(request, http.getResponse<Response>());
    request.caller = caller;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && !roles.includes(caller.role)) throw roleNotPermitted(caller, roles);
    if (isReadOnlyRole(caller.role) && !SAFE_METHODS.has(request.method) && !this.reflector.getAllAndOverride<boolean | undefined>(READ_ONLY_ALLOWED, targets)) {
      throw readOnlyRole(caller);
    }
    return true;
  }

  private async authenticate(request: Request, response: Response): Promise<Caller> {
    const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
    if (!token) {
      response.setHeader('WWW-Authenticate', `Bearer realm="${REALM}"`);
      throw unauthenticated();
    }
    try {
      return await this.verifier.verify(token);
    } catch (error) {
      if (error instanceof TokenRejectedError) {
        // RFC 6750 §3: the challenge says why, so clients know to fetch a new token.
        response.setHeader('WWW-Authenticate', `Bearer realm="${REALM}", error="invalid_token", error_description="${error.message.replace(/["\\]/g, "'")}"`);
        throw invalidToken(error.message);
      }
      if (error instanceof TokenVerificationUnavailableError) {
        this.logger.error({ err: error }, 'bearer tokens cannot be verified');
        throw verificationUnavailable();
      }
      throw error;
    }
  }
}
