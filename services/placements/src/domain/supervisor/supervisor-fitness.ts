import type { CalendarDay } from '../calendar-day';
import type { LearnerType } from '../learner-type';
import { PlacementsRuleBroken } from '../placements-rule.error';

/** Supervisor and educator roles (DOMAIN.md §7 SupervisorRole). */
export const SUPERVISOR_ROLES = [
  'CLINICAL_SUPERVISOR',
  'EDUCATIONAL_SUPERVISOR',
  'GP_TRAINER',
  'ASSOCIATE_TRAINER',
  'PRACTICE_SUPERVISOR',
  'PRACTICE_ASSESSOR',
  'PRACTICE_EDUCATOR',
  'DESIGNATED_SUPERVISOR',
  'DESIGNATED_PRESCRIBING_PRACTITIONER',
] as const;
export type SupervisorRole = (typeof SUPERVISOR_ROLES)[number];

/** One approval of a supervisor in a role, until it expires (open-ended when no expiry). */
export interface SupervisorApproval {
  role: SupervisorRole;
  approvedFrom: CalendarDay;
  expiresOn?: CalendarDay;
}

const MEDICAL: readonly SupervisorRole[] = ['CLINICAL_SUPERVISOR', 'EDUCATIONAL_SUPERVISOR', 'GP_TRAINER', 'ASSOCIATE_TRAINER'];
const NMC_SSSA: readonly SupervisorRole[] = ['PRACTICE_SUPERVISOR', 'PRACTICE_ASSESSOR'];
const AHP: readonly SupervisorRole[] = ['PRACTICE_EDUCATOR', 'PRACTICE_SUPERVISOR', 'CLINICAL_SUPERVISOR'];

/**
 * Which roles may supervise which learner: GP registrars need a GP trainer or educational
 * supervisor; nursing learners a practice supervisor or assessor (NMC SSSA); foundation trainee
 * pharmacists a designated supervisor or designated prescribing practitioner; and so on.
 */
export const FITTING_ROLES: Readonly<Record<LearnerType, readonly SupervisorRole[]>> = {
  MEDICAL_STUDENT: MEDICAL,
  FOUNDATION_DOCTOR: MEDICAL,
  GP_SPECIALTY_REGISTRAR: ['GP_TRAINER', 'EDUCATIONAL_SUPERVISOR', 'ASSOCIATE_TRAINER'],
  STUDENT_NURSE: NMC_SSSA,
  TRAINEE_NURSING_ASSOCIATE: NMC_SSSA,
  PARAMEDIC_STUDENT: AHP,
  PHYSIOTHERAPY_STUDENT: AHP,
  OCCUPATIONAL_THERAPY_STUDENT: AHP,
  DIETETICS_STUDENT: AHP,
  PODIATRY_STUDENT: AHP,
  OTHER_ALLIED_HEALTH_STUDENT: AHP,
  PHARMACY_STUDENT: ['DESIGNATED_SUPERVISOR', 'PRACTICE_SUPERVISOR', 'PRACTICE_EDUCATOR'],
  FOUNDATION_TRAINEE_PHARMACIST: ['DESIGNATED_SUPERVISOR', 'DESIGNATED_PRESCRIBING_PRACTITIONER'],
  PHYSICIAN_ASSOCIATE_STUDENT: ['CLINICAL_SUPERVISOR', 'EDUCATIONAL_SUPERVISOR', 'GP_TRAINER'],
  ADVANCED_CLINICAL_PRACTITIONER_TRAINEE: ['CLINICAL_SUPERVISOR', 'EDUCATIONAL_SUPERVISOR', 'DESIGNATED_SUPERVISOR'],
};

/** The approval that lets a supervisor supervise this learner throughout the dates, if any. */
export function fittingApproval(
  approvals: readonly SupervisorApproval[],
  learnerType: LearnerType,
  startDate: CalendarDay,
  endDate: CalendarDay,
): SupervisorApproval | undefined {
  const fitting = FITTING_ROLES[learnerType];
  return approvals.find(
    (a) => fitting.includes(a.role) && a.approvedFrom <= startDate && (a.expiresOn === undefined || a.expiresOn >= endDate),
  );
}

export interface NamedSupervisor {
  id: string;
  approvals: readonly SupervisorApproval[];
}

/** Refuses a placement unless it has at least one supervisor and each holds a fitting role, unexpired throughout it. */
export function assertSupervisorsFit(supervisors: readonly NamedSupervisor[], learnerType: LearnerType, startDate: CalendarDay, endDate: CalendarDay): void {
  if (supervisors.length === 0) {
    throw new PlacementsRuleBroken('no-supervisor', 'A placement needs at least one supervisor.');
  }
  for (const supervisor of supervisors) {
    if (!fittingApproval(supervisor.approvals, learnerType, startDate, endDate)) {
      throw new PlacementsRuleBroken(
        'supervisor-not-fitting',
        `Supervisor ${supervisor.id} holds no approval in a role fit for ${learnerType} (${FITTING_ROLES[learnerType].join(', ')}) ` +
          `that is valid from ${startDate} to ${endDate}.`,
      );
    }
  }
}
