import { HttpException, Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { RequestWithCaller } from '@traininghubs/auth';

/** The throttler's name: `default` makes it answer with a plain `Retry-After` header. */
export const CALLER_THROTTLER = 'default';

/**
 * Rate limit per caller: counted by the verified token subject (AuthGuard runs first, as a
 * global guard), so one caller cannot use up another's allowance and a caller behind a shared
 * proxy is not limited by its neighbours. 429 problem+json with Retry-After (seconds).
 * Applied to the API controllers only; health, metrics and the docs are never limited.
 */
@Injectable()
export class CallerThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const caller = (req as RequestWithCaller).caller;
    return caller ? `sub:${caller.subject}` : `ip:${String(req.ip)}`;
  }

  /** One allowance per caller across every route (the default counts each route separately). */
  protected override generateKey(_context: ExecutionContext, tracker: string, name: string): string {
    return `${name}:${tracker}`;
  }

  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw new HttpException(
      {
        type: 'https://traininghubs.nhs.uk/problems/rate-limited',
        title: 'Too many requests',
        detail: `You may make ${detail.limit} requests in ${Math.round(detail.ttl / 1000)} s. Try again in ${detail.timeToBlockExpire} s.`,
      },
      429,
    );
  }
}
