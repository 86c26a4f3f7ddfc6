import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { recordNotFound } from '@traininghubs/auth';
import { pageOf, type Page } from '@traininghubs/runtime';
import { isCalendarDay, today } from '../calendar/calendar-day';
import { beforeReferenceData, datesOutOfOrder } from '../problems/registry-problems';
import { icbOn, regionOn } from './hierarchy/organisation-hierarchy';
import { AsOfPageQuery, IcbQuery, OdsCodeParam, OrganisationAsOfQuery, OrganisationQuery, OrganisationView } from './organisations.dto';
import { OrganisationsRepository, recordOf, type OrganisationRow } from './organisations.repository';
import { uncoveredDayReason } from './reference-data/reference-coverage';

/**
 * The day of an `asOf`, today when absent; a day that does not exist (2025-02-30) is refused, and
 * so is one before the reference data begins (422 before-reference-data, naming the earliest day).
 */
export function dayOf(asOf: string | undefined): string {
  if (asOf === undefined) return today();
  if (!isCalendarDay(asOf)) throw datesOutOfOrder(`asOf ${asOf} is not a calendar day`);
  const uncovered = uncoveredDayReason('asOf', asOf);
  if (uncovered) throw beforeReferenceData(uncovered);
  return asOf;
}

function view(row: OrganisationRow & { parent_code?: string | null }): OrganisationView {
  return { ...recordOf(row), type: row.kind, parentCode: row.parent_code ?? null };
}

/** Reference data: open to every authenticated caller. */
@ApiTags('organisations')
@ApiBearerAuth()
@Controller('api/v1')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsRepository) {}

  @Get('regions')
  @ApiOperation({ summary: 'NHS England regions' })
  @ApiOkResponse({ type: OrganisationView, isArray: true })
  async regions(@Query() query: AsOfPageQuery): Promise<Page<OrganisationView>> {
    const { rows, total } = await this.organisations.list({ kind: 'nhse_region', asOf: dayOf(query.asOf), limit: query.limit, offset: query.offset });
    return pageOf(rows.map(view), total, query);
  }

  @Get('icbs')
  @ApiOperation({ summary: 'ICBs operating on a day (42 before 1 April 2026, 36 from it); before 1 July 2022 the same codes as the STP/ICS footprints, by their names then' })
  async icbs(@Query() query: IcbQuery): Promise<Page<OrganisationView>> {
    const { rows, total } = await this.organisations.list({ kind: 'icb', parentCode: query.region, asOf: dayOf(query.asOf), limit: query.limit, offset: query.offset });
    return pageOf(rows.map(view), total, query);
  }

  @Get('organisations')
  @ApiOperation({ summary: 'Organisations open on a day, by type and parent on that day' })
  async list(@Query() query: OrganisationQuery): Promise<Page<OrganisationView>> {
    const { rows, total } = await this.organisations.list({ kind: query.type, parentCode: query.parent, asOf: dayOf(query.asOf), limit: query.limit, offset: query.offset });
    return pageOf(rows.map(view), total, query);
  }

  @Get('organisations/:odsCode')
  @ApiOperation({ summary: 'One organisation, with its name, ICB and region on a day, its dated names and its successions' })
  async one(@Param() { odsCode }: OdsCodeParam, @Query() query: OrganisationAsOfQuery) {
    const day = dayOf(query.asOf);
    const extract = await this.organisations.extractAbove([odsCode]);
    const organisation = extract.organisations.get(odsCode);
    if (!organisation) throw recordNotFound(`No organisation ${odsCode}`);
    const icbCode = icbOn(extract, odsCode, day) ?? null;
    return {
      ...organisation,
      name: (await this.organisations.namesOn([odsCode], day)).get(odsCode) ?? organisation.name,
      names: (await this.organisations.namesOf(odsCode)).map(({ name, validFrom, validTo }) => ({ name, validFrom, validTo })),
      type: organisation.kind,
      asOf: day,
      icbCode,
      regionCode: icbCode ? (regionOn(extract, icbCode, day) ?? null) : organisation.kind === 'nhse_region' ? odsCode : null,
      successions: await this.organisations.successionsOf(odsCode),
    };
  }
}
