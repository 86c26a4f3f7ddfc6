import { Controller, Get, Query, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Page } from '@traininghubs/runtime';
import { WorkforceRuleFilter } from '../shared/workforce-rule.filter';
import { ArrsRoleQuery, type ArrsRoleView } from './arrs-role.dto';
import { ArrsRolesService } from './arrs-roles.service';

@ApiTags('workforce: ARRS roles')
@ApiBearerAuth()
@UseFilters(WorkforceRuleFilter)
@Controller('api/v1/workforce/arrs-roles')
export class ArrsRolesController {
  constructor(private readonly roles: ArrsRolesService) {}

  @Get()
  @ApiOkResponse({ description: 'A page of the ARRS roles as dated reference data.' })
  list(@Query() query: ArrsRoleQuery): Promise<Page<ArrsRoleView>> {
    return this.roles.list(query);
  }
}
