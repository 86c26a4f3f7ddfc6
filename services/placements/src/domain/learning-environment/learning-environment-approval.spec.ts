import { assertApprovedFor, checkApprovalDates, checkOdsCode, effectiveStatus, type LearningEnvironmentApproval } from './learning-environment-approval';

const approval: LearningEnvironmentApproval = {
  status: 'approved',
  learnerTypes: ['STUDENT_NURSE', 'GP_SPECIALTY_REGISTRAR'],
  approvedFrom: '2025-04-01',
  reviewDueBy: '2027-03-31',
};

describe('learning environment approval', () => {
  it('checks approval dates', () => {
    expect(() => checkApprovalDates('2025-04-01', '2027-03-31')).not.toThrow();
    expect(() => checkApprovalDates('2025-04-01', '2025-04-01')).toThrow(/must be after the approval date/);
    expect(() => checkApprovalDates('2025-13-01', '2027-03-31')).toThrow(expect.objectContaining({ code: 'invalid-dates' }));
  });

  it("checks a GP practice's ODS code strictly: a letter and five digits", () => {
    expect(() => checkOdsCode('GP_PRACTICE', 'F83004')).not.toThrow();
    expect(() => checkOdsCode('GP_PRACTICE', 'W91016')).not.toThrow();
    for (const code of ['F8300', 'F830041', 'f83004', 'FF3004', '883004', 'F83004 ']) {
      expect(() => checkOdsCode('GP_PRACTICE', code)).toThrow(expect.objectContaining({ code: 'invalid-ods-code' }));
    }
    expect(() => checkOdsCode('PCN', 'U83547')).not.toThrow();
    expect(() => checkOdsCode('BRANCH_SURGERY', 'F83004001')).not.toThrow();
  });

  it('lapses to expired after its review date', () => {
    expect(effectiveStatus(approval, '2027-03-31')).toBe('approved');
    expect(effectiveStatus(approval, '2027-04-01')).toBe('expired');
    expect(effectiveStatus({ ...approval, status: 'suspended' }, '2025-05-01')).toBe('suspended');
  });

  it('allows a placement of an approved learner type within the approval', () => {
    expect(() => assertApprovedFor(approval, 'STUDENT_NURSE', '2025-04-01', '2027-03-31', '2025-01-01')).not.toThrow();
  });

  it.each([
    [{ ...approval, status: 'suspended' as const }, 'STUDENT_NURSE', '2025-09-01', '2025-10-01', 'learning-environment-not-approved'],
    [approval, 'STUDENT_NURSE', '2027-05-01', '2027-06-01', 'learning-environment-not-approved'],
    [approval, 'MEDICAL_STUDENT', '2025-09-01', '2025-10-01', 'learner-type-not-approved'],
    [approval, 'STUDENT_NURSE', '2025-03-31', '2025-10-01', 'outside-approval-dates'],
    [approval, 'STUDENT_NURSE', '2027-03-01', '2027-04-01', 'outside-approval-dates'],
  ] as const)('refuses %#: %s', (a, learnerType, start, end, code) => {
    const today = start;
    expect(() => assertApprovedFor(a, learnerType, start, end, today)).toThrow(expect.objectContaining({ code }));
  });
});
