import { create } from '@bufbuild/protobuf';
import {
  HubContactChangedSchema,
  HubContactRole,
  HubContactSchema,
  HubDeactivatedSchema,
  HubDeactivationReason,
  HubDetailsSchema,
  HubLevel,
  HubRegisteredSchema,
  HubUpdatedSchema,
  localDateFromIso,
  OrganisationRefSchema,
  OrganisationType,
  topics,
  type HubDetails,
} from '@traininghubs/contracts';
import type { OutboxEvent } from '@traininghubs/messaging';
import type { ContactRole, DeactivationReason } from './hubs.dto';
import type { HubRecord, HubContactRecord } from './hubs.repository';

export const HUB_REGISTERED = 'uk.nhs.traininghubs.hubregistry.hub_registered.v1';
export const HUB_UPDATED = 'uk.nhs.traininghubs.hubregistry.hub_updated.v1';
export const HUB_CONTACT_CHANGED = 'uk.nhs.traininghubs.hubregistry.hub_contact_changed.v1';
export const HUB_DEACTIVATED = 'uk.nhs.traininghubs.hubregistry.hub_deactivated.v1';

const CONTACT_ROLES: Readonly<Record<ContactRole, HubContactRole>> = {
  general_enquiries: HubContactRole.GENERAL_ENQUIRIES,
  hub_lead: HubContactRole.HUB_LEAD,
  clinical_lead: HubContactRole.CLINICAL_LEAD,
  placements_lead: HubContactRole.PLACEMENTS_LEAD,
  workforce_lead: HubContactRole.WORKFORCE_LEAD,
  education_lead: HubContactRole.EDUCATION_LEAD,
  kpi_returns: HubContactRole.KPI_RETURNS,
};

const REASONS: Readonly<Record<DeactivationReason, HubDeactivationReason>> = {
  merged: HubDeactivationReason.MERGED,
  split: HubDeactivationReason.SPLIT,
  closed: HubDeactivationReason.CLOSED,
  registered_in_error: HubDeactivationReason.REGISTERED_IN_ERROR,
};

/** The complete description of a hub that consumers' hub directories keep (name, level, ICB, region, parent always filled). */
export function hubDetails(hub: HubRecord, icbName: string, pcnOdsCodes: readonly string[]): HubDetails {
  return create(HubDetailsSchema, {
    name: hub.name,
    level: hub.level === 'ics' ? HubLevel.ICS : HubLevel.LOCALITY,
    parentHubId: hub.parentHubId ?? '',
    icb: create(OrganisationRefSchema, { odsCode: hub.icbCode, name: icbName, type: OrganisationType.ICB }),
    regionOdsCode: hub.regionCode,
    hostOrganisation: hub.hostOrganisation ? create(OrganisationRefSchema, { odsCode: hub.hostOrganisation.odsCode, name: hub.hostOrganisation.name }) : undefined,
    pcnOdsCodes: [...pcnOdsCodes],
    websiteUrl: hub.websiteUrl ?? '',
  });
}

function hubEvent(hub: HubRecord, type: string, message: unknown, occurredAt: Date): OutboxEvent {
  return { topic: topics.hub.name, key: hub.id, aggregateType: 'hub', aggregateId: hub.id, aggregateVersion: hub.version, type, message, occurredAt };
}

export function hubRegistered(hub: HubRecord, details: HubDetails, at: Date): OutboxEvent {
  return hubEvent(hub, HUB_REGISTERED, create(HubRegisteredSchema, { hubId: hub.id, details, activeFrom: localDateFromIso(hub.activeFrom) }), at);
}

export function hubUpdated(hub: HubRecord, details: HubDetails, effectiveFrom: string, at: Date): OutboxEvent {
  return hubEvent(hub, HUB_UPDATED, create(HubUpdatedSchema, { hubId: hub.id, details, effectiveFrom: localDateFromIso(effectiveFrom) }), at);
}

export function hubContactChanged(hub: HubRecord, contacts: readonly HubContactRecord[], at: Date): OutboxEvent {
  return hubEvent(
    hub,
    HUB_CONTACT_CHANGED,
    create(HubContactChangedSchema, {
      hubId: hub.id,
      contacts: contacts.map((c) => create(HubContactSchema, { role: CONTACT_ROLES[c.role], displayName: c.displayName, email: c.email, telephone: c.telephone ?? '' })),
    }),
    at,
  );
}

export function hubDeactivated(hub: HubRecord, effectiveDate: string, reason: DeactivationReason, successorHubIds: readonly string[], at: Date): OutboxEvent {
  return hubEvent(
    hub,
    HUB_DEACTIVATED,
    create(HubDeactivatedSchema, { hubId: hub.id, effectiveDate: localDateFromIso(effectiveDate), reason: REASONS[reason], successorHubIds: [...successorHubIds] }),
    at,
  );
}
