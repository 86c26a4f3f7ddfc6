import { Injectable, UnprocessableEntityException } from '@nestjs/common';
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
  constructor(private readonly hubs: Pick<HubDirectory, 'positionOf' | 'on'>) {}

  /** Where a hub sits; a hub this service has not heard of cannot take new records (422). */
  async knownHub(hubId: string, manager?: EntityManager): Promise<HierarchyPosition> {
    const position = await this.hubs.positionOf(hubId, manager);
    if (!position) throw unknownHub(hubId);
    return position;
  }

  /**
   * Where a hub sat on the day a record happened, for a record about that day (a recruit's start,
   * a placement's fill): the record is judged by that day's facts, not today's. 422 when the hub is
   * unknown, or when the day is outside the days it operates.
   */
  async knownHubOn(hubId: string, day: string, manager?: EntityManager): Promise<HierarchyPosition> {
    const hub = await this.hubs.on(hubId, day, manager);
    if (!hub) throw unknownHub(hubId);
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

function unknownHub(hubId: string): UnprocessableEntityException {
  return new UnprocessableEntityException({
    type: 'https://traininghubs.nhs.uk/problems/unknown-hub',
    title: 'Unknown Training Hub',
    detail: `No Training Hub ${hubId} is known here; register it in hub-registry first.`,
    code: 'unknown-hub',
  });
}
