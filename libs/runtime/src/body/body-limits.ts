import type { ServiceEnvironment } from '@traininghubs/config';
import { MAX_JSON_DEPTH } from './json-depth';

/**
 * Routes that take file imports (POST …/import, …/snapshot-imports, …/delivered-session-imports):
 * a CSV of every practice in England or a month's workforce file may be larger than any other body.
 */
export const IMPORT_ROUTE = /^\/api\/v1\/(?:[^/?]+\/)+(?:[a-z]+-)*imports?(?:[/?]|$)/;

/** The body limits of an application: the same in the gateway and in every service, read from the same variables. */
export interface BodyLimits {
  /** Largest body of an ordinary request, in bytes (JSON_BODY_LIMIT_BYTES). */
  bodyLimitBytes: number;
  /** Largest body of a file import, in bytes (IMPORT_BODY_LIMIT_BYTES). */
  importBodyLimitBytes: number;
  /** Deepest nesting of objects and arrays in a JSON body. */
  maxJsonDepth: number;
}

/** The limits every application reads from its environment. */
export function bodyLimitsOf(config: Pick<ServiceEnvironment, 'JSON_BODY_LIMIT_BYTES' | 'IMPORT_BODY_LIMIT_BYTES'>, maxJsonDepth = MAX_JSON_DEPTH): BodyLimits {
  return { bodyLimitBytes: config.JSON_BODY_LIMIT_BYTES, importBodyLimitBytes: config.IMPORT_BODY_LIMIT_BYTES, maxJsonDepth };
}

/** The largest body the route at `path` (the request's URL, query string and all) accepts, in bytes. */
export function bodyLimitOf(path: string, limits: Pick<BodyLimits, 'bodyLimitBytes' | 'importBodyLimitBytes'>): number {
  return IMPORT_ROUTE.test(path) ? limits.importBodyLimitBytes : limits.bodyLimitBytes;
}
