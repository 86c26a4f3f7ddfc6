import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Caller } from '@traininghubs/auth';
import { OutboxWriter } from '@traininghubs/messaging';
import { dayBefore, isCalendarDay } from '../../calendar/calendar-day';
import { regionOn } from '../../organisations/hierarchy/organisation-hierarchy';
import type { Succession } from '../../organisations/organisation-kind';
import { OrganisationsRepository } from '../../organisations/organisations.repository';
import { hubDeactivated, hubUpdated } from '../hub-events';
import { HubRuleViolation, type HubSummary } from '../hub-rules';
import { HubsRepository, type HubRecord } from '../hubs.repository';
import { hubNotFound, HubsService } from '../hubs.service';
import { planHubSuccession, soleWhollyPassingSuccessor, successorsOf, unambiguousFollower, type HubSuccessionPlan, type HubSuccessionRequest } from './hub-succession';

/** Who the registry acts as when a hub follows a recorded succession on its own. */
export const REFERENCE_DATA_ACTOR: Caller = { subject: 'hub-registry:reference-data', role: 'national', scope: { kind: 'national' } };

export interface HubSuccessionOutcome {
  plan: HubSuccessionPlan;
  /** The hub after the succession (re-parented, or deactivated when merged). */
  hub: HubRecord;
  /** Locality hubs that moved with it. */
  localityHubs: HubRecord[];
}

export interface PendingHubSuccession {
  hubId: string;
  name: string;
  icbCode: string;
  successors: Array<{ icbCode: string; effectiveDate: string; kind: Succession['kind']; servedByHubId: string | null }>;
}

const ALL_SUCCESSIONS = `SELECT predecessor_code AS "predecessorCode", successor_code AS "successorCode", effective_date::text AS "effectiveDate", kind,
  predecessor_closes AS "predecessorCloses", successor_is_new AS "successorIsNew" FROM organisation_succession ORDER BY effective_date, successor_code, predecessor_code`;

/**
 * Hubs following ICB successions: re-parented onto the successor ICB or merged into its hub, with
 * their locality hubs, in one transaction with the audit entries and HubUpdated / HubDeactivated.
 */
@Injectable()
export class HubSuccessionService {
  private readonly logger = new Logger('HubSuccession');

  constructor(
    private readonly hubs: HubsRepository,
    private readonly organisations: OrganisationsRepository,
    private readonly commands: HubsService,
    private readonly outbox: OutboxWriter,
  ) {}

  /** POST /hubs/{hubId}/succeed. */
  succeed(caller: Caller, hubId: string, request: HubSuccessionRequest): Promise<HubSuccessionOutcome> {
    return this.commands.run(async (manager) => {
      if (!isCalendarDay(request.effectiveFrom)) throw new HubRuleViolation('dates-out-of-order', `effectiveFrom ${request.effectiveFrom} is not a calendar day`);
      const hub = await this.hubs.find(hubId, manager, true);
      if (!hub) throw hubNotFound(hubId);
      return this.apply(manager, caller, hub, request);
    });
  }

  /**
   * What happens on its own once successions are recorded (at every start, after the reference
   * data is loaded): a successor ICB with no ICS-level hub, whose predecessors that passed wholly
   * to it have exactly one active ICS-level hub between them, gets that hub re-parented. Anything
   * else (several hubs, a divided ICB, locality hubs outside the successor) waits for the command.
   */
  async followRecordedSuccessions(manager: EntityManager, recorded?: readonly Succession[]): Promise<number> {
    const successions = recorded ?? ((await manager.query(ALL_SUCCESSIONS)) as Succession[]);
    const active = (await manager.query(`SELECT id, name, level, icb_code AS "icbCode", status FROM hub WHERE level = 'ics' AND status = 'active'`)) as HubSummary[];
    const byIcb = new Map<string, HubSummary[]>();
    for (const h of active) byIcb.set(h.icbCode, [...(byIcb.get(h.icbCode) ?? []), h]);
    let followed = 0;
    const successors = [...new Set(successions.map((s) => `${s.successorCode}|${s.effectiveDate}`))];
    for (const key of successors) {
      const [successorCode, day] = key.split('|');
      const hasHub = (await this.hubs.icsHubOn(successorCode, day, manager)) !== undefined || (byIcb.get(successorCode)?.length ?? 0) > 0;
      const follower = unambiguousFollower(successorCode, successions.filter((s) => s.effectiveDate === day), byIcb, hasHub);
      if (!follower) continue;
      const hub = (await this.hubs.find(follower.id, manager, true)) as HubRecord;
      try {
        await manager.query('SAVEPOINT hub_follows');
        await this.apply(manager, REFERENCE_DATA_ACTOR, hub, { successorIcbCode: successorCode, effectiveFrom: day });
        await manager.query('RELEASE SAVEPOINT hub_follows');
        followed++;
        byIcb.set(successorCode, [{ ...follower, icbCode: successorCode }]);
      } catch (error) {
        await manager.query('ROLLBACK TO SAVEPOINT hub_follows');
        if (!(error instanceof HubRuleViolation)) throw error;
        this.logger.warn(`hub "${hub.name}" does not follow ICB ${successorCode} on its own: ${error.message}`);
      }
    }
    return followed;
  }

  /**
   * After an ICS-level hub is registered for an ICB that has since been succeeded (a hub whose
   * record starts before the change): if its ICB was the only one to pass wholly to a new ICB
   * (`soleWhollyPassingSuccessor`), it follows at once by the rules applied at start, instead of
   * at the next start. Its own transaction, after the registration committed; a hub that does not
   * follow stays listed in `pending` for the command. Returns the hub as it is afterwards.
   */
  async followAfterRegistration(hub: HubRecord): Promise<HubRecord> {
    if (hub.level !== 'ics') return hub;
    return this.commands.run(async (manager) => {
      const successions = (await manager.query(ALL_SUCCESSIONS)) as Succession[];
      if (!soleWhollyPassingSuccessor(hub.icbCode, successions)) return hub;
      await this.followRecordedSuccessions(manager, successions);
      return (await this.hubs.find(hub.id, manager)) ?? hub;
    });
  }

  /**
   * Active ICS-level hubs still serving an ICB that has been succeeded: what the national team has
   * left to decide, with each successor and the hub serving it on the succession day (if any).
   */
  async pending(manager: EntityManager): Promise<PendingHubSuccession[]> {
    const rows = (await manager.query(
      `SELECT h.id AS "hubId", h.name, h.icb_code AS "icbCode", s.successor_code AS "successorIcbCode", s.effective_date::text AS "effectiveDate", s.kind
         FROM hub h JOIN organisation_succession s ON s.predecessor_code = h.icb_code
        WHERE h.level = 'ics' AND h.status = 'active'
        ORDER BY h.name, h.id, s.successor_code`,
    )) as Array<{ hubId: string; name: string; icbCode: string; successorIcbCode: string; effectiveDate: string; kind: Succession['kind'] }>;
    const pending = new Map<string, PendingHubSuccession>();
    for (const row of rows) {
      const entry = pending.get(row.hubId) ?? { hubId: row.hubId, name: row.name, icbCode: row.icbCode, successors: [] };
      const serving = await this.hubs.icsHubOn(row.successorIcbCode, row.effectiveDate, manager);
      entry.successors.push({ icbCode: row.successorIcbCode, effectiveDate: row.effectiveDate, kind: row.kind, servedByHubId: serving?.id ?? null });
      pending.set(row.hubId, entry);
    }
    return [...pending.values()];
  }

  private async apply(manager: EntityManager, caller: Caller, hub: HubRecord, request: HubSuccessionRequest): Promise<HubSuccessionOutcome> {
    const day = request.effectiveFrom;
    const successor = request.successorIcbCode;
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`ics-hub:${successor}`]);
    const successions = await this.organisations.successionsOf(hub.icbCode, manager);
    const children = await this.hubs.activeChildren(hub.id, manager);
    const localityHubs = [];
    for (const child of children) localityHubs.push({ hub: child, covered: await this.commands.covered(await this.hubs.coverageOn(child.id, day, manager), day, manager) });
    const hubOfSuccessor = (await this.hubs.icsHubOn(successor, day, manager)) ?? (await this.hubs.activeIcsHubOf(successor, manager));
    let mergeInto: { hub: HubRecord | undefined; icbOnDay: string | undefined } | undefined;
    if (request.mergeInto !== undefined) {
      const target = await this.hubs.find(request.mergeInto, manager);
      mergeInto = { hub: target, icbOnDay: target ? (await this.hubs.footprintOn(target.id, day, manager))?.icbCode : undefined };
    }
    const hubsOfOtherSuccessors: string[] = [];
    for (const other of successorsOf(successions, hub.icbCode).filter((code) => code !== successor)) {
      const serving = await this.hubs.icsHubOn(other, day, manager);
      if (serving) hubsOfOtherSuccessors.push(serving.id);
    }
    const plan = planHubSuccession(request, {
      hub,
      successions: successions.filter((s) => s.predecessorCode === hub.icbCode),
      successorIcb: await this.organisations.find(successor, manager),
      hubOfSuccessor: hubOfSuccessor?.id === hub.id ? undefined : hubOfSuccessor,
      mergeInto,
      hubsOfOtherSuccessors,
      localityHubs,
    });

    const extract = await this.organisations.extractAbove([successor], manager);
    const regionCode = regionOn(extract, successor, day) ?? hub.regionCode;
    const at = new Date();
    const lastDay = dayBefore(day);
    const parentOfLocalities = plan.kind === 're-parent' ? hub.id : plan.intoHubId;

    // Locality hubs move first, so a merged hub has none left when it stops.
    const moved: HubRecord[] = [];
    for (const child of children) {
      const updated: HubRecord = { ...child, icbCode: successor, regionCode, parentHubId: parentOfLocalities, version: child.version + 1 };
      await this.hubs.update(manager, updated);
      await this.hubs.footprintFrom(manager, child.id, { icbCode: successor, regionCode, parentHubId: parentOfLocalities }, day, lastDay);
      await this.commands.audit(manager, caller, 'hub.followed_succession', child.id, { successorIcbCode: successor, effectiveFrom: day, parentHubId: parentOfLocalities, from: { icbCode: child.icbCode, parentHubId: child.parentHubId } });
      await this.outbox.append(manager, hubUpdated(updated, await this.commands.detailsOf(updated, day, manager), day, at));
      moved.push(updated);
    }

    let after: HubRecord;
    if (plan.kind === 're-parent') {
      after = { ...hub, icbCode: successor, regionCode, version: hub.version + 1 };
      await this.hubs.update(manager, after);
      await this.hubs.coverFrom(manager, hub.id, [successor], day, lastDay);
      await this.hubs.footprintFrom(manager, hub.id, { icbCode: successor, regionCode, parentHubId: null }, day, lastDay);
      await this.commands.audit(manager, caller, 'hub.followed_succession', hub.id, { successorIcbCode: successor, effectiveFrom: day, from: { icbCode: hub.icbCode, regionCode: hub.regionCode } });
      await this.outbox.append(manager, hubUpdated(after, await this.commands.detailsOf(after, day, manager), day, at));
    } else {
      after = { ...hub, status: 'inactive', deactivatedOn: day, deactivationReason: plan.reason, successorHubIds: plan.successorHubIds, version: hub.version + 1 };
      await this.hubs.update(manager, after);
      await this.hubs.endCoverage(manager, hub.id, lastDay);
      await this.hubs.endFootprint(manager, hub.id, lastDay);
      await this.commands.audit(manager, caller, 'hub.merged_on_succession', hub.id, { successorIcbCode: successor, effectiveFrom: day, mergeInto: plan.intoHubId, reason: plan.reason, successorHubIds: plan.successorHubIds });
      await this.outbox.append(manager, hubDeactivated(after, day, plan.reason, plan.successorHubIds, at));
    }
    return { plan, hub: after, localityHubs: moved };
  }
}
