import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { HierarchyPosition } from '@traininghubs/auth';
import { HubDirectoryEntryEntity } from './hub-directory-entry.entity';

/** Reads of the service's local hub directory. */
@Injectable()
export class HubDirectory {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  find(hubId: string): Promise<HubDirectoryEntryEntity | null> {
    return this.dataSource.getRepository(HubDirectoryEntryEntity).findOneBy({ hubId });
  }

  /** Where a hub sits, for the scope check of a record that belongs to it; undefined if unknown. */
  async positionOf(hubId: string): Promise<HierarchyPosition | undefined> {
    const hub = await this.find(hubId);
    return hub ? { hubId: hub.hubId, icbCode: hub.icbCode, regionCode: hub.regionCode } : undefined;
  }
}
