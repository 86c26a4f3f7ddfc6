import { isReadOnlyRole, type Caller, type CallerScope } from '../caller/caller';

/**
 * Where a record sits in the NHS England hierarchy: the hub it belongs to, that hub's ICB and the
 * ICB's region. A service states every level it knows; a level it leaves out is never matched,
 * so a region caller sees a hub's record only when the service says which region it is in.
 */
export interface HierarchyPosition {
  hubId?: string;
  icbCode?: string;
  regionCode?: string;
}

/**
 * Whether a scope covers a record: national covers everything; a region its ICBs' records; an ICB
 * its hubs' records; a hub its own. A record with no position (a national roll-up) is national only.
 */
export function scopeCovers(scope: CallerScope, position: HierarchyPosition): boolean {
  switch (scope.kind) {
    case 'national':
      return true;
    case 'region':
      return position.regionCode !== undefined && position.regionCode === scope.code;
    case 'icb':
      return position.icbCode !== undefined && position.icbCode === scope.code;
    case 'hub':
      return position.hubId !== undefined && position.hubId === scope.hubId;
  }
}

/** A caller reads the records its scope covers, whatever its role. */
export function canRead(caller: Caller, position: HierarchyPosition): boolean {
  return scopeCovers(caller.scope, position);
}

/** A caller changes the records its scope covers, unless its role is read-only (analysts). */
export function canWrite(caller: Caller, position: HierarchyPosition): boolean {
  return !isReadOnlyRole(caller.role) && scopeCovers(caller.scope, position);
}
