import { LEARNER_TYPES } from '../learner-type';
import { assertSupervisorsFit, FITTING_ROLES, fittingApproval } from './supervisor-fitness';

describe('supervisor fitness', () => {
  it('names fitting roles for every learner type', () => {
    for (const learnerType of LEARNER_TYPES) expect(FITTING_ROLES[learnerType].length).toBeGreaterThan(0);
  });

  it('finds an unexpired approval in a fitting role covering the dates', () => {
    const approvals = [
      { role: 'PRACTICE_ASSESSOR' as const, approvedFrom: '2024-01-01', expiresOn: '2025-12-31' },
      { role: 'GP_TRAINER' as const, approvedFrom: '2024-01-01' },
    ];
    expect(fittingApproval(approvals, 'STUDENT_NURSE', '2025-09-01', '2025-12-31')?.role).toBe('PRACTICE_ASSESSOR');
    expect(fittingApproval(approvals, 'STUDENT_NURSE', '2025-09-01', '2026-01-01')).toBeUndefined();
    expect(fittingApproval(approvals, 'GP_SPECIALTY_REGISTRAR', '2030-01-01', '2031-01-01')?.role).toBe('GP_TRAINER');
    expect(fittingApproval(approvals, 'FOUNDATION_TRAINEE_PHARMACIST', '2025-09-01', '2025-10-01')).toBeUndefined();
    expect(fittingApproval([{ role: 'GP_TRAINER', approvedFrom: '2025-10-01' }], 'GP_SPECIALTY_REGISTRAR', '2025-09-01', '2025-12-01')).toBeUndefined();
  });

  it('refuses a placement without a supervisor, or with one who does not fit', () => {
    expect(() => assertSupervisorsFit([], 'STUDENT_NURSE', '2025-09-01', '2025-10-01')).toThrow(expect.objectContaining({ code: 'no-supervisor' }));
    expect(() => assertSupervisorsFit([{ id: 's1', approvals: [{ role: 'GP_TRAINER', approvedFrom: '2020-01-01' }] }], 'STUDENT_NURSE', '2025-09-01', '2025-10-01')).toThrow(
      expect.objectContaining({ code: 'supervisor-not-fitting' }),
    );
    expect(() => assertSupervisorsFit([{ id: 's1', approvals: [{ role: 'PRACTICE_SUPERVISOR', approvedFrom: '2020-01-01' }] }], 'STUDENT_NURSE', '2025-09-01', '2025-10-01')).not.toThrow();
  });
});
