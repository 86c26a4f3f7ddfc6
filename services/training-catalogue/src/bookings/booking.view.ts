import type { BookingView } from './booking.dto';
import type { BookingEntity } from './booking.entity';

export function bookingView(booking: BookingEntity): BookingView {
  return {
    bookingId: booking.bookingId,
    sessionId: booking.sessionId,
    learnerId: booking.learnerId,
    profession: booking.profession,
    employerOdsCode: booking.employerOdsCode,
    status: booking.status,
    bookedAt: booking.bookedAt.toISOString(),
    confirmedAt: booking.confirmedAt?.toISOString() ?? null,
  };
}
