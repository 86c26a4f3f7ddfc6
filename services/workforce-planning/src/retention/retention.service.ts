import { HubScope } from '@traininghubs/hub-directory';
import { randomUUID } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { recordNotFound, type Caller } from '@traininghubs/auth';
import { londonToday, startOfLondonDay } from '@traininghubs/calendar';
import { FellowshipEnrolledSchema, FellowshipProgramme, GpRetainedSchema, localDateFromIso } from '@traininghubs/contracts';
import { OutboxWriter } from '@traininghubs/messaging';
import { pageOf, type Page } from '@traininghubs/runtime';
import type { DataSource, EntityManager } from 'typeorm';
import { checkInterventionDates, recordOutcome } from '../domain/retention/retention-rule';
import { checkNotInFuture } from '../domain/workforce/record-date';
import { WorkforceRuleBroken } from '../domain/workforce-rule.error';
import { PracticeRegister } from '../practice-register/practice-register';
import { staffNotFound } from '../recruitments/recruitments.service';
import { StaffPostEntity } from '../recruitments/staff-post.entity';
import { auditChange } from '../shared/audit';
import { interventionMessage, outcomeMessage, professionMessage } from '../shared/event-contracts';
import { STAFF_TOPIC } from '../shared/topics';
import type { EnrolOnIntervention, RecordRetentionOutcome, RetentionInterventionView, RetentionQuery } from './retention.dto';
import { RetentionInterventionEntity } from './retention-intervention.entity';

export const FELLOWSHIP_ENROLLED = 'uk.nhs.traininghubs.workforce.fellowship_enrolled.v1';
export const GP_RETAINED = 'uk.nhs.traininghubs.workforce.gp_retained.v1';
const notFound = (id: string) => `No retention intervention ${id}`;

@Injectable()
export class RetentionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly scope: HubScope,
    private readonly register: PracticeRegister,
  ) {}

  /**
   * Enrols a member of staff on an intervention, in one transaction with its audit entry; the
   * rules and the writes are `enrolIn`'s.
   */
  async enrol(caller: Caller, command: EnrolOnIntervention): Promise<RetentionInterventionView> {
    const saved = await this.dataSource.transaction(async (manager) => {
      const { intervention } = await this.enrolIn(manager, caller, command);
      await auditChange(manager, caller, 'retention.enrolled', 'retention-intervention', intervention.id, command);
      return intervention;
    });
    return viewOf(saved);
  }

  /**
   * Enrols a member of staff on an intervention in the caller's transaction (no audit entry: the
   * caller writes it). The intervention must start on a day the hub operates (it may be planned
   * ahead); a fellowship publishes FellowshipEnrolled, ce_time the start of the London day it
   * starts. Every rule is checked before anything is written.
   */
  async enrolIn(manager: EntityManager, caller: Caller, command: EnrolOnIntervention): Promise<{ intervention: RetentionInterventionEntity; staff: StaffPostEntity }> {
    checkInterventionDates(command.startedOn, command.reviewDueOn);
    if ((command.intervention === 'FELLOWSHIP') !== Boolean(command.fellowshipProgramme)) {
      throw new WorkforceRuleBroken('fellowship-programme', 'A fellowship needs its programme, and only a fellowship has one.');
    }
    const staff = await manager.findOneBy(StaffPostEntity, { staffId: command.staffId });
    if (!staff) throw recordNotFound(staffNotFound(command.staffId));
    await this.scope.assertCanWrite(caller, staff.hubId, staffNotFound(command.staffId), manager);
    await this.scope.knownHubOn(staff.hubId, command.startedOn, manager);
    const now = new Date();
    const intervention = manager.create(RetentionInterventionEntity, {
      id: randomUUID(),
      hubId: staff.hubId,
      staffId: staff.staffId,
      intervention: command.intervention,
      fellowshipProgramme: command.fellowshipProgramme ?? null,
      startedOn: command.startedOn,
      reviewDueOn: command.reviewDueOn,
      sessionsPerWeekBefore: command.sessionsPerWeekBefore,
      status: 'enrolled' as const,
      outcome: null,
      outcomeRecordedOn: null,
      sessionsPerWeekAfter: null,
      practiceOdsCodeAfter: null,
      version: 1,
      updatedAt: now,
    });
    await manager.insert(RetentionInterventionEntity, intervention);
    if (command.fellowshipProgramme) {
      await this.appendInterventionEvent(manager, staff.staffId, intervention, FELLOWSHIP_ENROLLED, startOfLondonDay(command.startedOn), create(FellowshipEnrolledSchema, {
        hubId: staff.hubId,
        staffId: staff.staffId,
        programme: FellowshipProgramme[command.fellowshipProgramme as keyof typeof FellowshipProgramme],
        profession: professionMessage(staff.profession),
        practiceOdsCode: staff.practiceOdsCode ?? '',
        pcnOdsCode: staff.pcnOdsCode,
        startDate: localDateFromIso(command.startedOn),
        plannedEndDate: localDateFromIso(command.reviewDueOn),
        fundedSessionsPerWeek: command.fundedSessionsPerWeek ?? 0,
        fundingAwardedPence: BigInt(command.fundingAwardedPence ?? 0),
        mentorAssigned: command.mentorAssigned ?? false,
      }));
    }
    return { intervention, staff };
  }

  /**
   * Records the outcome at the review point, in one transaction with its audit entry; the rules
   * and the writes are `recordOutcomeIn`'s.
   */
  async recordOutcome(caller: Caller, id: string, command: RecordRetentionOutcome): Promise<RetentionInterventionView> {
    const saved = await this.dataSource.transaction(async (manager) => {
      const intervention = await manager.findOne(RetentionInterventionEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!intervention) throw recordNotFound(notFound(id));
      await this.recordOutcomeIn(manager, caller, intervention, command);
      await auditChange(manager, caller, `retention.${intervention.status}`, 'retention-intervention', intervention.id, command);
      return intervention;
    });
    return viewOf(saved);
  }

  /**
   * Records an intervention's outcome in the caller's transaction (no audit entry: the caller
   * writes it), updating `intervention`; a GP the outcome says stayed is retained (GpRetained,
   * ce_time the start of the London day of the outcome). The outcome is judged on its own day
   * (ADR 0022): on or before today in England, on a day the hub operated, and the practice after
   * it, when named, a recorded practice in the area the hub served that day. The post's PCN is
   * not judged again: it was judged on the post's start date. Every rule is checked before
   * anything is written.
   */
  async recordOutcomeIn(manager: EntityManager, caller: Caller, intervention: RetentionInterventionEntity, command: RecordRetentionOutcome): Promise<RetentionInterventionEntity> {
    await this.scope.assertCanWrite(caller, intervention.hubId, notFound(intervention.id), manager);
    const status = recordOutcome(intervention, command.outcome, command.recordedOn);
    checkNotInFuture('outcome date', command.recordedOn, londonToday());
    const position = await this.scope.knownHubOn(intervention.hubId, command.recordedOn, manager);
    if (command.practiceOdsCode) await this.register.assertPracticeInArea(command.practiceOdsCode, command.recordedOn, position.icbCode, manager);
    const staff = await manager.findOneByOrFail(StaffPostEntity, { staffId: intervention.staffId });
    const now = new Date();
    Object.assign(intervention, {
      status,
      outcome: command.outcome,
      outcomeRecordedOn: command.recordedOn,
      sessionsPerWeekAfter: command.sessionsPerWeekAfter,
      practiceOdsCodeAfter: command.practiceOdsCode ?? staff.practiceOdsCode,
      version: intervention.version + 1,
      updatedAt: now,
    });
    await manager.save(RetentionInterventionEntity, intervention);
    if (status === 'retained' && staff.staffGroup === 'GP') {
      await this.appendInterventionEvent(manager, staff.staffId, intervention, GP_RETAINED, startOfLondonDay(command.recordedOn), create(GpRetainedSchema, {
        hubId: intervention.hubId,
        staffId: staff.staffId,
        practiceOdsCode: intervention.practiceOdsCodeAfter ?? '',
        pcnOdsCode: staff.pcnOdsCode,
        intervention: interventionMessage(intervention.intervention),
        outcome: outcomeMessage(command.outcome),
        interventionStartedOn: localDateFromIso(intervention.startedOn),
        outcomeRecordedOn: localDateFromIso(command.recordedOn),
        sessionsPerWeekBefore: intervention.sessionsPerWeekBefore,
        sessionsPerWeekAfter: command.sessionsPerWeekAfter,
      }));
    }
    return intervention;
  }

  /** Appends one of an intervention's events to the outbox in the command's transaction, keyed by the member of staff; `occurredAt` is its ce_time. */
  private async appendInterventionEvent(
    manager: EntityManager,
    staffId: string,
    intervention: RetentionInterventionEntity,
    type: string,
    occurredAt: Date,
    message: unknown,
  ): Promise<void> {
    await this.outbox.append(manager, {
      topic: STAFF_TOPIC,
      key: staffId,
      aggregateType: 'retention-intervention',
      aggregateId: intervention.id,
      aggregateVersion: intervention.version,
      type,
      occurredAt,
      message,
    });
  }

  async list(caller: Caller, query: RetentionQuery): Promise<Page<RetentionInterventionView>> {
    const builder = this.scope.restrict(this.dataSource.getRepository(RetentionInterventionEntity).createQueryBuilder('r'), caller, 'r');
    if (query.status) builder.andWhere('r.status = :status', { status: query.status });
    const [items, total] = await builder.orderBy('r.started_on', 'DESC').addOrderBy('r.id').skip(query.offset).take(query.limit).getManyAndCount();
    return pageOf(items.map(viewOf), total, query);
  }
}

export function viewOf(r: RetentionInterventionEntity): RetentionInterventionView {
  return {
    id: r.id,
    hubId: r.hubId,
    staffId: r.staffId,
    intervention: r.intervention,
    fellowshipProgramme: r.fellowshipProgramme,
    startedOn: r.startedOn,
    reviewDueOn: r.reviewDueOn,
    status: r.status,
    outcome: r.outcome,
    outcomeRecordedOn: r.outcomeRecordedOn,
    version: r.version,
  };
}
