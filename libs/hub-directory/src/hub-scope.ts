import { Injectable, ServiceUnavailableException, UnprocessableEntityException } from '@nestjs/common';
import { assertCanRead, assertCanWrite, type Caller, type HierarchyPosition } from '@traininghubs/auth';
import type { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { HubDirectory } from './hub-directory';
import { outsideActiveSpan } from './hub-footprint';

/**
 * Scope checks of a service's records that belong to a Training Hub, from the service's own hub
 * directory: may this caller read or change a hub's record, and which rows may it list. Inside a
 * transaction pass its manager: a check that took a second pooled connection while the
 * transaction holds row locks would, under load, wait for a connection that only the waiting
 * transactions can free (and answer with a pool timeout).
 */
@Injectable()
export class HubScope {
  constructor(
    private readonly hubs: Pick<HubDirectory, 'positionOf' | 'on'>,
    private readonly options: HubScopeOptions = {},
  ) {}

  /**
   * Where a hub sits, for a new record of it. A hub registered moments ago may not have reached
   * this service's directory yet (its HubRegistered event is on its way): outside a transaction
   * the check waits a bounded time for it; then, or at once inside a transaction (which must not
   * hold its locks while waiting), it answers 503 with Retry-After, never a refusal that looks final.
   */
  async knownHub(hubId: string, manager?: EntityManager): Promise<HierarchyPosition> {
    const position = await this.awaitHub(() => this.hubs.positionOf(hubId, manager), manager);
    if (!position) throw hubNotKnownYet(hubId);
    return position;
  }

  /**
   * Where a hub sat on the day a record happened, for a record about that day (a recruit's start,
   * a placement's fill): the record is judged by that day's facts, not today's. 422 when the hub is
   * unknown, or when the day is outside the days it operates.
   */
  async knownHubOn(hubId: string, day: string, manager?: EntityManager): Promise<HierarchyPosition> {
    const hub = await this.awaitHub(() => this.hubs.on(hubId, day, manager), manager);
    if (!hub) throw hubNotKnownYet(hubId);
    const outside = outsideActiveSpan(hub.name, hub.span, day);
    if (outside || !hub.position) {
      throw new UnprocessableEntityException({
        type: 'https://traininghubs.nhs.uk/problems/outside-hub-active-span',
        title: 'Outside the days the hub operates',
        detail: outside ?? `${hub.name} has no recorded footprint on ${day}`,
        code: 'outside-hub-active-span',
      });
    }
    return hub.position;
  }

  async assertCanWrite(caller: Caller, hubId: string, notFoundDetail: string, manager?: EntityManager): Promise<void> {
    const position = (await this.hubs.positionOf(hubId, manager)) ?? { hubId };
    assertCanWrite(caller, position, { hideExistence: true, notFoundDetail });
  }

  async assertCanRead(caller: Caller, hubId: string, notFoundDetail: string, manager?: EntityManager): Promise<void> {
    const position = (await this.hubs.positionOf(hubId, manager)) ?? { hubId };
    assertCanRead(caller, position, { hideExistence: true, notFoundDetail });
  }

  private async awaitHub<T>(read: () => Promise<T | undefined>, manager: EntityManager | undefined): Promise<T | undefined> {
    const deadline = Date.now() + (manager ? 0 : (this.options.unknownHubWaitMs ?? UNKNOWN_HUB_WAIT_MS));
    for (;;) {
      const found = await read();
      if (found || Date.now() >= deadline) return found;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Narrows a list query (rows with a hub_id column) to the hubs the caller's scope covers. */
  restrict<T extends ObjectLiteral>(query: SelectQueryBuilder<T>, caller: Caller, alias: string): SelectQueryBuilder<T> {
    const scope = caller.scope;
    switch (scope.kind) {
      case 'national':
        return query;
      case 'hub':
        return query.andWhere(`${alias}.hub_id = :scopeHubId`, { scopeHubId: scope.hubId });
      case 'icb':
        return query.andWhere(`${alias}.hub_id IN (SELECT hub_id FROM hub_directory WHERE icb_code = :scopeCode)`, { scopeCode: scope.code });
      case 'region':
        return query.andWhere(`${alias}.hub_id IN (SELECT hub_id FROM hub_directory WHERE region_code = :scopeCode)`, { scopeCode: scope.code });
    }
  }
}

export interface HubScopeOptions {
  /** How long a check outside a transaction waits for a hub not yet in the directory (2 s). */
  unknownHubWaitMs?: number;
}

export const UNKNOWN_HUB_WAIT_MS = 2_000;
const RETRY_AFTER_SECONDS = 2;

function hubNotKnownYet(hubId: string): ServiceUnavailableException {
  return new ServiceUnavailableException({
    type: 'https://traininghubs.nhs.uk/problems/hub-not-known-yet',
    title: 'The Training Hub is not known here yet',
    detail: `Training Hub ${hubId} has not reached this service yet. If it was registered in hub-registry moments ago, retry shortly; a hub that was never registered keeps getting this answer.`,
    code: 'hub-not-known-yet',
    retryAfterSeconds: RETRY_AFTER_SECONDS,
  });
}
