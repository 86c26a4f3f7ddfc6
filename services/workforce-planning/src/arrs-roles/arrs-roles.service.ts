import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { pageOf, type Page } from '@traininghubs/runtime';
import type { DataSource, EntityManager } from 'typeorm';
import type { ArrsRoleReference } from '../domain/arrs/arrs-role';
import { financialYear } from '../domain/workforce/financial-year';
import type { ArrsRoleQuery, ArrsRoleView } from './arrs-role.dto';
import { ArrsRoleEntity } from './arrs-role.entity';

@Injectable()
export class ArrsRolesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Every dated ARRS role, for the domain's checks. */
  async references(manager: EntityManager = this.dataSource.manager): Promise<ArrsRoleReference[]> {
    return manager.find(ArrsRoleEntity);
  }

  async list(query: ArrsRoleQuery): Promise<Page<ArrsRoleView>> {
    const builder = this.dataSource.getRepository(ArrsRoleEntity).createQueryBuilder('r');
    if (query.financialYear) {
      const year = financialYear(query.financialYear);
      builder.andWhere('r.valid_from <= :endsOn AND (r.valid_to IS NULL OR r.valid_to >= :startsOn)', year);
    }
    const [items, total] = await builder.orderBy('r.code').addOrderBy('r.valid_from').skip(query.offset).take(query.limit).getManyAndCount();
    return pageOf(items.map((r) => ({ ...r })), total, query);
  }
}
