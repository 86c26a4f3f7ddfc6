import { Controller, Get, Inject, Injectable, Query } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsUUID, Matches } from 'class-validator';
import { In, type DataSource } from 'typeorm';
import { CurrentCaller, type Caller } from '@traininghubs/auth';
import { PageQuery, pageOf, type Page } from '@traininghubs/runtime';
import type { Clock } from '../catalogue/clock';
import { scopeCondition } from '../catalogue/hub-scope';
import { instantOfLondonWallTime } from '../catalogue/london-time';
import { CLOCK } from '../web/clock.provider';
import { SessionView } from './session.dto';
import { SessionEntity } from './session.entity';
import { sessionView } from './session.view';

export class UpcomingSessionQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: "Only this hub's sessions" })
  @IsOptional()
  @IsUUID()
  hubId?: string;

  @ApiPropertyOptional({ example: 'QOX', description: "Only sessions of this ICB's hubs (ODS code)" })
  @IsOptional()
  @Matches(/^[A-Z0-9]{3,6}$/, { message: 'icbCode must be an ODS code' })
  icbCode?: string;

  @ApiPropertyOptional({ example: '2026-04-01', description: 'Sessions starting on or after this day (Europe/London); from now when absent' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'from must be a date like 2026-04-01' })
  from?: string;
}

export class UpcomingSessionView extends SessionView {
  @ApiProperty() courseTitle!: string;
}

/** Scheduled sessions still to come, soonest first, within the caller's scope (the hub overview and ICB dashboard read these). */
@Injectable()
export class UpcomingSessions {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(caller: Caller, query: UpcomingSessionQuery): Promise<Page<UpcomingSessionView>> {
    const params: unknown[] = [];
    const where = [scopeCondition(caller, 's.hub_id', params), `s.status = 'scheduled'`];
    params.push(query.from ? instantOfLondonWallTime(`${query.from}T00:00`, 'from') : this.clock.now());
    where.push(`s.starts_at >= $${params.length}`);
    if (query.hubId) {
      params.push(query.hubId);
      where.push(`s.hub_id = $${params.length}`);
    }
    if (query.icbCode) {
      params.push(query.icbCode);
      where.push(`hd.icb_code = $${params.length}`);
    }
    const from = `FROM course_session s JOIN course c ON c.course_id = s.course_id LEFT JOIN hub_directory hd ON hd.hub_id = s.hub_id WHERE ${where.join(' AND ')}`;
    const [{ total }] = (await this.dataSource.query(`SELECT count(*)::int AS total ${from}`, params)) as Array<{ total: number }>;
    const rows = (await this.dataSource.query(
      `SELECT s.session_id, c.title ${from} ORDER BY s.starts_at, s.session_id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, query.limit, query.offset],
    )) as Array<{ session_id: string; title: string }>;
    const sessions = rows.length ? await this.dataSource.getRepository(SessionEntity).findBy({ sessionId: In(rows.map((r) => r.session_id)) }) : [];
    const byId = new Map(sessions.map((s) => [s.sessionId, s]));
    return pageOf(
      rows.filter((r) => byId.has(r.session_id)).map((r) => ({ ...sessionView(byId.get(r.session_id) as SessionEntity), courseTitle: r.title })),
      total,
      query,
    );
  }
}

@ApiTags('sessions')
@ApiBearerAuth()
@Controller('api/v1/sessions')
export class UpcomingSessionsController {
  constructor(private readonly sessions: UpcomingSessions) {}

  @Get()
  @ApiOperation({ summary: 'Scheduled sessions still to come in your scope, soonest first, by hub or ICB' })
  @ApiOkResponse({ type: UpcomingSessionView, isArray: true })
  list(@CurrentCaller() caller: Caller, @Query() query: UpcomingSessionQuery): Promise<Page<UpcomingSessionView>> {
    return this.sessions.list(caller, query);
  }
}
