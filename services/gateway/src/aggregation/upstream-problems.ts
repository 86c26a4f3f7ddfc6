import { HttpException } from '@nestjs/common';
import type { CallOutcome } from './section';

const PROBLEMS = 'https://traininghubs.nhs.uk/problems/';

/**
 * The answer when the record an aggregated read is about (the hub, the ICB) cannot be had:
 * the owning service's own refusal (404 where existence must not leak, 403, 401, 400) passed on
 * as it is; 503 when it says it is unavailable, 502 when it fails or cannot be reached, 504 when
 * it is too slow. Only then is an aggregated read a server error.
 */
export function recordUnavailable(service: string, outcome: CallOutcome): HttpException {
  if (outcome.kind === 'timed-out') {
    return new HttpException(
      { type: `${PROBLEMS}service-timeout`, title: 'The service did not answer in time', detail: `${service} did not answer within ${outcome.afterMs} ms; it is safe to retry.` },
      504,
    );
  }
  if (outcome.kind === 'answered' && outcome.httpStatus >= 400 && outcome.httpStatus < 500) {
    const body = outcome.body as { type?: unknown; title?: unknown; detail?: unknown } | undefined;
    if (body && typeof body.type === 'string' && typeof body.title === 'string') {
      return new HttpException({ type: body.type, title: body.title, detail: typeof body.detail === 'string' ? body.detail : undefined }, outcome.httpStatus);
    }
    return new HttpException({ type: `${PROBLEMS}not-found`, title: 'Not found', detail: 'No such record.' }, outcome.httpStatus);
  }
  const status = outcome.kind === 'answered' && outcome.httpStatus === 503 ? 503 : 502;
  const why = outcome.kind === 'answered' ? `answered HTTP ${outcome.httpStatus}` : `could not be reached (${outcome.reason})`;
  return new HttpException(
    { type: `${PROBLEMS}service-unavailable`, title: 'The service is not available', detail: `${service} ${why}; it is safe to retry. Quote the correlation id if you report it.` },
    status,
  );
}
