import { ConflictException, Injectable, NotFoundException, UnprocessableEntityException, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { catchError, type Observable, throwError } from 'rxjs';
import { CatalogueRuleError } from '../catalogue/catalogue-rule.error';

const PROBLEMS = 'https://traininghubs.nhs.uk/problems/';
const TITLES = { invalid: 'The request breaks a catalogue rule', conflict: 'Not possible in the current state', 'not-found': 'Not found' } as const;

/** Answers a broken catalogue rule as problem+json: 422 invalid, 409 conflict, 404 not found. */
export function problemOf(error: CatalogueRuleError): Error {
  const body = { type: error.kind === 'not-found' ? `${PROBLEMS}not-found` : `${PROBLEMS}${error.code}`, title: TITLES[error.kind], detail: error.message };
  if (error.kind === 'invalid') return new UnprocessableEntityException(body);
  if (error.kind === 'conflict') return new ConflictException(body);
  return new NotFoundException(body);
}

@Injectable()
export class CatalogueProblemsInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(catchError((error: unknown) => throwError(() => (error instanceof CatalogueRuleError ? problemOf(error) : error))));
  }
}
