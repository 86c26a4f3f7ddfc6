import type { Caller } from '../caller/caller';
import { canRead, canWrite, type HierarchyPosition } from '../coverage/coverage';
import { outOfScope, readOnlyRole, recordNotFound } from './access-problems';

export interface AccessOptions {
  /**
   * Answer 404 rather than 403 when the caller must not learn the record exists (a hub's
   * contacts, a person's placement); 403 is for records whose existence is no secret.
   */
  hideExistence?: boolean;
  /** The detail of the 404, the same as the service's own "not found" for this kind of record. */
  notFoundDetail?: string;
}

/** Throws 403 (or 404 with hideExistence) unless the caller's scope covers the record. */
export function assertCanRead(caller: Caller, position: HierarchyPosition, options: AccessOptions = {}): void {
  if (canRead(caller, position)) return;
  throw options.hideExistence ? recordNotFound(options.notFoundDetail) : outOfScope(caller);
}

/**
 * Throws unless the caller may change the record: 404 with hideExistence when it may not even
 * read it; 403 when it reads it but its role is read-only, or when existence is no secret.
 */
export function assertCanWrite(caller: Caller, position: HierarchyPosition, options: AccessOptions = {}): void {
  if (canWrite(caller, position)) return;
  if (!canRead(caller, position)) throw options.hideExistence ? recordNotFound(options.notFoundDetail) : outOfScope(caller);
  throw readOnlyRole(caller);
}
