import { HttpException, HttpStatus } from '@nestjs/common';
import { REFERENCE_DATA_FROM } from '../organisations/reference-data/reference-coverage';

const PROBLEMS = 'https://traininghubs.nhs.uk/problems/';

/** A request that breaks a registry rule, as problem+json with its own type. */
function problem(status: HttpStatus, slug: string, title: string, detail: string, extensions: Record<string, unknown> = {}): HttpException {
  return new HttpException({ type: `${PROBLEMS}${slug}`, title, detail, ...extensions }, status);
}

export const unknownOrganisation = (detail: string) => problem(HttpStatus.UNPROCESSABLE_ENTITY, 'unknown-organisation', 'An organisation code is not known', detail);
export const hubRuleBroken = (detail: string) => problem(HttpStatus.UNPROCESSABLE_ENTITY, 'hub-rule-broken', 'The hub breaks a registry rule', detail);
export const icbAlreadyHasHub = (detail: string) => problem(HttpStatus.CONFLICT, 'icb-already-has-hub', 'The ICB already has an active ICS-level hub', detail);
export const datesOutOfOrder = (detail: string) => problem(HttpStatus.UNPROCESSABLE_ENTITY, 'dates-out-of-order', 'Dates out of order', detail);
/** The file cannot be read as CSV; `line` (when known) is the line of the file where it goes wrong. */
export const malformedCsv = (detail: string, line?: number) => problem(HttpStatus.BAD_REQUEST, 'malformed-csv', 'The CSV file cannot be read', detail, line === undefined ? {} : { line });
export const hubNotActive = (detail: string) => problem(HttpStatus.CONFLICT, 'hub-not-active', 'The hub is not active', detail);
export const noRecordedSuccession = (detail: string) => problem(HttpStatus.UNPROCESSABLE_ENTITY, 'no-recorded-succession', 'No such ICB succession is recorded', detail);
export const hubAlreadySucceeded = (detail: string) => problem(HttpStatus.CONFLICT, 'hub-already-succeeded', 'The hub already follows this succession', detail);
export const outsideParentArea = (detail: string) => problem(HttpStatus.UNPROCESSABLE_ENTITY, 'outside-parent-area', 'A locality hub must lie inside its parent hub’s area', detail);
/** A day before the reference data begins: nothing can be said of where an organisation lay then. `earliestDay` is the first day covered. */
export const beforeReferenceData = (detail: string) =>
  problem(HttpStatus.UNPROCESSABLE_ENTITY, 'before-reference-data', 'The day is before the organisation reference data begins', detail, { earliestDay: REFERENCE_DATA_FROM });
