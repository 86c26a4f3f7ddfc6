import { create } from '@bufbuild/protobuf';
import { LocalDateSchema, type LocalDate } from './gen/traininghubs/common/v1/date_pb';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A text that is not a real calendar day in ISO form (YYYY-MM-DD), or a LocalDate that is not one. */
export class InvalidLocalDateError extends Error {
  constructor(readonly value: string) {
    super(`"${value}" is not a calendar day in the form YYYY-MM-DD`);
    this.name = 'InvalidLocalDateError';
  }
}

function isRealDay(year: number, month: number, day: number): boolean {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

/**
 * The LocalDate of an ISO calendar day, e.g. `localDateFromIso('2026-04-01')` for the day the 2026
 * ICB mergers take effect. Throws InvalidLocalDateError for anything that is not a real day
 * (`2025-02-29`, `2025-4-1`, `2025-04-01T00:00`).
 */
export function localDateFromIso(iso: string): LocalDate {
  const match = ISO_DATE.exec(iso);
  if (!match) throw new InvalidLocalDateError(iso);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (!isRealDay(year, month, day)) throw new InvalidLocalDateError(iso);
  return create(LocalDateSchema, { year, month, day });
}

/** The ISO form (YYYY-MM-DD) of a LocalDate; throws InvalidLocalDateError when it is not a real day. */
export function localDateToIso(date: LocalDate): string {
  const iso = `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
  if (!isRealDay(date.year, date.month, date.day)) throw new InvalidLocalDateError(iso);
  return iso;
}
