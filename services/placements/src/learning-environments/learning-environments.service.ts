import { londonToday, startOfLondonDay } from '@traininghubs/calendar';
import { HubScope } from '@traininghubs/hub-directory';
import { randomUUID } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { recordNotFound, type Caller } from '@traininghubs/auth';
import { LearningEnvironmentApprovedSchema, localDateFromIso, OrganisationRefSchema, OrganisationType } from '@traininghubs/contracts';
import { OutboxWriter } from '@traininghubs/messaging';
import { recordAudit } from '@traininghubs/persistence';
import { pageOf, type Page } from '@traininghubs/runtime';
import type { DataSource } from 'typeorm';
import { checkApprovalDates, checkOdsCode, effectiveStatus } from '../domain/learning-environment/learning-environment-approval';
import { PlacementsRuleBroken } from '../domain/placements-rule.error';
import { learnerTypeMessage } from '../shared/event-contracts';
import type { ApproveLearningEnvironment, LearningEnvironmentQuery, LearningEnvironmentView, SuspendLearningEnvironment } from './learning-environment.dto';
import { LearningEnvironmentEntity } from './learning-environment.entity';

export const LEARNING_ENVIRONMENT_TOPIC = 'traininghubs.placements.learning-environment.v1';
const APPROVED = 'uk.nhs.traininghubs.placements.learning_environment_approved.v1';

export function notFound(id: string): string {
  return `No learning environment ${id}`;
}

@Injectable()
export class LearningEnvironmentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly scope: HubScope,
  ) {}

  async approve(caller: Caller, command: ApproveLearningEnvironment): Promise<LearningEnvironmentView> {
    const position = await this.scope.knownHub(command.hubId);
    await this.scope.assertCanWrite(caller, position.hubId ?? command.hubId, `No Training Hub ${command.hubId}`);
    checkApprovalDates(command.approvedFrom, command.reviewDueBy);
    checkOdsCode(command.organisationType, command.odsCode);
    const saved = await this.dataSource.transaction(async (manager) => {
      if (command.leadLearningEnvironmentId) {
        const lead = await manager.findOneBy(LearningEnvironmentEntity, { id: command.leadLearningEnvironmentId });
        if (!lead || lead.hubId !== command.hubId) {
          throw new PlacementsRuleBroken('unknown-lead-learning-environment', `No lead learning environment ${command.leadLearningEnvironmentId} in hub ${command.hubId}.`);
        }
      }
      const duplicate = await manager.findOneBy(LearningEnvironmentEntity, { hubId: command.hubId, odsCode: command.odsCode });
      if (duplicate) {
        throw new PlacementsRuleBroken('learning-environment-exists', `${command.odsCode} is already learning environment ${duplicate.id} of this hub.`, 'conflict');
      }
      const now = new Date();
      const environment = manager.create(LearningEnvironmentEntity, {
        id: randomUUID(),
        hubId: command.hubId,
        odsCode: command.odsCode,
        name: command.name,
        organisationType: command.organisationType,
        pcnOdsCode: command.pcnOdsCode ?? null,
        leadLearningEnvironmentId: command.leadLearningEnvironmentId ?? null,
        learnerTypes: command.learnerTypes,
        approvedFrom: command.approvedFrom,
        reviewDueBy: command.reviewDueBy,
        status: 'approved',
        placementAdministrator: command.placementAdministrator,
        educationalLead: command.educationalLead,
        version: 1,
        updatedAt: now,
      });
      await manager.insert(LearningEnvironmentEntity, environment);
      await this.outbox.append(manager, {
        topic: LEARNING_ENVIRONMENT_TOPIC,
        key: environment.id,
        aggregateType: 'learning-environment',
        aggregateId: environment.id,
        aggregateVersion: environment.version,
        type: APPROVED,
        // The approval happens on the day it runs from, not the day it was entered.
        occurredAt: startOfLondonDay(environment.approvedFrom),
        message: create(LearningEnvironmentApprovedSchema, {
          hubId: environment.hubId,
          learningEnvironmentId: environment.id,
          organisation: create(OrganisationRefSchema, { odsCode: environment.odsCode, name: environment.name, type: OrganisationType[environment.organisationType] }),
          pcnOdsCode: environment.pcnOdsCode ?? '',
          learnerTypes: environment.learnerTypes.map(learnerTypeMessage),
          approvedFrom: localDateFromIso(environment.approvedFrom),
          reviewDueBy: localDateFromIso(environment.reviewDueBy),
          leadLearningEnvironmentId: environment.leadLearningEnvironmentId ?? '',
        }),
      });
      await recordAudit(manager, {
        actor: caller.subject,
        actorRole: caller.role,
        action: 'learning-environment.approved',
        entityType: 'learning-environment',
        entityId: environment.id,
        changes: { ...command },
      });
      return environment;
    });
    return viewOf(saved);
  }

  async suspend(caller: Caller, id: string, command: SuspendLearningEnvironment): Promise<LearningEnvironmentView> {
    const saved = await this.dataSource.transaction(async (manager) => {
      const environment = await manager.findOne(LearningEnvironmentEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!environment) throw recordNotFound(notFound(id));
      await this.scope.assertCanWrite(caller, environment.hubId, notFound(id), manager);
      if (environment.status !== 'approved') {
        throw new PlacementsRuleBroken('learning-environment-not-approved', `Learning environment ${id} is ${environment.status}; only an approved one can be suspended.`, 'conflict');
      }
      environment.status = 'suspended';
      environment.version += 1;
      environment.updatedAt = new Date();
      await manager.save(environment);
      await recordAudit(manager, {
        actor: caller.subject,
        actorRole: caller.role,
        action: 'learning-environment.suspended',
        entityType: 'learning-environment',
        entityId: id,
        changes: { status: 'suspended', reason: command.reason },
      });
      return environment;
    });
    return viewOf(saved);
  }

  async find(caller: Caller, id: string): Promise<LearningEnvironmentView> {
    const environment = await this.dataSource.getRepository(LearningEnvironmentEntity).findOneBy({ id });
    if (!environment) throw recordNotFound(notFound(id));
    await this.scope.assertCanRead(caller, environment.hubId, notFound(id));
    return viewOf(environment);
  }

  async list(caller: Caller, query: LearningEnvironmentQuery): Promise<Page<LearningEnvironmentView>> {
    const builder = this.scope.restrict(this.dataSource.getRepository(LearningEnvironmentEntity).createQueryBuilder('e'), caller, 'e');
    if (query.hubId) builder.andWhere('e.hub_id = :hubId', { hubId: query.hubId });
    if (query.learnerType) builder.andWhere(':learnerType = ANY(e.learner_types)', { learnerType: query.learnerType });
    const [items, total] = await builder.orderBy('e.name').addOrderBy('e.id').skip(query.offset).take(query.limit).getManyAndCount();
    return pageOf(items.map(viewOf), total, query);
  }
}

export function viewOf(e: LearningEnvironmentEntity): LearningEnvironmentView {
  return {
    id: e.id,
    hubId: e.hubId,
    odsCode: e.odsCode,
    name: e.name,
    organisationType: e.organisationType,
    pcnOdsCode: e.pcnOdsCode,
    leadLearningEnvironmentId: e.leadLearningEnvironmentId,
    learnerTypes: e.learnerTypes,
    approvedFrom: e.approvedFrom,
    reviewDueBy: e.reviewDueBy,
    status: effectiveStatus(e, londonToday()),
    placementAdministrator: e.placementAdministrator,
    educationalLead: e.educationalLead,
    version: e.version,
  };
}
