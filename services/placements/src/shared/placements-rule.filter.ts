import { Catch, ConflictException, UnprocessableEntityException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { ProblemDetailsFilter } from '@traininghubs/runtime';
import { PlacementsRuleBroken } from '../domain/placements-rule.error';

const PROBLEMS = 'https://traininghubs.nhs.uk/problems/placements/';

/** A broken placements rule as problem+json: 409 for the record's state, 422 for what was asked. */
export function problemOf(rule: PlacementsRuleBroken): ConflictException | UnprocessableEntityException {
  const body = { type: `${PROBLEMS}${rule.code}`, title: rule.kind === 'conflict' ? 'Not possible in its current state' : 'Breaks a placements rule', detail: rule.message, code: rule.code };
  return rule.kind === 'conflict' ? new ConflictException(body) : new UnprocessableEntityException(body);
}

@Catch(PlacementsRuleBroken)
export class PlacementsRuleFilter implements ExceptionFilter {
  private readonly problems = new ProblemDetailsFilter();

  catch(rule: PlacementsRuleBroken, host: ArgumentsHost): void {
    this.problems.catch(problemOf(rule), host);
  }
}
