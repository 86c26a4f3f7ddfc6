/**
 * One part of an aggregated read (a hub overview, an ICB dashboard), built from one service.
 * When the service is down, slow or refuses the caller, the part is marked and the rest of the
 * read still comes back.
 */
export type SectionStatus = 'ok' | 'unavailable' | 'timeout' | 'forbidden';

export interface SectionError {
  /** The service that did not give this part. */
  service: string;
  /** Its HTTP status, when it answered. */
  httpStatus?: number;
  detail: string;
}

export interface Section<T = unknown> {
  status: SectionStatus;
  data?: T;
  error?: SectionError;
}

/** What a service call came to: an answer (any status), no answer in time, or no answer at all. */
export type CallOutcome =
  | { kind: 'answered'; httpStatus: number; body: unknown }
  | { kind: 'timed-out'; afterMs: number }
  | { kind: 'failed'; reason: string };

/**
 * The section a service call makes: 2xx is the data; 401/403/404 mean the caller may not see it
 * (the services answer 404 where existence must not leak), so nothing of it is shown; any other
 * answer or none at all marks it unavailable, or timed out.
 */
export function sectionOf<T>(service: string, outcome: CallOutcome): Section<T> {
  switch (outcome.kind) {
    case 'timed-out':
      return { status: 'timeout', error: { service, detail: `${service} did not answer within ${outcome.afterMs} ms` } };
    case 'failed':
      return { status: 'unavailable', error: { service, detail: `${service} could not be reached (${outcome.reason})` } };
    case 'answered': {
      const { httpStatus, body } = outcome;
      if (httpStatus >= 200 && httpStatus < 300) return { status: 'ok', data: body as T };
      const detail = problemDetail(body) ?? `HTTP ${httpStatus}`;
      if (httpStatus === 401 || httpStatus === 403 || httpStatus === 404) return { status: 'forbidden', error: { service, httpStatus, detail } };
      return { status: 'unavailable', error: { service, httpStatus, detail } };
    }
  }
}

/** Maps the data of a section that came back, keeping a marked section as it is. */
export function mapSection<T, U>(section: Section<T>, map: (data: T) => U): Section<U> {
  return section.status === 'ok' ? { status: 'ok', data: map(section.data as T) } : { status: section.status, error: section.error };
}

function problemDetail(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { title, detail } = body as { title?: unknown; detail?: unknown };
  const parts = [title, detail].filter((p): p is string => typeof p === 'string' && p.length > 0);
  return parts.length ? parts.join(': ') : undefined;
}
