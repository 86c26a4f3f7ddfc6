import type { EntityManager } from 'typeorm';
import { londonDateOf } from '@traininghubs/calendar';
import { HubLevel, localDateToIso, type HubDeactivated, type HubDetails, type HubRegistered, type HubUpdated, type LocalDate } from '@traininghubs/contracts';
import { PermanentEventError, type ReceivedEvent } from '@traininghubs/messaging';
import { HubDirectoryEntryEntity, HubDirectoryFootprintEntity } from './hub-directory-entry.entity';
import { BEGINNING_OF_RECORDS } from './hub-footprint';

export const HUB_TOPIC = 'traininghubs.hubregistry.hub.v1';
export const HUB_REGISTERED = 'uk.nhs.traininghubs.hubregistry.hub_registered.v1';
export const HUB_UPDATED = 'uk.nhs.traininghubs.hubregistry.hub_updated.v1';
export const HUB_DEACTIVATED = 'uk.nhs.traininghubs.hubregistry.hub_deactivated.v1';

/** The directory entry a hub's details describe; a hub without an ICB or region is refused. */
export function entryFrom(hubId: string, details: HubDetails | undefined, active: boolean, at: Date): HubDirectoryEntryEntity {
  const icbCode = details?.icb?.odsCode;
  if (!details || !details.name || !icbCode || !details.regionOdsCode) {
    throw new PermanentEventError(`hub ${hubId}: the event names no hub name, ICB or region`);
  }
  return Object.assign(new HubDirectoryEntryEntity(), {
    hubId,
    name: details.name,
    level: details.level === HubLevel.LOCALITY ? 'locality' : 'ics',
    parentHubId: details.parentHubId || null,
    icbCode,
    regionCode: details.regionOdsCode,
    active,
    updatedAt: at,
  });
}

function dayOf(hubId: string, field: string, date: LocalDate | undefined): string | undefined {
  if (!date) return undefined;
  try {
    return localDateToIso(date);
  } catch (error) {
    throw new PermanentEventError(`hub ${hubId}: ${field} is not a real day`, { cause: error });
  }
}

/** Records where the hub sits from a day on (a later event for the same day replaces it). */
async function recordFootprint(manager: EntityManager, entry: HubDirectoryEntryEntity, effectiveFrom: string): Promise<void> {
  await manager.upsert(
    HubDirectoryFootprintEntity,
    { hubId: entry.hubId, effectiveFrom, icbCode: entry.icbCode, regionCode: entry.regionCode },
    ['hubId', 'effectiveFrom'],
  );
}

/** Handlers of the hub stream, each applied in the consumer's transaction. */
export const hubDirectoryHandlers = {
  [HUB_REGISTERED]: async (event: ReceivedEvent<HubRegistered>, manager: EntityManager) => {
    const activeFrom = dayOf(event.payload.hubId, 'active_from', event.payload.activeFrom) ?? null;
    const entry = Object.assign(entryFrom(event.payload.hubId, event.payload.details, true, event.envelope.time), { activeFrom, activeUntil: null });
    await manager.save(entry);
    await recordFootprint(manager, entry, activeFrom ?? BEGINNING_OF_RECORDS);
  },
  [HUB_UPDATED]: async (event: ReceivedEvent<HubUpdated>, manager: EntityManager) => {
    const existing = await manager.findOneBy(HubDirectoryEntryEntity, { hubId: event.payload.hubId });
    const entry = Object.assign(entryFrom(event.payload.hubId, event.payload.details, existing?.active ?? true, event.envelope.time), {
      activeFrom: existing?.activeFrom ?? null,
      activeUntil: existing?.activeUntil ?? null,
    });
    await manager.save(entry);
    const effectiveFrom = dayOf(event.payload.hubId, 'effective_from', event.payload.effectiveFrom) ?? londonDateOf(event.envelope.time);
    await recordFootprint(manager, entry, effectiveFrom);
  },
  [HUB_DEACTIVATED]: async (event: ReceivedEvent<HubDeactivated>, manager: EntityManager) => {
    const activeUntil = dayOf(event.payload.hubId, 'effective_date', event.payload.effectiveDate) ?? londonDateOf(event.envelope.time);
    await manager.update(HubDirectoryEntryEntity, { hubId: event.payload.hubId }, { active: false, activeUntil, updatedAt: event.envelope.time });
  },
};
