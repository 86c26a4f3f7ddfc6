import { WorkforceRuleBroken } from '../workforce-rule.error';

/** Full time in general practice: 37.5 hours a week is 1.0 FTE (GPW convention). */
export const FULL_TIME_HOURS_PER_WEEK = 37.5;
/** A full-time salaried GP works 9 sessions of 4 hours 10 minutes (= 37.5 hours). */
export const FULL_TIME_GP_SESSIONS = 9;

/** FTE is carried in hundredths (100 = 1.0 FTE) so sums stay exact. */
export type FteHundredths = number;

/** FTE of a weekly contract in hours: 30 hours → 80 (0.8 FTE). Rounded to the nearest hundredth. */
export function fteOfHours(hoursPerWeek: number): FteHundredths {
  if (!Number.isFinite(hoursPerWeek) || hoursPerWeek < 0 || hoursPerWeek > 168) {
    throw new WorkforceRuleBroken('invalid-hours', `${hoursPerWeek} is not a number of hours a week (0 to 168).`);
  }
  return Math.round((hoursPerWeek / FULL_TIME_HOURS_PER_WEEK) * 100);
}

/** FTE of a GP working clinical sessions a week: 9 sessions → 100, 4 sessions → 44. */
export function fteOfGpSessions(sessionsPerWeek: number): FteHundredths {
  if (!Number.isInteger(sessionsPerWeek) || sessionsPerWeek < 0 || sessionsPerWeek > 12) {
    throw new WorkforceRuleBroken('invalid-sessions', `${sessionsPerWeek} is not a number of GP sessions a week (0 to 12).`);
  }
  return Math.round((sessionsPerWeek / FULL_TIME_GP_SESSIONS) * 100);
}

/** FTE as a decimal (1.5) from hundredths (150). */
export function fteDecimal(fte: FteHundredths): number {
  return fte / 100;
}

/** FTE in hundredths from a decimal figure as published (1.47 → 147); rejects negative or non-numeric values. */
export function fteHundredthsOf(decimal: number): FteHundredths {
  if (!Number.isFinite(decimal) || decimal < 0) {
    throw new WorkforceRuleBroken('invalid-fte', `${decimal} is not a full-time equivalent (a number of 0 or more).`);
  }
  return Math.round(decimal * 100);
}

/** One post held by one person; a person can hold several posts (roles). */
export interface Post {
  personId: string;
  role: string;
  fteHundredths: FteHundredths;
}

/** Headcount and FTE of a set of posts: headcount counts distinct people, FTE adds up every post. */
export function headcountAndFte(posts: readonly Post[]): { headcount: number; fteHundredths: FteHundredths } {
  return {
    headcount: new Set(posts.map((p) => p.personId)).size,
    fteHundredths: posts.reduce((sum, p) => sum + p.fteHundredths, 0),
  };
}
