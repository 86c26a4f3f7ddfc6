import type { HierarchyPosition } from '@traininghubs/auth';

/** `effective_from` of a footprint whose start is not known (a hub registered without an active-from day). */
export const BEGINNING_OF_RECORDS = '0001-01-01';

/** Where a hub sat from a day on: its ICB and region, until its next footprint. */
export interface HubFootprint {
  effectiveFrom: string;
  icbCode: string;
  regionCode: string;
}

/** The days a hub is active: from its first day, until (not including) the day it stops. */
export interface HubActiveSpan {
  activeFrom: string | null;
  /** First day it no longer operates; null while it operates. */
  activeUntil: string | null;
}

/** The footprint in force on a day (ISO), or undefined before the first one. */
export function footprintOn(footprints: readonly HubFootprint[], day: string): HubFootprint | undefined {
  let found: HubFootprint | undefined;
  for (const footprint of footprints) {
    if (footprint.effectiveFrom <= day && (!found || footprint.effectiveFrom > found.effectiveFrom)) found = footprint;
  }
  return found;
}

/** Whether the hub operates on a day. */
export function isActiveOn(span: HubActiveSpan, day: string): boolean {
  return (span.activeFrom === null || span.activeFrom <= day) && (span.activeUntil === null || day < span.activeUntil);
}

/** Why a record dated `day` cannot belong to the hub, or undefined when it can (for a clear 422). */
export function outsideActiveSpan(hubName: string, span: HubActiveSpan, day: string): string | undefined {
  if (span.activeFrom !== null && day < span.activeFrom) return `${hubName} is active from ${span.activeFrom}: a record dated ${day} is before it`;
  if (span.activeUntil !== null && day >= span.activeUntil) return `${hubName} stopped operating on ${span.activeUntil}: a record dated ${day} is after it`;
  return undefined;
}

export function positionOfFootprint(hubId: string, footprint: HubFootprint): HierarchyPosition {
  return { hubId, icbCode: footprint.icbCode, regionCode: footprint.regionCode };
}
