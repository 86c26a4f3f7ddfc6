import { Body, Controller, Get, HttpCode, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { CurrentCaller, type Caller } from '@traininghubs/auth';
import { AttendanceDto, DeliveredSessionDto, DeliveredSessionView, SessionCancellationDto, SessionPlanDto, SessionQuery, SessionView } from './session.dto';
import { sessionView } from './session.view';
import { SessionsService } from './sessions.service';
import { IdParam } from '@traininghubs/runtime';

@ApiTags('sessions')
@ApiBearerAuth()
@Controller('api/v1')
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Post('courses/:courseId/sessions')
  @ApiOperation({ summary: 'Schedule a session of a course (Europe/London times); publishes CourseScheduled' })
  @ApiCreatedResponse({ type: SessionView })
  schedule(@CurrentCaller() caller: Caller, @IdParam('courseId') courseId: string, @Body() body: SessionPlanDto): Promise<SessionView> {
    return this.sessions.schedule(caller, courseId, body);
  }

  @Post('courses/:courseId/delivered-sessions')
  @ApiOperation({
    summary: 'Enter a session that already took place, with its attendance (Europe/London times)',
    description:
      'Records the session as delivered and a booking per learner (attended / did not attend) in one step, and publishes ' +
      'BookingConfirmed for each place and CourseDelivered, with ce_time the session\'s start so it counts in the period it happened. ' +
      'The session must have ended, on a day the hub operated; each learner once, in your scope, no more than the capacity.',
  })
  @ApiCreatedResponse({ type: DeliveredSessionView })
  @ApiUnprocessableEntityResponse({
    description:
      'problem+json: session-not-yet-ended, outside-hub-active-span, attendance-over-capacity, duplicate-learner, unknown-learner, ' +
      'session-ends-before-it-starts, invalid-capacity, session-without-location, invalid-local-time, nonexistent-local-time',
  })
  recordDelivered(
    @CurrentCaller() caller: Caller,
    @IdParam('courseId') courseId: string,
    @Body() body: DeliveredSessionDto,
  ): Promise<DeliveredSessionView> {
    return this.sessions.recordDelivered(caller, courseId, body);
  }

  @Get('courses/:courseId/sessions')
  @ApiOperation({ summary: "A course's sessions in date order" })
  list(@CurrentCaller() caller: Caller, @IdParam('courseId') courseId: string, @Query() query: SessionQuery) {
    return this.sessions.listOfCourse(caller, courseId, query);
  }

  @Get('sessions/:sessionId')
  @ApiOkResponse({ type: SessionView })
  async read(@CurrentCaller() caller: Caller, @IdParam('sessionId') sessionId: string): Promise<SessionView> {
    return sessionView(await this.sessions.find(caller, sessionId));
  }

  @Patch('sessions/:sessionId')
  @ApiOperation({ summary: 'Reschedule a session or change its places; added places go to the waiting list' })
  @ApiOkResponse({ type: SessionView })
  reschedule(@CurrentCaller() caller: Caller, @IdParam('sessionId') sessionId: string, @Body() body: SessionPlanDto): Promise<SessionView> {
    return this.sessions.reschedule(caller, sessionId, body);
  }

  @Post('sessions/:sessionId/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a session and its bookings; publishes SessionCancelled' })
  @ApiOkResponse({ type: SessionView })
  cancel(@CurrentCaller() caller: Caller, @IdParam('sessionId') sessionId: string, @Body() body: SessionCancellationDto): Promise<SessionView> {
    return this.sessions.cancel(caller, sessionId, body);
  }

  @Put('sessions/:sessionId/attendance')
  @ApiOperation({ summary: 'Record attended / did not attend for confirmed bookings' })
  @ApiOkResponse({ type: SessionView })
  attendance(@CurrentCaller() caller: Caller, @IdParam('sessionId') sessionId: string, @Body() body: AttendanceDto): Promise<SessionView> {
    return this.sessions.recordAttendance(caller, sessionId, body);
  }

  @Post('sessions/:sessionId/complete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record that the session took place; publishes CourseDelivered' })
  @ApiOkResponse({ type: SessionView })
  complete(@CurrentCaller() caller: Caller, @IdParam('sessionId') sessionId: string): Promise<SessionView> {
    return this.sessions.complete(caller, sessionId);
  }
}
