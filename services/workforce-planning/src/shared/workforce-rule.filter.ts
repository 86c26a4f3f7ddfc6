import { Catch, ConflictException, UnprocessableEntityException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { ProblemDetailsFilter } from '@traininghubs/runtime';
import { WorkforceRuleBroken } from '../domain/workforce-rule.error';

const PROBLEMS = 'https://traininghubs.nhs.uk/problems/workforce-planning/';

/** A broken workforce rule as problem+json: 409 for the record's state, 422 for what was asked. */
export function problemOf(rule: WorkforceRuleBroken): ConflictException | UnprocessableEntityException {
  const body = { type: `${PROBLEMS}${rule.code}`, title: rule.kind === 'conflict' ? 'Not possible in its current state' : 'Breaks a workforce-planning rule', detail: rule.message, code: rule.code };
  return rule.kind === 'conflict' ? new ConflictException(body) : new UnprocessableEntityException(body);
}

@Catch(WorkforceRuleBroken)
export class WorkforceRuleFilter implements ExceptionFilter {
  private readonly problems = new ProblemDetailsFilter();

  catch(rule: WorkforceRuleBroken, host: ArgumentsHost): void {
    this.problems.catch(problemOf(rule), host);
  }
}
