import { Injectable } from '@nestjs/common';
import { assertCanRead, assertCanWrite, canRead, recordNotFound, type Caller, type HierarchyPosition } from '@traininghubs/auth';
import type { EntityManager } from 'typeorm';
import { HubDirectory, HubDirectoryEntryEntity, HubScope } from '@traininghubs/hub-directory';

/**
 * Scope checks of catalogue records: a record belongs to a hub; the hub directory says where the
 * hub sits. Inside a transaction pass its manager, so the check does not need a second pooled
 * connection while the transaction holds a row lock.
 */
@Injectable()
export class CatalogueAccess {
  constructor(
    private readonly hubs: HubDirectory,
    private readonly hubScope: HubScope,
  ) {}

  /**
   * Where a hub sits, for a new record of it. A hub registered moments ago may not be here yet:
   * the check waits a bounded time, then answers 503 with Retry-After (HubScope.knownHub).
   */
  positionOfKnownHub(hubId: string): Promise<HierarchyPosition> {
    return this.hubScope.knownHub(hubId);
  }

  /**
   * Where a hub sat on the London day (ISO) a record happened, for a record about that day (a
   * session entered after it took place): judged by that day's facts. 422 `outside-hub-active-span`
   * when the day is before the hub operated or after it stopped, 503 for a hub not known here (yet).
   */
  positionOfHubOn(hubId: string, day: string, manager?: EntityManager): Promise<HierarchyPosition> {
    return this.hubScope.knownHubOn(hubId, day, manager);
  }

  /** May the caller add records to this hub? Not (yet) known → 503 with Retry-After; outside the caller's scope → 403. */
  async assertCanWriteToHub(caller: Caller, hubId: string): Promise<void> {
    assertCanWrite(caller, await this.positionOfKnownHub(hubId));
  }

  /** May the caller read a record of this hub? Otherwise the same 404 as for a missing record. */
  async assertCanReadRecord(caller: Caller, hubId: string, notFoundDetail: string): Promise<void> {
    const position = await this.positionOf(hubId);
    if (!position) throw recordNotFound(notFoundDetail);
    assertCanRead(caller, position, { hideExistence: true, notFoundDetail });
  }

  /**
   * Whether the caller's scope covers a record of this hub, for a record the caller names by id
   * (a learner to book) and must not learn exists when it does not. A record with no hub is national only.
   */
  async canReadRecord(caller: Caller, hubId: string | null, manager?: EntityManager): Promise<boolean> {
    const position = hubId === null ? {} : await this.positionOf(hubId, manager);
    return position !== undefined && canRead(caller, position);
  }

  /** May the caller change a record of this hub? 404 when it may not even read it; 403 for read-only roles. */
  async assertCanChangeRecord(caller: Caller, hubId: string, notFoundDetail: string, manager?: EntityManager): Promise<void> {
    const position = await this.positionOf(hubId, manager);
    if (!position) throw recordNotFound(notFoundDetail);
    assertCanWrite(caller, position, { hideExistence: true, notFoundDetail });
  }

  private async positionOf(hubId: string, manager?: EntityManager): Promise<HierarchyPosition | undefined> {
    if (!manager) return this.hubs.positionOf(hubId);
    const hub = await manager.findOneBy(HubDirectoryEntryEntity, { hubId });
    return hub ? { hubId: hub.hubId, icbCode: hub.icbCode, regionCode: hub.regionCode } : undefined;
  }
}
