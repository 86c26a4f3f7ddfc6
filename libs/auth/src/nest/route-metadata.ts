import { SetMetadata } from '@nestjs/common';
import type { Role } from '../caller/caller';

export const PUBLIC_ROUTE = 'traininghubs:auth:public';
export const REQUIRED_ROLES = 'traininghubs:auth:roles';
export const READ_ONLY_ALLOWED = 'traininghubs:auth:read-only-allowed';

/** Served without a token: health, metrics. Everything else needs a bearer token. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

/** Only callers with one of these roles, e.g. approving a KPI return: @RequireRoles('national', 'region'). */
export const RequireRoles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_ROLES, roles);

/**
 * A POST (or other non-GET) route that changes nothing, such as a search with a body: read-only
 * roles (analysts) may call it. Without it, analysts are refused every method but GET and HEAD.
 */
export const ReadOnlyAllowed = (): MethodDecorator & ClassDecorator => SetMetadata(READ_ONLY_ALLOWED, true);
