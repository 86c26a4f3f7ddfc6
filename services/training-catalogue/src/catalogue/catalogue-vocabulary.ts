import { CourseFormat, KpiArea, Profession } from '@traininghubs/contracts';

/** The names of a generated protobuf enum, without UNSPECIFIED: the words the REST API uses. */
function namesOf(enumeration: Record<string, string | number>): string[] {
  return Object.keys(enumeration).filter((name) => Number.isNaN(Number(name)) && name !== 'UNSPECIFIED');
}

/** Single session, programme, e-learning, shadowing, mentoring, coaching, PTL event, conference. */
export const COURSE_FORMATS = namesOf(CourseFormat) as Array<keyof typeof CourseFormat>;
export type CourseFormatName = Exclude<keyof typeof CourseFormat, 'UNSPECIFIED'>;

/** The four Training Hub KPI areas. */
export const KPI_AREAS = namesOf(KpiArea) as Array<keyof typeof KpiArea>;
export type KpiAreaName = Exclude<keyof typeof KpiArea, 'UNSPECIFIED'>;

/** Primary-care professions (the contracts' Profession). */
export const PROFESSIONS = namesOf(Profession) as Array<keyof typeof Profession>;
export type ProfessionName = Exclude<keyof typeof Profession, 'UNSPECIFIED'>;

export const STAFF_GROUPS = ['GP', 'NURSE', 'DIRECT_PATIENT_CARE', 'ADMIN_NON_CLINICAL'] as const;

/** Who delivers a course. */
export const PROVIDER_TYPES = ['UNIVERSITY', 'GP_SCHOOL', 'ROYAL_COLLEGE', 'TRAINING_COMPANY', 'CHARITY', 'TRAINING_HUB'] as const;
export type ProviderType = (typeof PROVIDER_TYPES)[number];

/** How a course is delivered overall; each session's own mode follows from its venue and online link. */
export const COURSE_DELIVERY_MODES = ['IN_PERSON', 'ONLINE', 'BLENDED'] as const;
export type CourseDeliveryMode = (typeof COURSE_DELIVERY_MODES)[number];

export const CANCELLATION_REASONS = [
  'LOW_BOOKINGS',
  'FACILITATOR_UNAVAILABLE',
  'VENUE_UNAVAILABLE',
  'SYSTEM_PRESSURES',
  'COURSE_WITHDRAWN',
  'OTHER',
] as const;
export type CancellationReason = (typeof CANCELLATION_REASONS)[number];
