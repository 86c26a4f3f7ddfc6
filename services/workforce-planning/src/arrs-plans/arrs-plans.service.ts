import { HubDirectory, HubScope } from '@traininghubs/hub-directory';
import { randomUUID } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { recordNotFound, type Caller } from '@traininghubs/auth';
import { ArrsPlanLineSchema, ArrsPlanSubmittedSchema } from '@traininghubs/contracts';
import { OutboxWriter } from '@traininghubs/messaging';
import { pageOf, type Page } from '@traininghubs/runtime';
import type { DataSource } from 'typeorm';
import { ArrsRolesService } from '../arrs-roles/arrs-roles.service';
import { arrsPlanJudgedOn, checkArrsPlan, planVsActual, type ArrsPost, type SubmittedPlan } from '../domain/arrs/arrs-plan';
import { financialYear } from '../domain/workforce/financial-year';
import { PracticeRegister } from '../practice-register/practice-register';
import { StaffPostEntity } from '../recruitments/staff-post.entity';
import { auditChange } from '../shared/audit';
import { arrsRoleMessage } from '../shared/event-contracts';
import { PLAN_TOPIC } from '../shared/topics';
import type { ArrsPlanQuery, ArrsPlanView, PlanVsActualQuery, PlanVsActualView, SubmitArrsPlan } from './arrs-plan.dto';
import { ArrsPlanEntity } from './arrs-plan.entity';

const SUBMITTED = 'uk.nhs.traininghubs.workforce.arrs_plan_submitted.v1';

@Injectable()
export class ArrsPlansService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly scope: HubScope,
    private readonly hubs: HubDirectory,
    private readonly roles: ArrsRolesService,
    private readonly register: PracticeRegister,
  ) {}

  /**
   * Submits a PCN's plan for the year; a later submission for the same year is the next revision.
   *
   * The plan is judged on its financial year, not on the submission day (ADR 0022): on the first
   * day of the year the hub operated (`arrsPlanJudgedOn`: 1 April, or the hub's first day when it
   * started later that year), the PCN must be in the ICB the hub served that day, and that ICB is
   * the one stored and published with the plan. ICB boundaries change on 1 April, so it is the ICB
   * of the whole year, and every revision of a year's plan is judged and grouped alike, even one
   * sent after the April 2026 mergers. The submission is the event's occurrence (ce_time = now).
   */
  async submit(caller: Caller, command: SubmitArrsPlan): Promise<ArrsPlanView> {
    await this.scope.knownHub(command.hubId);
    await this.scope.assertCanWrite(caller, command.hubId, `No Training Hub ${command.hubId}`);
    const year = financialYear(command.financialYear);
    const judgedOn = arrsPlanJudgedOn(year, (await this.hubs.on(command.hubId, year.startsOn))?.span.activeFrom ?? null);
    const position = await this.scope.knownHubOn(command.hubId, judgedOn);
    const lines = command.lines.map((l) => ({ role: l.role, inPostFteHundredths: l.inPostFteHundredths, plannedFteHundredths: l.plannedFteHundredths, plannedClaimPence: l.plannedClaimPence }));
    checkArrsPlan(lines, await this.roles.references(), year);
    await this.register.assertPlaceOfWork({ pcnOdsCode: command.pcnOdsCode, day: judgedOn }, position.icbCode);
    const saved = await this.dataSource.transaction(async (manager) => {
      // one revision sequence per PCN and year: serialise concurrent submissions
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`arrs-plan:${command.pcnOdsCode}:${year.code}`]);
      const latest = await manager.findOne(ArrsPlanEntity, { where: { pcnOdsCode: command.pcnOdsCode, financialYear: year.code }, order: { revision: 'DESC' } });
      const now = new Date();
      const plan = manager.create(ArrsPlanEntity, {
        id: randomUUID(),
        hubId: command.hubId,
        pcnOdsCode: command.pcnOdsCode,
        icbCode: position.icbCode ?? '',
        financialYear: year.code,
        revision: (latest?.revision ?? 0) + 1,
        lines,
        entitlementPence: command.entitlementPence,
        submittedAt: now,
      });
      await manager.insert(ArrsPlanEntity, plan);
      await auditChange(manager, caller, 'arrs-plan.submitted', 'arrs-plan', plan.id, command);
      await this.outbox.append(manager, {
        topic: PLAN_TOPIC,
        key: plan.pcnOdsCode,
        aggregateType: 'arrs-plan',
        aggregateId: plan.id,
        aggregateVersion: plan.revision,
        type: SUBMITTED,
        // ce_time: when the plan was submitted
        occurredAt: now,
        message: create(ArrsPlanSubmittedSchema, {
          hubId: plan.hubId,
          pcnOdsCode: plan.pcnOdsCode,
          icbOdsCode: plan.icbCode,
          planId: plan.id,
          financialYear: plan.financialYear,
          revision: plan.revision,
          entitlementPence: BigInt(plan.entitlementPence),
          lines: lines.map((l) =>
            create(ArrsPlanLineSchema, {
              role: arrsRoleMessage(l.role),
              inPostFteHundredths: BigInt(l.inPostFteHundredths),
              plannedFteHundredths: BigInt(l.plannedFteHundredths),
              plannedClaimPence: BigInt(l.plannedClaimPence),
            }),
          ),
        }),
      });
      return plan;
    });
    return viewOf(saved);
  }

  async find(caller: Caller, id: string): Promise<ArrsPlanView> {
    const plan = await this.dataSource.getRepository(ArrsPlanEntity).findOneBy({ id });
    if (!plan) throw recordNotFound(`No ARRS plan ${id}`);
    await this.scope.assertCanRead(caller, plan.hubId, `No ARRS plan ${id}`);
    return viewOf(plan);
  }

  async list(caller: Caller, query: ArrsPlanQuery): Promise<Page<ArrsPlanView>> {
    const builder = this.scope.restrict(this.dataSource.getRepository(ArrsPlanEntity).createQueryBuilder('p'), caller, 'p');
    if (query.pcnOdsCode) builder.andWhere('p.pcn_ods_code = :pcn', { pcn: query.pcnOdsCode });
    if (query.financialYear) builder.andWhere('p.financial_year = :year', { year: query.financialYear });
    const [items, total] = await builder.orderBy('p.financial_year', 'DESC').addOrderBy('p.pcn_ods_code').addOrderBy('p.revision', 'DESC').skip(query.offset).take(query.limit).getManyAndCount();
    return pageOf(items.map(viewOf), total, query);
  }

  /** Plan against actual for the year, from each PCN's latest revision and the ARRS posts recorded, within the caller's scope. */
  async planVsActual(caller: Caller, query: PlanVsActualQuery): Promise<Page<PlanVsActualView>> {
    const year = financialYear(query.financialYear);
    const plans = this.scope
      .restrict(this.dataSource.getRepository(ArrsPlanEntity).createQueryBuilder('p'), caller, 'p')
      .andWhere('p.financial_year = :year', { year: year.code })
      .andWhere('p.revision = (SELECT max(q.revision) FROM arrs_plan q WHERE q.pcn_ods_code = p.pcn_ods_code AND q.financial_year = p.financial_year)');
    const posts = this.scope
      .restrict(this.dataSource.getRepository(StaffPostEntity).createQueryBuilder('s'), caller, 's')
      .andWhere('s.arrs_role IS NOT NULL')
      .andWhere('s.started_on <= :endsOn AND (s.left_on IS NULL OR s.left_on >= :startsOn)', year);
    if (query.pcnOdsCode) {
      plans.andWhere('p.pcn_ods_code = :pcn', { pcn: query.pcnOdsCode });
      posts.andWhere('s.pcn_ods_code = :pcn', { pcn: query.pcnOdsCode });
    }
    if (query.icbCode) {
      plans.andWhere('p.icb_code = :icb', { icb: query.icbCode });
      posts.andWhere('s.icb_code = :icb', { icb: query.icbCode });
    }
    const submitted: SubmittedPlan[] = (await plans.getMany()).map((p) => ({ ...p, lines: query.role ? p.lines.filter((l) => l.role === query.role) : p.lines }));
    const filled: ArrsPost[] = (await posts.getMany())
      .filter((s) => !query.role || s.arrsRole === query.role)
      .map((s) => ({ pcnOdsCode: s.pcnOdsCode, icbCode: s.icbCode, role: s.arrsRole ?? '', fteHundredths: s.fteHundredths, startedOn: s.startedOn, leftOn: s.leftOn }));
    const rows = planVsActual(submitted, filled, year, query.by, new Date().toISOString().slice(0, 10));
    return pageOf(rows.slice(query.offset, query.offset + query.limit), rows.length, query);
  }
}

function viewOf(p: ArrsPlanEntity): ArrsPlanView {
  return {
    id: p.id,
    hubId: p.hubId,
    pcnOdsCode: p.pcnOdsCode,
    icbCode: p.icbCode,
    financialYear: p.financialYear,
    revision: p.revision,
    lines: p.lines,
    entitlementPence: p.entitlementPence,
    submittedAt: p.submittedAt.toISOString(),
  };
}
