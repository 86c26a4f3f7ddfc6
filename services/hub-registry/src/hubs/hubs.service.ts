import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { assertCanWrite, recordNotFound, type Caller, type HierarchyPosition } from '@traininghubs/auth';
import { OutboxWriter } from '@traininghubs/messaging';
import { recordAudit } from '@traininghubs/persistence';
import { dayBefore, isCalendarDay } from '../calendar/calendar-day';
import { icbOn, regionOn } from '../organisations/hierarchy/organisation-hierarchy';
import { OrganisationsRepository } from '../organisations/organisations.repository';
import { beforeReferenceData, datesOutOfOrder, hubAlreadySucceeded, hubNotActive, hubRuleBroken, icbAlreadyHasHub, noRecordedSuccession, outsideParentArea, unknownOrganisation } from '../problems/registry-problems';
import { hubContactChanged, hubDeactivated, hubDetails, hubRegistered, hubUpdated } from './hub-events';
import { checkCoveredDay, checkDeactivation, checkFunding, checkIcsHub, checkLocalityHub, checkPeriod, HubRuleViolation, type CoveredOrganisation } from './hub-rules';
import type { DeactivateHubDto, RegisterHubDto, ReplaceContactsDto, UpdateHubDto } from './hubs.dto';
import { HubsRepository, type HubContactRecord, type HubRecord } from './hubs.repository';

export const hubNotFound = (hubId: string) => recordNotFound(`No hub ${hubId}`);

export function positionOf(hub: Pick<HubRecord, 'id' | 'icbCode' | 'regionCode' | 'parentHubId'>): HierarchyPosition {
  return { hubId: hub.id, icbCode: hub.icbCode, regionCode: hub.regionCode };
}

/** The problem+json a broken rule reaches the caller as. */
export function problemOf(violation: HubRuleViolation): Error {
  switch (violation.rule) {
    case 'unknown-organisation':
      return unknownOrganisation(violation.message);
    case 'icb-already-has-hub':
      return icbAlreadyHasHub(violation.message);
    case 'dates-out-of-order':
      return datesOutOfOrder(violation.message);
    case 'hub-not-active':
      return hubNotActive(violation.message);
    case 'no-recorded-succession':
      return noRecordedSuccession(violation.message);
    case 'hub-already-succeeded':
      return hubAlreadySucceeded(violation.message);
    case 'outside-parent-area':
      return outsideParentArea(violation.message);
    case 'before-reference-data':
      return beforeReferenceData(violation.message);
    default:
      return hubRuleBroken(violation.message);
  }
}

function requireDay(field: string, value: string): void {
  if (!isCalendarDay(value)) throw new HubRuleViolation('dates-out-of-order', `${field} ${value} is not a calendar day`);
}

/** Commands on Training Hubs: each one transaction holding the change, its audit entry and its event. */
@Injectable()
export class HubsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly hubs: HubsRepository,
    private readonly organisations: OrganisationsRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  async run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.dataSource.transaction(work);
    } catch (error) {
      if (error instanceof HubRuleViolation) throw problemOf(error);
      if ((error as { constraint?: string }).constraint === 'hub_one_active_ics_hub_per_icb') {
        throw icbAlreadyHasHub('another ICS-level hub for this ICB was registered at the same moment');
      }
      throw error;
    }
  }

  async covered(codes: readonly string[], day: string, manager: EntityManager): Promise<CoveredOrganisation[]> {
    const extract = await this.organisations.extractAbove(codes, manager);
    return codes.map((odsCode) => ({ odsCode, organisation: extract.organisations.get(odsCode), icbCode: icbOn(extract, odsCode, day) }));
  }

  private checkDescription(dto: RegisterHubDto | UpdateHubDto): void {
    checkFunding(dto.funding ?? []);
    checkPeriod('the HEE contract', dto.governance?.contractStart, dto.governance?.contractEnd);
    for (const field of ['contractStart', 'contractEnd'] as const) {
      const value = dto.governance?.[field];
      if (value) requireDay(field, value);
    }
  }

  async register(caller: Caller, dto: RegisterHubDto): Promise<HubRecord> {
    return this.run(async (manager) => {
      requireDay('activeFrom', dto.activeFrom);
      checkCoveredDay('activeFrom', dto.activeFrom);
      this.checkDescription(dto);
      const id = randomUUID();
      let icbCode: string;
      let regionCode: string;
      let parentHubId: string | null = null;
      let covered: string[] = [];
      if (dto.level === 'ics') {
        if (!dto.icbCode) throw new HubRuleViolation('hub-rule-broken', 'an ICS-level hub names the ICB it serves (icbCode)');
        if (dto.parentHubId || dto.coveredOdsCodes?.length) throw new HubRuleViolation('hub-rule-broken', 'an ICS-level hub covers its ICB: give no parentHubId or coveredOdsCodes');
        const extract = await this.organisations.extractAbove([dto.icbCode], manager);
        checkIcsHub(dto.icbCode, extract.organisations.get(dto.icbCode), dto.activeFrom, undefined);
        icbCode = dto.icbCode;
        regionCode = regionOn(extract, icbCode, dto.activeFrom) ?? '';
        assertCanWrite(caller, { icbCode, regionCode });
        await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`ics-hub:${icbCode}`]);
        checkIcsHub(icbCode, extract.organisations.get(icbCode), dto.activeFrom, (await this.hubs.activeIcsHubOf(icbCode, manager)) ?? (await this.hubs.icsHubServingFrom(icbCode, dto.activeFrom, manager)));
        covered = [icbCode];
      } else {
        if (!dto.parentHubId) throw new HubRuleViolation('hub-rule-broken', 'a locality hub names its ICS-level hub (parentHubId)');
        if (dto.icbCode) throw new HubRuleViolation('hub-rule-broken', "a locality hub takes its parent hub's ICB: give no icbCode");
        const parent = await this.hubs.find(dto.parentHubId, manager);
        if (parent) assertCanWrite(caller, positionOf(parent), { hideExistence: true, notFoundDetail: `No hub ${dto.parentHubId}` });
        covered = dto.coveredOdsCodes ?? [];
        checkLocalityHub(dto.parentHubId, parent, await this.covered(covered, dto.activeFrom, manager), dto.activeFrom);
        const p = parent as HubRecord;
        icbCode = p.icbCode;
        regionCode = p.regionCode;
        parentHubId = p.id;
      }
      const hub: HubRecord = {
        id,
        name: dto.name,
        level: dto.level,
        parentHubId,
        icbCode,
        regionCode,
        hostOrganisation: dto.hostOrganisation ?? null,
        websiteUrl: dto.websiteUrl ?? null,
        governance: dto.governance ?? null,
        funding: dto.funding ?? [],
        status: 'active',
        activeFrom: dto.activeFrom,
        deactivatedOn: null,
        deactivationReason: null,
        successorHubIds: [],
        version: 1,
      };
      await this.hubs.insert(manager, hub);
      await this.hubs.coverFrom(manager, id, covered, dto.activeFrom, dayBefore(dto.activeFrom));
      await this.hubs.footprintFrom(manager, id, { icbCode, regionCode, parentHubId }, dto.activeFrom, dayBefore(dto.activeFrom));
      await this.audit(manager, caller, 'hub.registered', id, { ...dto });
      await this.outbox.append(manager, hubRegistered(hub, await this.detailsOf(hub, dto.activeFrom, manager), new Date()));
      return hub;
    });
  }

  async update(caller: Caller, hubId: string, dto: UpdateHubDto): Promise<HubRecord> {
    return this.run(async (manager) => {
      const hub = await this.writable(caller, hubId, manager);
      requireDay('effectiveFrom', dto.effectiveFrom);
      this.checkDescription(dto);
      if (hub.status !== 'active') throw new HubRuleViolation('hub-not-active', `hub "${hub.name}" is inactive and cannot change`);
      if (dto.effectiveFrom < hub.activeFrom) throw new HubRuleViolation('dates-out-of-order', `effectiveFrom ${dto.effectiveFrom} is before the hub became active on ${hub.activeFrom}`);
      await this.checkAfterLastMove(hub, dto.effectiveFrom, 'change', manager);
      if (dto.coveredOdsCodes) {
        if (hub.level !== 'locality') throw new HubRuleViolation('hub-rule-broken', 'an ICS-level hub covers its ICB; only a locality hub lists PCNs or practices');
        const parent = await this.hubs.find(hub.parentHubId as string, manager);
        checkLocalityHub(hub.parentHubId as string, parent, await this.covered(dto.coveredOdsCodes, dto.effectiveFrom, manager), dto.effectiveFrom);
        await this.hubs.coverFrom(manager, hub.id, dto.coveredOdsCodes, dto.effectiveFrom, dayBefore(dto.effectiveFrom));
      }
      const updated: HubRecord = {
        ...hub,
        name: dto.name ?? hub.name,
        hostOrganisation: dto.hostOrganisation ?? hub.hostOrganisation,
        websiteUrl: dto.websiteUrl ?? hub.websiteUrl,
        governance: dto.governance ?? hub.governance,
        funding: dto.funding ?? hub.funding,
        version: hub.version + 1,
      };
      await this.hubs.update(manager, updated);
      await this.audit(manager, caller, 'hub.updated', hub.id, { ...dto });
      await this.outbox.append(manager, hubUpdated(updated, await this.detailsOf(updated, dto.effectiveFrom, manager), dto.effectiveFrom, new Date()));
      return updated;
    });
  }

  async deactivate(caller: Caller, hubId: string, dto: DeactivateHubDto): Promise<HubRecord> {
    return this.run(async (manager) => {
      const hub = await this.writable(caller, hubId, manager);
      requireDay('effectiveDate', dto.effectiveDate);
      checkDeactivation(hub, dto.effectiveDate);
      await this.checkAfterLastMove(hub, dto.effectiveDate, 'stop', manager, true);
      const successors = dto.successorHubIds ?? [];
      for (const successorId of successors) {
        if (successorId === hub.id) throw new HubRuleViolation('hub-rule-broken', 'a hub cannot succeed itself');
        if (!(await this.hubs.find(successorId, manager))) throw new HubRuleViolation('hub-rule-broken', `successor hub ${successorId} does not exist`);
      }
      const children = (await manager.query(`SELECT name FROM hub WHERE parent_hub_id = $1 AND status = 'active'`, [hub.id])) as Array<{ name: string }>;
      if (children.length > 0) {
        throw new HubRuleViolation('hub-rule-broken', `hub "${hub.name}" still has active locality hubs (${children.map((c) => c.name).join(', ')}); deactivate them first`);
      }
      const deactivated: HubRecord = {
        ...hub,
        status: 'inactive',
        deactivatedOn: dto.effectiveDate,
        deactivationReason: dto.reason,
        successorHubIds: successors,
        version: hub.version + 1,
      };
      await this.hubs.update(manager, deactivated);
      await this.hubs.endCoverage(manager, hub.id, dayBefore(dto.effectiveDate));
      await this.hubs.endFootprint(manager, hub.id, dayBefore(dto.effectiveDate));
      await this.audit(manager, caller, 'hub.deactivated', hub.id, { ...dto });
      await this.outbox.append(manager, hubDeactivated(deactivated, dto.effectiveDate, dto.reason, successors, new Date()));
      return deactivated;
    });
  }

  async replaceContacts(caller: Caller, hubId: string, dto: ReplaceContactsDto): Promise<HubContactRecord[]> {
    return this.run(async (manager) => {
      const hub = await this.writable(caller, hubId, manager);
      const roles = dto.contacts.map((c) => c.role);
      const repeated = roles.find((r, i) => roles.indexOf(r) !== i);
      if (repeated) throw new HubRuleViolation('hub-rule-broken', `the role ${repeated} is listed twice; a hub publishes one contact per role`);
      const contacts: HubContactRecord[] = dto.contacts.map((c) => ({ role: c.role, displayName: c.displayName, email: c.email, telephone: c.telephone ?? null }));
      const at = new Date();
      await this.hubs.replaceContacts(manager, hub.id, contacts, at, caller.subject);
      const updated = { ...hub, version: hub.version + 1 };
      await manager.query('UPDATE hub SET version = $2, updated_at = now() WHERE id = $1', [hub.id, updated.version]);
      await this.audit(manager, caller, 'hub.contacts_replaced', hub.id, { contacts });
      await this.outbox.append(manager, hubContactChanged(updated, contacts, at));
      return contacts;
    });
  }

  /**
   * A hub that moved (followed an ICB succession or joined another parent) describes itself from
   * the day it moved: a change dated earlier would rewrite where it worked before.
   */
  private async checkAfterLastMove(hub: HubRecord, day: string, what: 'change' | 'stop', manager: EntityManager, strictly = false): Promise<void> {
    const moved = (await this.hubs.footprints(hub.id, manager)).at(-1);
    if (!moved || moved.validFrom <= hub.activeFrom) return;
    if (day < moved.validFrom || (strictly && day === moved.validFrom)) {
      throw new HubRuleViolation(
        'dates-out-of-order',
        `hub "${hub.name}" has served ICB ${moved.icbCode} since ${moved.validFrom}; it cannot ${what} on ${day}, ${strictly ? 'on or ' : ''}before that day`,
      );
    }
  }

  private async writable(caller: Caller, hubId: string, manager: EntityManager): Promise<HubRecord> {
    const hub = await this.hubs.find(hubId, manager, true);
    if (!hub) throw hubNotFound(hubId);
    assertCanWrite(caller, positionOf(hub), { hideExistence: true, notFoundDetail: `No hub ${hubId}` });
    return hub;
  }

  async detailsOf(hub: HubRecord, day: string, manager: EntityManager) {
    const icb = await this.organisations.find(hub.icbCode, manager);
    const coverage = hub.level === 'locality' ? await this.hubs.coverageOn(hub.id, day, manager) : [];
    const kinds = await this.organisations.findMany(coverage, manager);
    return hubDetails(hub, icb?.name ?? '', coverage.filter((c) => kinds.get(c)?.kind === 'pcn'));
  }

  async audit(manager: EntityManager, caller: Caller, action: string, hubId: string, changes: Record<string, unknown>): Promise<void> {
    await recordAudit(manager, {
      actor: caller.subject,
      actorRole: caller.role,
      action,
      entityType: 'hub',
      entityId: hubId,
      changes,
    });
  }
}
