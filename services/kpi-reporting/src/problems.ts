import { BadRequestException } from '@nestjs/common';

/** Where kpi-reporting's problem types (RFC 9457 `type`) live. */
export const KPI_PROBLEMS = 'https://traininghubs.nhs.uk/problems/kpi-reporting/';

/** 400 for a query the service cannot read (a scope or reporting period it does not know). */
export function invalidQuery(error: Error): BadRequestException {
  return new BadRequestException({ type: `${KPI_PROBLEMS}invalid-query`, title: 'Your request is not valid', detail: error.message });
}
