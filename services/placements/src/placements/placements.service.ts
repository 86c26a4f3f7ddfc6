import { londonToday, startOfLondonDay } from '@traininghubs/calendar';
import { HubScope } from '@traininghubs/hub-directory';
import { randomUUID } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { recordNotFound, type Caller } from '@traininghubs/auth';
import {
  localDateFromIso,
  PlacementCancellationReason,
  PlacementCancelledSchema,
  PlacementCompletedSchema,
  PlacementFilledSchema,
  PlacementOfferedSchema,
} from '@traininghubs/contracts';
import { OutboxWriter } from '@traininghubs/messaging';
import { recordAudit } from '@traininghubs/persistence';
import { pageOf, type Page } from '@traininghubs/runtime';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { assertWithinPeriod, releasePlace, takePlace } from '../domain/capacity/placement-capacity';
import { assertApprovedFor } from '../domain/learning-environment/learning-environment-approval';
import { assertFilledOnOrAfterOffer, assertNotInTheFuture, occurrenceDay } from '../domain/occurrence-day';
import { holdsAPlace, nextState, type PlacementAction } from '../domain/placement/placement-lifecycle';
import { calendarWeeks, placementPattern, timeStatusOf, wteWeightedWeeks, type PlacementPattern } from '../domain/placement/placement-pattern';
import { PlacementsRuleBroken } from '../domain/placements-rule.error';
import { assertSupervisorsFit } from '../domain/supervisor/supervisor-fitness';
import { LearningEnvironmentEntity } from '../learning-environments/learning-environment.entity';
import { PlacementCapacityEntity } from '../placement-capacity/placement-capacity.entity';
import { learnerTypeMessage, patternMessage } from '../shared/event-contracts';
import { SupervisorEntity } from '../supervisors/supervisor.entity';
import type { CompletePlacement, EndPlacement, FillPlacement, OfferPlacement, PlacementQuery, PlacementView } from './placement.dto';
import { PlacementEntity } from './placement.entity';

export const PLACEMENT_TOPIC = 'traininghubs.placements.placement.v1';
const EVENT = 'uk.nhs.traininghubs.placements';

const notFound = (id: string) => `No placement ${id}`;
const today = () => londonToday();

/**
 * The placement lifecycle. Each command is one transaction: the placement row is locked, then
 * its capacity row (always in that order), so concurrent fills of the last places queue on the
 * capacity row and never take more places than were declared.
 *
 * An offer, a fill and a completion may be recorded after the day they happened: each is judged by
 * the facts of its own day (the hub operating then, the environment's approval then), and its
 * event's ce_time is the start of that London day. A cancellation happens when it is recorded.
 */
@Injectable()
export class PlacementsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly scope: HubScope,
  ) {}

  async offer(caller: Caller, command: OfferPlacement): Promise<PlacementView> {
    const pattern = placementPattern(command);
    const offeredOn = occurrenceDay('offeredOn', command.offeredOn, today());
    const saved = await this.dataSource.transaction(async (manager) => {
      const capacity = await manager.findOneBy(PlacementCapacityEntity, { id: command.placementCapacityId });
      if (!capacity) throw recordNotFound(`No placement capacity ${command.placementCapacityId}`);
      await this.scope.assertCanWrite(caller, capacity.hubId, `No placement capacity ${capacity.id}`, manager);
      await this.scope.knownHubOn(capacity.hubId, offeredOn, manager);
      assertWithinPeriod(capacity, pattern.startDate, pattern.endDate);
      const environment = await this.environmentOf(manager, capacity.learningEnvironmentId);
      assertApprovedFor(environment, capacity.learnerType, pattern.startDate, pattern.endDate, offeredOn);
      const placement = manager.create(PlacementEntity, {
        id: randomUUID(),
        hubId: capacity.hubId,
        learningEnvironmentId: environment.id,
        placementCapacityId: capacity.id,
        learnerType: capacity.learnerType,
        state: 'offered',
        ...pattern,
        educationProviderCode: command.educationProviderCode,
        learnerId: null,
        supervisorIds: [],
        cancellationReason: null,
        cancellationNote: null,
        lastDayOnPlacement: null,
        offeredOn,
        filledOn: null,
        version: 1,
        updatedAt: new Date(),
      });
      await manager.insert(PlacementEntity, placement);
      await this.publish(manager, placement, 'placement_offered', startOfLondonDay(offeredOn), create(PlacementOfferedSchema, {
        ...this.header(placement, environment),
        pattern: patternMessage(pattern),
        educationProviderCode: placement.educationProviderCode,
        offeredOn: localDateFromIso(offeredOn),
      }));
      await this.audit(manager, caller, placement, 'placement.offered', { ...command, offeredOn });
      return placement;
    });
    return viewOf(saved);
  }

  async fill(caller: Caller, id: string, command: FillPlacement): Promise<PlacementView> {
    const pattern = placementPattern(command);
    const filledOn = occurrenceDay('filledOn', command.filledOn, today());
    const saved = await this.dataSource.transaction(async (manager) => {
      const placement = await this.lockedPlacement(manager, caller, id, 'fill');
      await this.scope.knownHubOn(placement.hubId, filledOn, manager);
      assertFilledOnOrAfterOffer(placement.offeredOn, filledOn);
      // The capacity the placement was offered from: declared for the period its dates fall in, whatever day it is filled.
      const capacity = await this.lockedCapacity(manager, placement);
      assertWithinPeriod(capacity, pattern.startDate, pattern.endDate);
      const environment = await this.environmentOf(manager, placement.learningEnvironmentId);
      assertApprovedFor(environment, placement.learnerType, pattern.startDate, pattern.endDate, filledOn);
      const supervisors = await manager.findBy(SupervisorEntity, { id: In(command.supervisorIds), hubId: placement.hubId });
      const missing = command.supervisorIds.filter((s) => !supervisors.some((found) => found.id === s));
      if (missing.length > 0) {
        throw new PlacementsRuleBroken('unknown-supervisor', `No supervisor ${missing.join(', ')} on the register of this placement's hub.`);
      }
      assertSupervisorsFit(supervisors, placement.learnerType, pattern.startDate, pattern.endDate);
      capacity.placesFilled = takePlace(capacity);
      capacity.updatedAt = new Date();
      await manager.save(capacity);
      Object.assign(placement, { ...pattern, state: 'filled', learnerId: command.learnerId, supervisorIds: command.supervisorIds, filledOn });
      await this.saveNewVersion(manager, placement);
      await this.publish(manager, placement, 'placement_filled', startOfLondonDay(filledOn), create(PlacementFilledSchema, {
        ...this.header(placement, environment),
        learnerId: command.learnerId,
        pattern: patternMessage(pattern),
        educationProviderCode: placement.educationProviderCode,
        filledOn: localDateFromIso(filledOn),
      }));
      await this.audit(manager, caller, placement, 'placement.filled', { ...command, filledOn });
      return placement;
    });
    return viewOf(saved);
  }

  async complete(caller: Caller, id: string, command: CompletePlacement): Promise<PlacementView> {
    const saved = await this.dataSource.transaction(async (manager) => {
      const placement = await this.lockedPlacement(manager, caller, id, 'complete');
      if (timeStatusOf(placement, today()) === 'future') {
        throw new PlacementsRuleBroken('placement-not-started', `Placement ${id} starts on ${placement.startDate}; it cannot be completed before it has started.`, 'conflict');
      }
      const actualEnd = command.actualEndDate ?? placement.endDate;
      if (actualEnd < placement.startDate || actualEnd > placement.endDate) {
        throw new PlacementsRuleBroken('invalid-dates', `The actual end (${actualEnd}) must fall within the placement (${placement.startDate} to ${placement.endDate}).`);
      }
      assertNotInTheFuture(command.actualEndDate === undefined ? 'The planned end' : 'actualEndDate', actualEnd, today());
      await this.scope.knownHubOn(placement.hubId, actualEnd, manager);
      const environment = await this.environmentOf(manager, placement.learningEnvironmentId);
      placement.state = 'completed';
      placement.lastDayOnPlacement = actualEnd;
      await this.saveNewVersion(manager, placement);
      await this.publish(manager, placement, 'placement_completed', startOfLondonDay(actualEnd), create(PlacementCompletedSchema, {
        ...this.header(placement, environment),
        learnerId: placement.learnerId ?? '',
        actual: patternMessage({ ...patternOf(placement), endDate: actualEnd }),
      }));
      await this.audit(manager, caller, placement, 'placement.completed', { actualEndDate: actualEnd });
      return placement;
    });
    return viewOf(saved);
  }

  /** Cancelled by the hub or learning environment, or withdrawn by the learner or education provider. */
  async end(caller: Caller, id: string, action: 'cancel' | 'withdraw', command: EndPlacement): Promise<PlacementView> {
    const saved = await this.dataSource.transaction(async (manager) => {
      const placement = await this.lockedPlacement(manager, caller, id, action);
      const wasFilled = placement.state === 'filled';
      if (command.lastDayOnPlacement !== undefined) {
        if (!wasFilled) throw new PlacementsRuleBroken('invalid-dates', 'Only a filled placement has a last day on placement.');
        if (command.lastDayOnPlacement < placement.startDate || command.lastDayOnPlacement > placement.endDate) {
          throw new PlacementsRuleBroken('invalid-dates', `The last day on placement (${command.lastDayOnPlacement}) must fall within the placement (${placement.startDate} to ${placement.endDate}).`);
        }
      }
      if (holdsAPlace(placement.state)) {
        const capacity = await this.lockedCapacity(manager, placement);
        capacity.placesFilled = releasePlace(capacity);
        capacity.updatedAt = new Date();
        await manager.save(capacity);
      }
      const environment = await this.environmentOf(manager, placement.learningEnvironmentId);
      placement.state = nextState(placement.state, action);
      placement.cancellationReason = command.reason;
      placement.cancellationNote = command.note ?? null;
      placement.lastDayOnPlacement = command.lastDayOnPlacement ?? null;
      await this.saveNewVersion(manager, placement);
      // Cancelled when it is recorded: the instant the command committed its change.
      await this.publish(manager, placement, 'placement_cancelled', placement.updatedAt, create(PlacementCancelledSchema, {
        ...this.header(placement, environment),
        reason: PlacementCancellationReason[command.reason],
        wasFilled,
        planned: patternMessage(patternOf(placement)),
        ...(command.lastDayOnPlacement ? { lastDayOnPlacement: localDateFromIso(command.lastDayOnPlacement) } : {}),
      }));
      await this.audit(manager, caller, placement, action === 'cancel' ? 'placement.cancelled' : 'placement.withdrawn', { ...command });
      return placement;
    });
    return viewOf(saved);
  }

  async find(caller: Caller, id: string): Promise<PlacementView> {
    const placement = await this.dataSource.getRepository(PlacementEntity).findOneBy({ id });
    if (!placement) throw recordNotFound(notFound(id));
    await this.scope.assertCanRead(caller, placement.hubId, notFound(id));
    return viewOf(placement);
  }

  async list(caller: Caller, query: PlacementQuery): Promise<Page<PlacementView>> {
    const builder = this.scope.restrict(this.dataSource.getRepository(PlacementEntity).createQueryBuilder('p'), caller, 'p');
    if (query.learningEnvironmentId) builder.andWhere('p.learning_environment_id = :environment', { environment: query.learningEnvironmentId });
    if (query.state) builder.andWhere('p.state = :state', { state: query.state });
    const [items, total] = await builder.orderBy('p.start_date').addOrderBy('p.id').skip(query.offset).take(query.limit).getManyAndCount();
    return pageOf(items.map(viewOf), total, query);
  }

  /** The placement, locked for the transaction, after the caller's scope and the lifecycle allow `action`. */
  private async lockedPlacement(manager: EntityManager, caller: Caller, id: string, action: PlacementAction): Promise<PlacementEntity> {
    const placement = await manager.findOne(PlacementEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!placement) throw recordNotFound(notFound(id));
    await this.scope.assertCanWrite(caller, placement.hubId, notFound(id), manager);
    nextState(placement.state, action);
    return placement;
  }

  /** The capacity row, locked: concurrent commands on the same declared places run one after the other. */
  private async lockedCapacity(manager: EntityManager, placement: PlacementEntity): Promise<PlacementCapacityEntity> {
    const capacity = await manager.findOne(PlacementCapacityEntity, { where: { id: placement.placementCapacityId }, lock: { mode: 'pessimistic_write' } });
    if (!capacity) throw new Error(`placement ${placement.id} has no capacity ${placement.placementCapacityId}`);
    return capacity;
  }

  private async environmentOf(manager: EntityManager, id: string): Promise<LearningEnvironmentEntity> {
    const environment = await manager.findOneBy(LearningEnvironmentEntity, { id });
    if (!environment) throw new Error(`learning environment ${id} is missing`);
    return environment;
  }

  private async saveNewVersion(manager: EntityManager, placement: PlacementEntity): Promise<void> {
    placement.version += 1;
    placement.updatedAt = new Date();
    await manager.save(placement);
  }

  private header(placement: PlacementEntity, environment: LearningEnvironmentEntity) {
    return {
      hubId: placement.hubId,
      placementId: placement.id,
      learningEnvironmentId: environment.id,
      learningEnvironmentOdsCode: environment.odsCode,
      learnerType: learnerTypeMessage(placement.learnerType),
    };
  }

  /** `occurredAt` is the event's ce_time: when the occurrence happened, per its contract. */
  private async publish(manager: EntityManager, placement: PlacementEntity, event: string, occurredAt: Date, message: unknown): Promise<void> {
    await this.outbox.append(manager, {
      topic: PLACEMENT_TOPIC,
      key: placement.id,
      aggregateType: 'placement',
      aggregateId: placement.id,
      aggregateVersion: placement.version,
      type: `${EVENT}.${event}.v1`,
      occurredAt,
      message,
    });
  }

  private async audit(manager: EntityManager, caller: Caller, placement: PlacementEntity, action: string, changes: Record<string, unknown>): Promise<void> {
    await recordAudit(manager, {
      actor: caller.subject,
      actorRole: caller.role,
      action,
      entityType: 'placement',
      entityId: placement.id,
      changes: { ...changes, state: placement.state },
    });
  }
}

function patternOf(p: PlacementEntity): PlacementPattern {
  return { startDate: p.startDate, endDate: p.endDate, wteHundredths: p.wteHundredths, sessionsPerWeek: p.sessionsPerWeek };
}

function viewOf(p: PlacementEntity): PlacementView {
  const pattern = patternOf(p);
  return {
    id: p.id,
    hubId: p.hubId,
    learningEnvironmentId: p.learningEnvironmentId,
    placementCapacityId: p.placementCapacityId,
    learnerType: p.learnerType,
    state: p.state,
    timeStatus: timeStatusOf(pattern, today()),
    ...pattern,
    calendarWeeks: Math.round(calendarWeeks(pattern) * 100) / 100,
    wteWeightedWeeks: Math.round(wteWeightedWeeks(pattern) * 100) / 100,
    educationProviderCode: p.educationProviderCode,
    learnerId: p.learnerId,
    supervisorIds: p.supervisorIds,
    cancellationReason: p.cancellationReason,
    lastDayOnPlacement: p.lastDayOnPlacement,
    offeredOn: p.offeredOn,
    filledOn: p.filledOn,
    version: p.version,
  };
}
