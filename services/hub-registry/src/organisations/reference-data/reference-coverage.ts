/**
 * The first day the organisation reference data covers. The seven NHS England regions and the 42
 * system footprints (the STP/ICS partnerships whose ODS codes the ICBs kept on 1 July 2022) are
 * recorded from this day; before it the registry cannot say which system anything lay in.
 * See docs/pre-icb-footprints.md.
 */
export const REFERENCE_DATA_FROM = '2019-04-01';

/** Whether the reference data covers a day (ISO text). */
export function isCoveredDay(day: string): boolean {
  return day >= REFERENCE_DATA_FROM;
}

/** Why a day given as `field` cannot be answered, or undefined when the reference data covers it. */
export function uncoveredDayReason(field: string, day: string): string | undefined {
  if (isCoveredDay(day)) return undefined;
  return (
    `${field} ${day} is before ${REFERENCE_DATA_FROM}, the earliest day the organisation reference data covers: ` +
    `regions and system footprints (the STP/ICS partnerships that became the ICBs) are recorded from ${REFERENCE_DATA_FROM} on`
  );
}
