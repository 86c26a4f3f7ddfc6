import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, type Caller } from '@traininghubs/auth';
import { BookingQuery, BookingView, NewBookingDto } from './booking.dto';
import { BookingsService } from './bookings.service';
import { IdParam } from '@traininghubs/runtime';

@ApiTags('bookings')
@ApiBearerAuth()
@Controller('api/v1/sessions/:sessionId/bookings')
export class BookingsController {
  constructor(private readonly bookings: BookingsService) {}

  @Post()
  @ApiOperation({ summary: 'Book a place; when the session is full the learner joins the waiting list' })
  @ApiCreatedResponse({ type: BookingView })
  book(@CurrentCaller() caller: Caller, @IdParam('sessionId') sessionId: string, @Body() body: NewBookingDto): Promise<BookingView> {
    return this.bookings.book(caller, sessionId, body);
  }

  @Get()
  @ApiOperation({ summary: "A session's bookings in booking order (the waiting list in the order it is served)" })
  list(@CurrentCaller() caller: Caller, @IdParam('sessionId') sessionId: string, @Query() query: BookingQuery) {
    return this.bookings.list(caller, sessionId, query);
  }

  @Post(':bookingId/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a booking; a freed place goes to the first on the waiting list' })
  @ApiOkResponse({ type: BookingView })
  cancel(
    @CurrentCaller() caller: Caller,
    @IdParam('sessionId') sessionId: string,
    @IdParam('bookingId') bookingId: string,
  ): Promise<BookingView> {
    return this.bookings.cancel(caller, sessionId, bookingId);
  }
}
