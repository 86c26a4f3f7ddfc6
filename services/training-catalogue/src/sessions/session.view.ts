import { LONDON, londonWallTime } from '../catalogue/london-time';
import type { SessionView } from './session.dto';
import type { SessionEntity } from './session.entity';
import { sessionDeliveryMode } from './session.rules';

export function sessionView(session: SessionEntity): SessionView {
  return {
    sessionId: session.sessionId,
    courseId: session.courseId,
    hubId: session.hubId,
    startsAt: session.startsAt.toISOString(),
    endsAt: session.endsAt.toISOString(),
    startsAtLocal: londonWallTime(session.startsAt),
    endsAtLocal: londonWallTime(session.endsAt),
    timeZone: LONDON,
    venue: session.venue,
    onlineLink: session.onlineLink,
    deliveryMode: sessionDeliveryMode(session),
    capacity: session.capacity,
    confirmedPlaces: session.confirmedPlaces,
    freePlaces: Math.max(0, session.capacity - session.confirmedPlaces),
    status: session.status,
    cancellationReason: session.cancellationReason,
    replacementSessionId: session.replacementSessionId,
    version: session.version,
  };
}
