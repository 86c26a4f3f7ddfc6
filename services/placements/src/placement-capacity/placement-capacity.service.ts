import { HubScope } from '@traininghubs/hub-directory';
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { recordNotFound, type Caller } from '@traininghubs/auth';
import { recordAudit } from '@traininghubs/persistence';
import { pageOf, type Page } from '@traininghubs/runtime';
import type { DataSource } from 'typeorm';
import { capacityPeriod } from '../domain/capacity/capacity-period';
import { checkDeclaredPlaces } from '../domain/capacity/placement-capacity';
import { PlacementsRuleBroken } from '../domain/placements-rule.error';
import { LearningEnvironmentEntity } from '../learning-environments/learning-environment.entity';
import { notFound as environmentNotFound } from '../learning-environments/learning-environments.service';
import type { DeclarePlacementCapacity, PlacementCapacityQuery, PlacementCapacityView } from './placement-capacity.dto';
import { PlacementCapacityEntity } from './placement-capacity.entity';

@Injectable()
export class PlacementCapacityService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scope: HubScope,
  ) {}

  async declare(caller: Caller, command: DeclarePlacementCapacity): Promise<PlacementCapacityView> {
    const period = capacityPeriod(command.period);
    checkDeclaredPlaces(command.places);
    const saved = await this.dataSource.transaction(async (manager) => {
      const environment = await manager.findOneBy(LearningEnvironmentEntity, { id: command.learningEnvironmentId });
      if (!environment) throw recordNotFound(environmentNotFound(command.learningEnvironmentId));
      await this.scope.assertCanWrite(caller, environment.hubId, environmentNotFound(environment.id), manager);
      if (!environment.learnerTypes.includes(command.learnerType)) {
        throw new PlacementsRuleBroken('learner-type-not-approved', `Learning environment ${environment.id} is not approved for ${command.learnerType}, so it cannot declare places for them.`);
      }
      const existing = await manager.findOneBy(PlacementCapacityEntity, { learningEnvironmentId: environment.id, learnerType: command.learnerType, period: period.code });
      if (existing) {
        throw new PlacementsRuleBroken('capacity-already-declared', `Capacity for ${command.learnerType} in ${period.code} is already declared (${existing.id}).`, 'conflict');
      }
      const capacity = manager.create(PlacementCapacityEntity, {
        id: randomUUID(),
        hubId: environment.hubId,
        learningEnvironmentId: environment.id,
        learnerType: command.learnerType,
        period: period.code,
        startsOn: period.startsOn,
        endsOn: period.endsOn,
        places: command.places,
        placesFilled: 0,
        updatedAt: new Date(),
      });
      await manager.insert(PlacementCapacityEntity, capacity);
      await recordAudit(manager, {
        actor: caller.subject,
        actorRole: caller.role,
        action: 'placement-capacity.declared',
        entityType: 'placement-capacity',
        entityId: capacity.id,
        changes: { ...command },
      });
      return capacity;
    });
    return viewOf(saved);
  }

  async find(caller: Caller, id: string): Promise<PlacementCapacityView> {
    const capacity = await this.dataSource.getRepository(PlacementCapacityEntity).findOneBy({ id });
    if (!capacity) throw recordNotFound(`No placement capacity ${id}`);
    await this.scope.assertCanRead(caller, capacity.hubId, `No placement capacity ${id}`);
    return viewOf(capacity);
  }

  async list(caller: Caller, query: PlacementCapacityQuery): Promise<Page<PlacementCapacityView>> {
    const builder = this.scope.restrict(this.dataSource.getRepository(PlacementCapacityEntity).createQueryBuilder('c'), caller, 'c');
    if (query.learningEnvironmentId) builder.andWhere('c.learning_environment_id = :id', { id: query.learningEnvironmentId });
    const [items, total] = await builder.orderBy('c.starts_on').addOrderBy('c.id').skip(query.offset).take(query.limit).getManyAndCount();
    return pageOf(items.map(viewOf), total, query);
  }
}

function viewOf(c: PlacementCapacityEntity): PlacementCapacityView {
  return {
    id: c.id,
    hubId: c.hubId,
    learningEnvironmentId: c.learningEnvironmentId,
    learnerType: c.learnerType,
    period: c.period,
    startsOn: c.startsOn,
    endsOn: c.endsOn,
    places: c.places,
    placesFilled: c.placesFilled,
  };
}
