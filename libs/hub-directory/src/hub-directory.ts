import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { HierarchyPosition } from '@traininghubs/auth';
import { HubDirectoryEntryEntity, HubDirectoryFootprintEntity } from './hub-directory-entry.entity';
import { footprintOn, positionOfFootprint, type HubActiveSpan } from './hub-footprint';

/** A hub as it was on one day: its name, the days it operates, and where it sat that day (undefined before its first footprint). */
export interface DatedHub {
  name: string;
  span: HubActiveSpan;
  position: HierarchyPosition | undefined;
}

/** Reads of the service's local hub directory. */
@Injectable()
export class HubDirectory {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Pass a transaction's manager inside one: the read then takes no second pooled connection while the transaction holds locks. */
  find(hubId: string, manager: EntityManager = this.dataSource.manager): Promise<HubDirectoryEntryEntity | null> {
    return manager.findOneBy(HubDirectoryEntryEntity, { hubId });
  }

  /** Where a hub sits, for the scope check of a record that belongs to it; undefined if unknown. */
  async positionOf(hubId: string, manager?: EntityManager): Promise<HierarchyPosition | undefined> {
    const hub = await this.find(hubId, manager);
    return hub ? { hubId: hub.hubId, icbCode: hub.icbCode, regionCode: hub.regionCode } : undefined;
  }

  /** The hub as it was on a day (ISO), for a record dated that day; undefined if the hub is unknown. Pass a transaction's manager inside one. */
  async on(hubId: string, day: string, manager: EntityManager = this.dataSource.manager): Promise<DatedHub | undefined> {
    const hub = await manager.findOneBy(HubDirectoryEntryEntity, { hubId });
    if (!hub) return undefined;
    const footprint = footprintOn(await manager.findBy(HubDirectoryFootprintEntity, { hubId }), day);
    return {
      name: hub.name,
      span: { activeFrom: hub.activeFrom, activeUntil: hub.activeUntil },
      position: footprint ? positionOfFootprint(hubId, footprint) : undefined,
    };
  }
}
