import { HubDirectory, HubScope } from '@traininghubs/hub-directory';
import { randomUUID } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { recordNotFound, type Caller } from '@traininghubs/auth';
import { londonToday, startOfLondonDay } from '@traininghubs/calendar';
import { GpRecruitedSchema, localDateFromIso, StaffLeftSchema, StaffRecruitedSchema } from '@traininghubs/contracts';
import { OutboxWriter } from '@traininghubs/messaging';
import { pageOf, type Page } from '@traininghubs/runtime';
import type { DataSource, EntityManager } from 'typeorm';
import { ArrsRolesService } from '../arrs-roles/arrs-roles.service';
import { arrsRoleFor } from '../domain/arrs/arrs-role';
import { financialYearOf } from '../domain/workforce/financial-year';
import { fteOfHours } from '../domain/workforce/fte';
import { checkNotInFuture } from '../domain/workforce/record-date';
import { WorkforceRuleBroken } from '../domain/workforce-rule.error';
import { PracticeRegister } from '../practice-register/practice-register';
import { auditChange } from '../shared/audit';
import { arrsRoleMessage, gpRoleMessage, leavingDestinationMessage, leavingReasonMessage, professionMessage, routeMessage, staffGroupMessage } from '../shared/event-contracts';
import { STAFF_TOPIC } from '../shared/topics';
import { IN_POST_ROUTE, type RecordLeaving, type RecordRecruitment, type RecordStaffInPost, type RecruitmentQuery, type StaffPostView } from './recruitment.dto';
import { StaffPostEntity } from './staff-post.entity';

export const GP_RECRUITED = 'uk.nhs.traininghubs.workforce.gp_recruited.v1';
const STAFF_LEFT = 'uk.nhs.traininghubs.workforce.staff_left.v1';
export const STAFF_RECRUITED = 'uk.nhs.traininghubs.workforce.staff_recruited.v1';

export const staffNotFound = (staffId: string) => `No member of staff ${staffId}`;

@Injectable()
export class RecruitmentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly scope: HubScope,
    private readonly hubs: HubDirectory,
    private readonly roles: ArrsRolesService,
    private readonly register: PracticeRegister,
  ) {}

  /**
   * Records a recruitment (GPs publish GpRecruited, other staff StaffRecruited); ARRS posts count
   * against the PCN's plan. One transaction with its audit entry; the rules and the writes are
   * `recordRecruit`'s, which the past-activity import runs for each row too.
   */
  async recruit(caller: Caller, command: RecordRecruitment): Promise<StaffPostView> {
    // Outside the transaction, a hub registered moments ago is waited for a moment (HubScope.knownHub).
    await this.scope.knownHub(command.hubId);
    const saved = await this.dataSource.transaction(async (manager) => {
      const post = await this.recordRecruit(manager, caller, command);
      await auditChange(manager, caller, 'staff.recruited', 'staff-post', post.staffId, command);
      return post;
    });
    return viewOf(saved);
  }

  /**
   * Records a member of staff already in post when the hub began recording, so the hub can record
   * their retention or leaving: not a recruitment, so no event and nothing counted as recruited.
   * Their place of work is judged on the later of the day they came into post and the hub's
   * first day: the first day the hub could have known them.
   */
  async recordInPost(caller: Caller, command: RecordStaffInPost): Promise<StaffPostView> {
    await this.scope.knownHub(command.hubId);
    const saved = await this.dataSource.transaction(async (manager) => {
      await this.scope.assertCanWrite(caller, command.hubId, `No Training Hub ${command.hubId}`, manager);
      checkNotInFuture('day in post since', command.inPostSince, londonToday());
      if (command.staffGroup === 'GP' && !command.gpRole) throw new WorkforceRuleBroken('gp-role-required', 'A GP needs the GP role (partner, salaried, retainer or locum).');
      if (command.staffGroup !== 'GP' && command.gpRole) throw new WorkforceRuleBroken('gp-role-for-gps-only', `Only GPs have a GP role; this is ${command.staffGroup} staff.`);
      const activeFrom = (await this.hubs.on(command.hubId, command.inPostSince, manager))?.span.activeFrom ?? null;
      const judgedOn = activeFrom !== null && command.inPostSince < activeFrom ? activeFrom : command.inPostSince;
      const position = await this.scope.knownHubOn(command.hubId, judgedOn, manager);
      await this.register.assertPlaceOfWork({ pcnOdsCode: command.pcnOdsCode, practiceOdsCode: command.practiceOdsCode, day: judgedOn }, position.icbCode, manager);
      const post = manager.create(StaffPostEntity, {
        staffId: randomUUID(),
        hubId: command.hubId,
        icbCode: position.icbCode ?? '',
        staffGroup: command.staffGroup,
        profession: command.profession,
        gpRole: command.gpRole ?? null,
        arrsRole: null,
        route: IN_POST_ROUTE,
        practiceOdsCode: command.practiceOdsCode ?? null,
        pcnOdsCode: command.pcnOdsCode,
        startedOn: command.inPostSince,
        fteHundredths: fteOfHours(command.hoursPerWeek),
        sessionsPerWeek: command.sessionsPerWeek ?? null,
        leftOn: null,
        leavingReason: null,
        leavingDestination: null,
        version: 1,
        updatedAt: new Date(),
      });
      await manager.insert(StaffPostEntity, post);
      await auditChange(manager, caller, 'staff.recorded-in-post', 'staff-post', post.staffId, command);
      return post;
    });
    return viewOf(saved);
  }

  /**
   * Records one recruit in the caller's transaction: the post and its event in the outbox, no
   * audit entry (the caller writes one: per recruit for the single route, per file for an import).
   * A recruitment is judged on its start date (ADR 0022): on or before today in England, on a day
   * the hub operated, at a place in the area the hub served that day; every rule is checked before
   * anything is written, and a broken one throws (WorkforceRuleBroken, or a 4xx problem from the
   * hub directory). Its event's ce_time is the start of that London day.
   */
  async recordRecruit(manager: EntityManager, caller: Caller, command: RecordRecruitment): Promise<StaffPostEntity> {
    await this.scope.knownHub(command.hubId, manager);
    await this.scope.assertCanWrite(caller, command.hubId, `No Training Hub ${command.hubId}`, manager);
    checkNotInFuture('start date', command.startDate, londonToday());
    const position = await this.scope.knownHubOn(command.hubId, command.startDate, manager);
    if (command.staffGroup === 'GP' && !command.gpRole) throw new WorkforceRuleBroken('gp-role-required', 'A GP recruitment needs the GP role (partner, salaried, retainer or locum).');
    if (command.staffGroup !== 'GP' && command.gpRole) throw new WorkforceRuleBroken('gp-role-for-gps-only', `Only GPs have a GP role; this is ${command.staffGroup} staff.`);
    if (command.arrsRole) arrsRoleFor(await this.roles.references(manager), command.arrsRole, financialYearOf(command.startDate));
    await this.register.assertPlaceOfWork({ pcnOdsCode: command.pcnOdsCode, practiceOdsCode: command.practiceOdsCode, day: command.startDate }, position.icbCode, manager);
    const fteHundredths = fteOfHours(command.hoursPerWeek);
    const now = new Date();
    const post = manager.create(StaffPostEntity, {
      staffId: randomUUID(),
      hubId: command.hubId,
      // the ICB the hub served on the start date, where the post was when it began
      icbCode: position.icbCode ?? '',
      staffGroup: command.staffGroup,
      profession: command.profession,
      gpRole: command.gpRole ?? null,
      arrsRole: command.arrsRole ?? null,
      route: command.route,
      practiceOdsCode: command.practiceOdsCode ?? null,
      pcnOdsCode: command.pcnOdsCode,
      startedOn: command.startDate,
      fteHundredths,
      sessionsPerWeek: command.sessionsPerWeek ?? null,
      leftOn: null,
      leavingReason: null,
      leavingDestination: null,
      version: 1,
      updatedAt: now,
    });
    await manager.insert(StaffPostEntity, post);
    // GPs publish GpRecruited; other staff groups StaffRecruited.
    if (post.staffGroup === 'GP') {
      await this.appendStaffEvent(manager, post, GP_RECRUITED, startOfLondonDay(post.startedOn), create(GpRecruitedSchema, {
        hubId: post.hubId,
        staffId: post.staffId,
        practiceOdsCode: post.practiceOdsCode ?? '',
        pcnOdsCode: post.pcnOdsCode,
        role: gpRoleMessage(post.gpRole),
        route: routeMessage(post.route),
        startDate: localDateFromIso(post.startedOn),
        sessionsPerWeek: post.sessionsPerWeek ?? 0,
        arrsFunded: post.arrsRole === 'GP',
      }));
    } else {
      await this.appendStaffEvent(manager, post, STAFF_RECRUITED, startOfLondonDay(post.startedOn), staffRecruitedMessage(post));
    }
    return post;
  }

  /**
   * Records that a member of staff left, with the reason, and publishes StaffLeft (ce_time: the
   * start of the London day of the last working day). The last working day is judged like a start
   * date: on or before today in England, on a day the hub operated.
   */
  async recordLeaving(caller: Caller, staffId: string, command: RecordLeaving): Promise<StaffPostView> {
    const saved = await this.dataSource.transaction(async (manager) => {
      const post = await manager.findOne(StaffPostEntity, { where: { staffId }, lock: { mode: 'pessimistic_write' } });
      if (!post) throw recordNotFound(staffNotFound(staffId));
      await this.scope.assertCanWrite(caller, post.hubId, staffNotFound(staffId));
      if (post.leftOn) throw new WorkforceRuleBroken('already-left', `Member of staff ${staffId} already left on ${post.leftOn}.`, 'conflict');
      if (command.leftOn < post.startedOn) throw new WorkforceRuleBroken('left-before-start', `The last working day (${command.leftOn}) is before the start (${post.startedOn}).`);
      checkNotInFuture('last working day', command.leftOn, londonToday());
      await this.scope.knownHubOn(post.hubId, command.leftOn, manager);
      const now = new Date();
      post.leftOn = command.leftOn;
      post.leavingReason = command.reason;
      post.leavingDestination = command.destination;
      post.version += 1;
      post.updatedAt = now;
      await manager.save(StaffPostEntity, post);
      await auditChange(manager, caller, 'staff.left', 'staff-post', post.staffId, command);
      await this.appendStaffEvent(manager, post, STAFF_LEFT, startOfLondonDay(command.leftOn), create(StaffLeftSchema, {
        hubId: post.hubId,
        staffId: post.staffId,
        staffGroup: staffGroupMessage(post.staffGroup),
        profession: professionMessage(post.profession),
        arrsRole: arrsRoleMessage(post.arrsRole),
        employerOdsCode: post.practiceOdsCode ?? post.pcnOdsCode,
        pcnOdsCode: post.pcnOdsCode,
        startedOn: localDateFromIso(post.startedOn),
        leftOn: localDateFromIso(command.leftOn),
        wteHundredths: post.fteHundredths,
        reason: leavingReasonMessage(command.reason),
        destination: leavingDestinationMessage(command.destination),
      }));
      return post;
    });
    return viewOf(saved);
  }

  /** Appends one of a staff post's events to the outbox in the command's transaction, keyed by the member of staff; `occurredAt` is its ce_time. */
  private async appendStaffEvent(manager: EntityManager, post: StaffPostEntity, type: string, occurredAt: Date, message: unknown): Promise<void> {
    await this.outbox.append(manager, {
      topic: STAFF_TOPIC,
      key: post.staffId,
      aggregateType: 'staff-post',
      aggregateId: post.staffId,
      aggregateVersion: post.version,
      type,
      occurredAt,
      message,
    });
  }

  async find(caller: Caller, staffId: string): Promise<StaffPostView> {
    const post = await this.dataSource.getRepository(StaffPostEntity).findOneBy({ staffId });
    if (!post) throw recordNotFound(staffNotFound(staffId));
    await this.scope.assertCanRead(caller, post.hubId, staffNotFound(staffId));
    return viewOf(post);
  }

  async list(caller: Caller, query: RecruitmentQuery): Promise<Page<StaffPostView>> {
    const builder = this.scope.restrict(this.dataSource.getRepository(StaffPostEntity).createQueryBuilder('s'), caller, 's');
    if (query.pcnOdsCode) builder.andWhere('s.pcn_ods_code = :pcn', { pcn: query.pcnOdsCode });
    if (query.staffGroup) builder.andWhere('s.staff_group = :group', { group: query.staffGroup });
    const [items, total] = await builder.orderBy('s.started_on', 'DESC').addOrderBy('s.staff_id').skip(query.offset).take(query.limit).getManyAndCount();
    return pageOf(items.map(viewOf), total, query);
  }
}

/** The StaffRecruited payload of a non-GP post: pseudonymous id, group, profession, ARRS role, route, employer, start, WTE. */
export function staffRecruitedMessage(post: StaffPostEntity) {
  return create(StaffRecruitedSchema, {
    hubId: post.hubId,
    staffId: post.staffId,
    staffGroup: staffGroupMessage(post.staffGroup),
    profession: professionMessage(post.profession),
    arrsRole: arrsRoleMessage(post.arrsRole),
    route: routeMessage(post.route),
    practiceOdsCode: post.practiceOdsCode ?? '',
    pcnOdsCode: post.pcnOdsCode,
    startDate: localDateFromIso(post.startedOn),
    wteHundredths: post.fteHundredths,
  });
}

export function viewOf(s: StaffPostEntity): StaffPostView {
  return {
    staffId: s.staffId,
    hubId: s.hubId,
    staffGroup: s.staffGroup,
    profession: s.profession,
    gpRole: s.gpRole,
    arrsRole: s.arrsRole,
    route: s.route,
    practiceOdsCode: s.practiceOdsCode,
    pcnOdsCode: s.pcnOdsCode,
    startedOn: s.startedOn,
    fteHundredths: s.fteHundredths,
    sessionsPerWeek: s.sessionsPerWeek,
    leftOn: s.leftOn,
    leavingReason: s.leavingReason,
    version: s.version,
  };
}
