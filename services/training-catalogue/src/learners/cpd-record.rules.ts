/** One delivered session a learner attended, as their CPD record sees it. */
export interface AttendedSession {
  courseId: string;
  courseTitle: string;
  courseFormat: string;
  sessionId: string;
  startsAt: Date;
  durationMinutes: number;
  /** The accreditation body whose credits the course earns (e.g. RCGP); null when not accredited. */
  accreditationBody: string | null;
  /** Credits per hour of learning under that scheme (RCGP: 1 credit per hour). */
  creditsPerHour: number | null;
}

/** A programme's sessions that ran (delivered) and those the learner attended. */
export interface ProgrammeSessions {
  courseId: string;
  deliveredSessionIds: readonly string[];
  attendedSessionIds: readonly string[];
  /** Scheduled sessions still to come. */
  sessionsToCome: number;
}

export interface CpdTotals {
  minutes: number;
  hours: number;
  byScheme: Array<{ scheme: string; hours: number; credits: number }>;
}

/** Credits a session earns under its scheme, to two decimal places. */
export function creditsFor(session: Pick<AttendedSession, 'durationMinutes' | 'creditsPerHour'>): number {
  return round2(((session.creditsPerHour ?? 0) * session.durationMinutes) / 60);
}

/** A learner's CPD: total hours, and hours and credits by accreditation scheme ("unaccredited" for the rest). */
export function cpdTotals(sessions: readonly AttendedSession[]): CpdTotals {
  const schemes = new Map<string, { minutes: number; credits: number }>();
  let minutes = 0;
  for (const session of sessions) {
    minutes += session.durationMinutes;
    const scheme = session.accreditationBody ?? 'unaccredited';
    const total = schemes.get(scheme) ?? { minutes: 0, credits: 0 };
    total.minutes += session.durationMinutes;
    total.credits += creditsFor(session);
    schemes.set(scheme, total);
  }
  return {
    minutes,
    hours: round2(minutes / 60),
    byScheme: [...schemes.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([scheme, total]) => ({ scheme, hours: round2(total.minutes / 60), credits: round2(total.credits) })),
  };
}

/**
 * Whether a learner completed a programme: every session of it has run (none still to come)
 * and the learner attended each one that ran.
 */
export function programmeCompleted(programme: ProgrammeSessions): boolean {
  if (programme.sessionsToCome > 0 || programme.deliveredSessionIds.length === 0) return false;
  const attended = new Set(programme.attendedSessionIds);
  return programme.deliveredSessionIds.every((id) => attended.has(id));
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
