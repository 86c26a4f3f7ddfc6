import type { Caller } from '@traininghubs/auth';

/**
 * The SQL condition that keeps a list to the caller's scope, for a query that joins the hub
 * directory as `hd` and has the record's hub id in `hubColumn`. Parameters are appended to `params`.
 */
export function scopeCondition(caller: Caller, hubColumn: string, params: unknown[]): string {
  const scope = caller.scope;
  switch (scope.kind) {
    case 'national':
      return 'TRUE';
    case 'region':
      params.push(scope.code);
      return `hd.region_code = $${params.length}`;
    case 'icb':
      params.push(scope.code);
      return `hd.icb_code = $${params.length}`;
    case 'hub':
      params.push(scope.hubId);
      return `${hubColumn} = $${params.length}`;
  }
}
