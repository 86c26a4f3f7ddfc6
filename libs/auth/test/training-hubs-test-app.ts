import { ArgumentsHost, Body, Catch, Controller, Delete, Get, HttpCode, HttpException, Param, Post, type ExceptionFilter, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Response } from 'express';
import {
  assertCanRead,
  assertCanWrite,
  AuthModule,
  canRead,
  CurrentCaller,
  Public,
  ReadOnlyAllowed,
  recordNotFound,
  RequireRoles,
  type AuthSettings,
  type Caller,
  type HierarchyPosition,
} from '../src';

// A miniature service, as a platform service would use the auth library: hubs in two regions, a
// public status route, a search that changes nothing, and a KPI return approval for some roles.
export const HUB_BSW = '11111111-1111-4111-8111-111111111111'; // Bath and NE Somerset, Swindon and Wiltshire: QOX, South West
export const HUB_BNSSG = '22222222-2222-4222-8222-222222222222'; // Bristol, N Somerset and S Glos: QUY, South West
export const HUB_SEL = '33333333-3333-4333-8333-333333333333'; // South East London: QKK, London

interface Hub extends Required<HierarchyPosition> {
  name: string;
}
const HUBS = new Map<string, Hub>([
  [HUB_BSW, { hubId: HUB_BSW, name: 'BSW Training Hub', icbCode: 'QOX', regionCode: 'Y58' }],
  [HUB_BNSSG, { hubId: HUB_BNSSG, name: 'BNSSG Training Hub', icbCode: 'QUY', regionCode: 'Y58' }],
  [HUB_SEL, { hubId: HUB_SEL, name: 'South East London Training Hub', icbCode: 'QKK', regionCode: 'Y56' }],
]);

function findHub(caller: Caller, hubId: string): Hub {
  const hub = HUBS.get(hubId);
  // The same answer for a hub that does not exist and a hub the caller may not know of.
  if (!hub) throw recordNotFound(`No hub ${hubId}`);
  assertCanRead(caller, hub, { hideExistence: true, notFoundDetail: `No hub ${hubId}` });
  return hub;
}

@Controller('hubs')
class HubsController {
  @Get(':hubId')
  read(@CurrentCaller() caller: Caller, @Param('hubId') hubId: string): Hub {
    return findHub(caller, hubId);
  }

  @Post(':hubId/contacts')
  addContact(@CurrentCaller() caller: Caller, @Param('hubId') hubId: string, @Body() contact: { name: string }): { hubId: string; name: string } {
    const hub = findHub(caller, hubId);
    assertCanWrite(caller, hub);
    return { hubId: hub.hubId, name: contact.name };
  }

  @Post('search')
  @HttpCode(200)
  @ReadOnlyAllowed()
  search(@CurrentCaller() caller: Caller): string[] {
    return [...HUBS.values()].filter((hub) => canRead(caller, hub)).map((hub) => hub.name);
  }
}

@Controller('kpi-returns')
class KpiReturnsController {
  @Post(':returnId/approve')
  @HttpCode(200)
  @RequireRoles('national', 'region')
  approve(@Param('returnId') returnId: string): { returnId: string; status: string } {
    return { returnId, status: 'approved' };
  }
}

/** Enquiries anyone may send ("find your hub"): no record-level check, only the guard's. */
export const enquiries: string[] = [];
@Controller('enquiries')
class EnquiriesController {
  @Post()
  send(@CurrentCaller() caller: Caller): { received: true } {
    enquiries.push(caller.subject);
    return { received: true };
  }

  @Delete()
  @HttpCode(204)
  withdraw(@CurrentCaller() caller: Caller): void {
    enquiries.splice(enquiries.indexOf(caller.subject), 1);
  }
}

@Controller('status')
@Public()
class StatusController {
  @Get()
  status(): { status: string } {
    return { status: 'ok' };
  }
}

/**
 * Stands in for the runtime's ProblemDetailsFilter, which this library cannot import (the runtime
 * depends on it): it answers an HttpException with its body as application/problem+json.
 */
@Catch(HttpException)
class ProblemJsonFilter implements ExceptionFilter {
  catch(exception: HttpException, host: ArgumentsHost): void {
    const body = exception.getResponse();
    const problem = typeof body === 'string' ? { title: body } : body;
    host.switchToHttp().getResponse<Response>().status(exception.getStatus()).type('application/problem+json').send(JSON.stringify({ ...problem, status: exception.getStatus() }));
  }
}

export async function startTestApp(settings: AuthSettings): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [AuthModule.forRoot(settings)],
    controllers: [HubsController, KpiReturnsController, EnquiriesController, StatusController],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  app.useGlobalFilters(new ProblemJsonFilter());
  await app.init();
  return app;
}
