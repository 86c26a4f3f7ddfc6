import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Caller } from '../caller/caller';

/** The request as the guard leaves it: with the verified caller on it. */
export interface RequestWithCaller {
  caller?: Caller;
}

/** The verified caller of the request. Only on routes that need a token (not @Public()). */
export function callerOf(request: RequestWithCaller): Caller {
  if (!request.caller) throw new Error('No verified caller on this request: @CurrentCaller() was used on a @Public() route or outside the AuthGuard');
  return request.caller;
}

/** Handler parameter: the verified caller, e.g. `read(@CurrentCaller() caller: Caller)`. */
export const CurrentCaller = createParamDecorator((_data: unknown, context: ExecutionContext): Caller => callerOf(context.switchToHttp().getRequest<RequestWithCaller>()));
