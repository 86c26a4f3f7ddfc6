import { Body, Controller, Get, HttpCode, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { assertCanRead, CurrentCaller, RequireRoles, type Caller } from '@traininghubs/auth';
import { IdParam, type Page, pageOf } from '@traininghubs/runtime';
import { dayOf } from '../organisations/organisations.controller';
import { OrganisationsRepository } from '../organisations/organisations.repository';
import { ContactHistoryQuery, DeactivateHubDto, HubAsOfQuery, HubListQuery, RegisterHubDto, ReplaceContactsDto, SucceedHubDto, UpdateHubDto } from './hubs.dto';
import { HubsRepository, type HubContactRecord, type HubRecord } from './hubs.repository';
import { hubNotFound, HubsService, positionOf } from './hubs.service';
import { HubSuccessionService, type HubSuccessionOutcome, type PendingHubSuccession } from './succession/hub-succession.service';

/** What the caller's scope lets a hub list show. */
function scopeFilter(caller: Caller): { icb?: string; region?: string; hubId?: string } {
  switch (caller.scope.kind) {
    case 'national':
      return {};
    case 'region':
      return { region: caller.scope.code };
    case 'icb':
      return { icb: caller.scope.code };
    case 'hub':
      return { hubId: caller.scope.hubId };
  }
}

@ApiTags('hubs')
@ApiBearerAuth()
@Controller('api/v1/hubs')
export class HubsController {
  constructor(
    private readonly hubs: HubsRepository,
    private readonly commands: HubsService,
    private readonly successions: HubSuccessionService,
    private readonly organisations: OrganisationsRepository,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Hubs within the caller’s scope' })
  async list(@CurrentCaller() caller: Caller, @Query() query: HubListQuery): Promise<Page<HubRecord>> {
    const scope = scopeFilter(caller);
    if ((scope.icb && query.icb && scope.icb !== query.icb) || (scope.region && query.region && scope.region !== query.region)) {
      return pageOf([], 0, query);
    }
    const asOf = query.asOf === undefined ? undefined : dayOf(query.asOf);
    const { rows, total } = await this.hubs.list({ icb: query.icb ?? scope.icb, region: query.region ?? scope.region, hubId: scope.hubId, status: query.status, asOf, limit: query.limit, offset: query.offset });
    return pageOf(rows, total, query);
  }

  @Post()
  @ApiOperation({ summary: 'Register an ICS-level hub (national, its region or ICB) or a locality hub (also the parent hub’s admin)' })
  async register(@CurrentCaller() caller: Caller, @Body() dto: RegisterHubDto): Promise<HubRecord> {
    // A hub of an ICB succeeded since its start date follows the succession at once (ADR 0017).
    return this.successions.followAfterRegistration(await this.commands.register(caller, dto));
  }

  // Declared before ':hubId' so the path is not read as a hub id.
  @Get('pending-successions')
  @RequireRoles('national')
  @ApiOperation({ summary: 'Active ICS-level hubs whose ICB has been succeeded and that have not followed yet, with each successor and the hub serving it' })
  async pendingSuccessions(): Promise<{ items: PendingHubSuccession[] }> {
    return { items: await this.successions.pending(this.hubs.manager) };
  }

  @Get(':hubId')
  @ApiOperation({ summary: 'A hub with its coverage and footprint history; with asOf, the ICB (and its name then), region and parent it had that day' })
  async one(@CurrentCaller() caller: Caller, @IdParam('hubId') hubId: string, @Query() query: HubAsOfQuery) {
    const hub = await this.hubs.find(hubId);
    if (!hub) throw hubNotFound(hubId);
    assertCanRead(caller, positionOf(hub), { hideExistence: true, notFoundDetail: `No hub ${hubId}` });
    const footprints = await this.hubs.footprints(hubId);
    let asOf: { asOf: string; workingOnDay: boolean; icbCode?: string; icbName?: string; regionCode?: string; parentHubId?: string | null } | undefined;
    if (query.asOf !== undefined) {
      const day = dayOf(query.asOf);
      const then = footprints.find((f) => f.validFrom <= day && (f.validTo === null || day <= f.validTo));
      const icbName = then ? (await this.organisations.namesOn([then.icbCode], day)).get(then.icbCode) : undefined;
      asOf = then ? { asOf: day, workingOnDay: true, icbCode: then.icbCode, icbName, regionCode: then.regionCode, parentHubId: then.parentHubId } : { asOf: day, workingOnDay: false };
    }
    const history = (await this.hubs.manager.query(
      `SELECT ods_code AS "odsCode", valid_from::text AS "validFrom", valid_to::text AS "validTo" FROM hub_coverage WHERE hub_id = $1 ORDER BY valid_from, ods_code`,
      [hubId],
    )) as Array<{ odsCode: string; validFrom: string; validTo: string | null }>;
    return { ...hub, ...asOf, coverage: history, footprints, contacts: await this.hubs.contacts(hubId, false) };
  }

  @Patch(':hubId')
  @ApiOperation({ summary: 'Change a hub’s description or (locality hub) what it covers, from a day' })
  update(@CurrentCaller() caller: Caller, @IdParam('hubId') hubId: string, @Body() dto: UpdateHubDto): Promise<HubRecord> {
    return this.commands.update(caller, hubId, dto);
  }

  @Post(':hubId/deactivate')
  @HttpCode(200)
  deactivate(@CurrentCaller() caller: Caller, @IdParam('hubId') hubId: string, @Body() dto: DeactivateHubDto): Promise<HubRecord> {
    return this.commands.deactivate(caller, hubId, dto);
  }

  @Post(':hubId/succeed')
  @HttpCode(200)
  @RequireRoles('national')
  @ApiOperation({
    summary: 'Make an ICS-level hub follow its ICB’s succession: re-parent it onto the successor ICB, or merge it into the successor’s hub (mergeInto); its locality hubs follow',
  })
  succeed(@CurrentCaller() caller: Caller, @IdParam('hubId') hubId: string, @Body() dto: SucceedHubDto): Promise<HubSuccessionOutcome> {
    return this.successions.succeed(caller, hubId, dto);
  }

  @Get(':hubId/contacts')
  @ApiOperation({ summary: 'The hub’s contacts; with history=true also those replaced, with their dates' })
  async contacts(@CurrentCaller() caller: Caller, @IdParam('hubId') hubId: string, @Query() query: ContactHistoryQuery): Promise<{ items: HubContactRecord[] }> {
    const hub = await this.hubs.find(hubId);
    if (!hub) throw hubNotFound(hubId);
    assertCanRead(caller, positionOf(hub), { hideExistence: true, notFoundDetail: `No hub ${hubId}` });
    return { items: await this.hubs.contacts(hubId, query.history === 'true') };
  }

  @Put(':hubId/contacts')
  @ApiOperation({ summary: 'Replace the hub’s contacts (the previous ones are kept as history)' })
  async replaceContacts(@CurrentCaller() caller: Caller, @IdParam('hubId') hubId: string, @Body() dto: ReplaceContactsDto): Promise<{ items: HubContactRecord[] }> {
    return { items: await this.commands.replaceContacts(caller, hubId, dto) };
  }
}
