import { HubScope } from '@traininghubs/hub-directory';
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { recordNotFound, type Caller } from '@traininghubs/auth';
import { recordAudit } from '@traininghubs/persistence';
import { pageOf, type Page } from '@traininghubs/runtime';
import type { DataSource } from 'typeorm';
import { PlacementsRuleBroken } from '../domain/placements-rule.error';
import { LearningEnvironmentEntity } from '../learning-environments/learning-environment.entity';
import type { RegisterSupervisor, SupervisorQuery, SupervisorView } from './supervisor.dto';
import { SupervisorEntity } from './supervisor.entity';

@Injectable()
export class SupervisorsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scope: HubScope,
  ) {}

  async register(caller: Caller, command: RegisterSupervisor): Promise<SupervisorView> {
    await this.scope.knownHub(command.hubId);
    await this.scope.assertCanWrite(caller, command.hubId, `No Training Hub ${command.hubId}`);
    for (const approval of command.approvals) {
      if (approval.expiresOn !== undefined && approval.expiresOn < approval.approvedFrom) {
        throw new PlacementsRuleBroken('invalid-dates', `The ${approval.role} approval expires (${approval.expiresOn}) before it starts (${approval.approvedFrom}).`);
      }
    }
    const saved = await this.dataSource.transaction(async (manager) => {
      if (command.learningEnvironmentId) {
        const environment = await manager.findOneBy(LearningEnvironmentEntity, { id: command.learningEnvironmentId });
        if (!environment || environment.hubId !== command.hubId) {
          throw new PlacementsRuleBroken('unknown-learning-environment', `No learning environment ${command.learningEnvironmentId} in hub ${command.hubId}.`);
        }
      }
      const supervisor = manager.create(SupervisorEntity, {
        id: randomUUID(),
        hubId: command.hubId,
        learningEnvironmentId: command.learningEnvironmentId ?? null,
        name: command.name,
        professionalRegistration: command.professionalRegistration ?? null,
        approvals: command.approvals.map((a) => ({ role: a.role, approvedFrom: a.approvedFrom, ...(a.expiresOn ? { expiresOn: a.expiresOn } : {}) })),
        updatedAt: new Date(),
      });
      await manager.insert(SupervisorEntity, supervisor);
      await recordAudit(manager, {
        actor: caller.subject,
        actorRole: caller.role,
        action: 'supervisor.registered',
        entityType: 'supervisor',
        entityId: supervisor.id,
        changes: { hubId: supervisor.hubId, approvals: supervisor.approvals },
      });
      return supervisor;
    });
    return viewOf(saved);
  }

  async find(caller: Caller, id: string): Promise<SupervisorView> {
    const supervisor = await this.dataSource.getRepository(SupervisorEntity).findOneBy({ id });
    if (!supervisor) throw recordNotFound(`No supervisor ${id}`);
    await this.scope.assertCanRead(caller, supervisor.hubId, `No supervisor ${id}`);
    return viewOf(supervisor);
  }

  async list(caller: Caller, query: SupervisorQuery): Promise<Page<SupervisorView>> {
    const builder = this.scope.restrict(this.dataSource.getRepository(SupervisorEntity).createQueryBuilder('s'), caller, 's');
    if (query.hubId) builder.andWhere('s.hub_id = :hubId', { hubId: query.hubId });
    const [items, total] = await builder.orderBy('s.name').addOrderBy('s.id').skip(query.offset).take(query.limit).getManyAndCount();
    return pageOf(items.map(viewOf), total, query);
  }
}

function viewOf(s: SupervisorEntity): SupervisorView {
  return { id: s.id, hubId: s.hubId, learningEnvironmentId: s.learningEnvironmentId, name: s.name, professionalRegistration: s.professionalRegistration, approvals: s.approvals };
}
