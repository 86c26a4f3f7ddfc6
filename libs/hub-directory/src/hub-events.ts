import type { EntityManager } from 'typeorm';
import { HubLevel, type HubDeactivated, type HubDetails, type HubRegistered, type HubUpdated } from '@traininghubs/contracts';
import { PermanentEventError, type ReceivedEvent } from '@traininghubs/messaging';
import { HubDirectoryEntryEntity } from './hub-directory-entry.entity';

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

/** Handlers of the hub stream, each applied in the consumer's transaction. */
export const hubDirectoryHandlers = {
  [HUB_REGISTERED]: async (event: ReceivedEvent<HubRegistered>, manager: EntityManager) => {
    await manager.save(entryFrom(event.payload.hubId, event.payload.details, true, event.envelope.time));
  },
  [HUB_UPDATED]: async (event: ReceivedEvent<HubUpdated>, manager: EntityManager) => {
    const existing = await manager.findOneBy(HubDirectoryEntryEntity, { hubId: event.payload.hubId });
    await manager.save(entryFrom(event.payload.hubId, event.payload.details, existing?.active ?? true, event.envelope.time));
  },
  [HUB_DEACTIVATED]: async (event: ReceivedEvent<HubDeactivated>, manager: EntityManager) => {
    await manager.update(HubDirectoryEntryEntity, { hubId: event.payload.hubId }, { active: false, updatedAt: event.envelope.time });
  },
};
