import { ArrsRole, GpRole, LeavingDestination, LeavingReason, Profession, RecruitmentRoute, RetentionIntervention, RetentionOutcome, StaffGroup } from '@traininghubs/contracts';

/**
 * The contracts' enum value of a domain code, e.g. ArrsRole "GP" → ArrsRole.GP. A code the
 * contract does not know yet (an ARRS role added as reference data before the proto) is sent as
 * UNSPECIFIED rather than guessed.
 */
function valueOf<E extends Record<string, string | number>>(contractEnum: E, code: string | null | undefined): E[keyof E] {
  const value = code ? contractEnum[code as keyof E] : undefined;
  return (typeof value === 'number' ? value : contractEnum['UNSPECIFIED' as keyof E]) as E[keyof E];
}

export const arrsRoleMessage = (code: string | null | undefined): ArrsRole => valueOf(ArrsRole, code);
export const gpRoleMessage = (code: string | null | undefined): GpRole => valueOf(GpRole, code);
export const staffGroupMessage = (code: string): StaffGroup => valueOf(StaffGroup, code);
export const professionMessage = (code: string): Profession => valueOf(Profession, code);
export const routeMessage = (code: string): RecruitmentRoute => valueOf(RecruitmentRoute, code);
export const leavingReasonMessage = (code: string | null): LeavingReason => valueOf(LeavingReason, code);
export const leavingDestinationMessage = (code: string | null): LeavingDestination => valueOf(LeavingDestination, code);
export const interventionMessage = (code: string): RetentionIntervention => valueOf(RetentionIntervention, code);
export const outcomeMessage = (code: string): RetentionOutcome => valueOf(RetentionOutcome, code);
