import { BadRequestException, Controller, Get, Injectable, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { DataSource } from 'typeorm';
import { icbOn, parentOn } from '../organisations/hierarchy/organisation-hierarchy';
import { dayOf } from '../organisations/organisations.controller';
import { ISO_DAY_PATTERN, ODS_CODE_PATTERN } from '../organisations/organisations.dto';
import { OrganisationsRepository } from '../organisations/organisations.repository';
import { HubsRepository, type HubContactRecord } from '../hubs/hubs.repository';

const ODS = { message: '$property must be an ODS code' };

export class FindHubQuery {
  @ApiPropertyOptional({ example: 'A81001' }) @IsOptional() @Matches(ODS_CODE_PATTERN, ODS) practice?: string;
  @ApiPropertyOptional({ example: 'U12345' }) @IsOptional() @Matches(ODS_CODE_PATTERN, ODS) pcn?: string;
  @ApiPropertyOptional({ example: 'QOX' }) @IsOptional() @Matches(ODS_CODE_PATTERN, ODS) icb?: string;
  @ApiPropertyOptional({ example: 'BS1' }) @IsOptional() @Matches(/^[A-Z]{1,2}[0-9][A-Z0-9]?$/, { message: 'postcodeDistrict must be an outward code such as BS1 or SW1A' }) postcodeDistrict?: string;
  @ApiPropertyOptional({ example: '2026-04-01' }) @IsOptional() @Matches(ISO_DAY_PATTERN, { message: 'asOf must be a day in the form YYYY-MM-DD' }) asOf?: string;
}

export interface FoundHub {
  hubId: string;
  name: string;
  level: 'ics' | 'locality';
  icbCode: string;
  /** The name the ICB code went by on the day: before 1 July 2022, its STP/ICS partnership's. */
  icbName: string;
  regionCode: string;
  websiteUrl: string | null;
  /** The organisation whose coverage matched: a practice or PCN for a locality hub, the ICB for an ICS-level hub. */
  servesVia: string;
  contacts: HubContactRecord[];
}

/** Which Training Hub serves a practice, PCN, ICB or postcode district on a day: the most local hub first. */
@Injectable()
export class HubFinder {
  constructor(
    private readonly dataSource: DataSource,
    private readonly organisations: OrganisationsRepository,
    private readonly hubs: HubsRepository,
  ) {}

  async forOrganisation(odsCode: string, day: string): Promise<FoundHub | undefined> {
    const extract = await this.organisations.extractAbove([odsCode]);
    if (!extract.organisations.has(odsCode)) return undefined;
    const candidates: string[] = [];
    for (let code: string | undefined = odsCode; code && extract.organisations.get(code)?.kind !== 'icb'; code = parentOn(extract, code, day)) {
      if (extract.organisations.get(code)?.kind === 'nhse_region') break;
      candidates.push(code);
    }
    const icbCode = icbOn(extract, odsCode, day);
    if (icbCode) candidates.push(icbCode);
    for (const code of candidates) {
      const rows = (await this.dataSource.query(
        `SELECT h.id, h.name, h.level, COALESCE(f.icb_code, h.icb_code) AS icb_code, COALESCE(f.region_code, h.region_code) AS region_code, h.website_url
           FROM hub_coverage c JOIN hub h ON h.id = c.hub_id
           LEFT JOIN hub_footprint f ON f.hub_id = h.id AND f.valid_from <= $2 AND (f.valid_to IS NULL OR f.valid_to >= $2)
          WHERE c.ods_code = $1 AND c.valid_from <= $2 AND (c.valid_to IS NULL OR c.valid_to >= $2)
            AND h.active_from <= $2 AND (h.deactivated_on IS NULL OR h.deactivated_on > $2)
          ORDER BY (h.level = 'locality') DESC, h.active_from DESC LIMIT 1`,
        [code, day],
      )) as Array<{ id: string; name: string; level: 'ics' | 'locality'; icb_code: string; region_code: string; website_url: string | null }>;
      if (rows[0]) {
        const h = rows[0];
        const icbName = (await this.organisations.namesOn([h.icb_code], day)).get(h.icb_code) ?? '';
        return { hubId: h.id, name: h.name, level: h.level, icbCode: h.icb_code, icbName, regionCode: h.region_code, websiteUrl: h.website_url, servesVia: code, contacts: await this.hubs.contacts(h.id, false) };
      }
    }
    return undefined;
  }

  async practicesIn(postcodeDistrict: string, day: string): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `SELECT ods_code FROM organisation WHERE postcode_district = $1 AND kind = 'gp_practice'
          AND (open_date IS NULL OR open_date <= $2) AND (close_date IS NULL OR close_date >= $2) ORDER BY ods_code LIMIT 200`,
      [postcodeDistrict, day],
    )) as Array<{ ods_code: string }>;
    return rows.map((r) => r.ods_code);
  }
}

/** Open to every authenticated caller: finding your local hub is public knowledge. */
@ApiTags('find-hub')
@ApiBearerAuth()
@Controller('api/v1/find-hub')
export class FindHubController {
  constructor(private readonly finder: HubFinder) {}

  @Get()
  @ApiOperation({ summary: 'The Training Hub serving a practice, PCN, ICB or postcode district on a day, with its contacts' })
  async find(@Query() query: FindHubQuery): Promise<{ asOf: string; hubs: FoundHub[] }> {
    const given = (['practice', 'pcn', 'icb', 'postcodeDistrict'] as const).filter((k) => query[k] !== undefined);
    if (given.length !== 1) throw new BadRequestException('Give exactly one of practice, pcn, icb or postcodeDistrict.');
    const day = dayOf(query.asOf);
    const codes = query.postcodeDistrict ? await this.finder.practicesIn(query.postcodeDistrict, day) : [(query.practice ?? query.pcn ?? query.icb) as string];
    const found = new Map<string, FoundHub>();
    for (const code of codes) {
      const hub = await this.finder.forOrganisation(code, day);
      if (hub && !found.has(hub.hubId)) found.set(hub.hubId, hub);
    }
    return { asOf: day, hubs: [...found.values()] };
  }
}
