import { WorkforceRuleBroken } from '../workforce-rule.error';
import { checkPlaceOfWork, parentOn, type RegisteredOrganisation } from './place-of-work';

const pcn = (odsCode: string, icb: string, extra: Partial<RegisteredOrganisation> = {}): RegisteredOrganisation => ({
  odsCode,
  kind: 'pcn',
  name: `PCN ${odsCode}`,
  memberships: [{ parentOdsCode: icb, validFrom: '2019-07-01', validTo: null }],
  ...extra,
});
const practice = (odsCode: string, memberships: RegisteredOrganisation['memberships']): RegisteredOrganisation => ({ odsCode, kind: 'gp_practice', name: `Surgery ${odsCode}`, memberships });

const register = new Map(
  [
    pcn('U83547', 'QOX'),
    pcn('U20002', 'QUY'),
    // Moved from U20002 to U83547 on 1 January 2026.
    practice('F83004', [
      { parentOdsCode: 'U20002', validFrom: null, validTo: '2025-12-31' },
      { parentOdsCode: 'U83547', validFrom: '2026-01-01', validTo: null },
    ]),
  ].map((o) => [o.odsCode, o] as const),
);
const bsw = 'QOX';
const TODAY = '2026-11-22';
const codeOf = (act: () => void): string | undefined => {
  try {
    act();
    return undefined;
  } catch (error) {
    if (error instanceof WorkforceRuleBroken) return error.code;
    throw error;
  }
};

describe('parentOn', () => {
  it('finds the membership of the day, open-ended at either side', () => {
    const f = register.get('F83004')!;
    expect(parentOn(f, '1990-01-01')).toBe('U20002');
    expect(parentOn(f, '2025-12-31')).toBe('U20002');
    expect(parentOn(f, '2026-01-01')).toBe('U83547');
    expect(parentOn(pcn('U1', 'QOX'), '2019-06-30')).toBeUndefined();
  });
});

describe('checkPlaceOfWork', () => {
  it('accepts a recorded PCN in the hub’s ICB, with or without a practice of that PCN on the start date', () => {
    expect(codeOf(() => checkPlaceOfWork({ pcnOdsCode: 'U83547', startDate: '2026-02-01' }, bsw, register, TODAY))).toBeUndefined();
    expect(codeOf(() => checkPlaceOfWork({ pcnOdsCode: 'U83547', practiceOdsCode: 'F83004', startDate: '2026-02-01' }, bsw, register, TODAY))).toBeUndefined();
  });

  it('refuses a PCN or practice the registry has not recorded, or a code of the wrong kind', () => {
    expect(codeOf(() => checkPlaceOfWork({ pcnOdsCode: 'U99999', startDate: '2026-02-01' }, bsw, register, TODAY))).toBe('unknown-pcn');
    expect(codeOf(() => checkPlaceOfWork({ pcnOdsCode: 'F83004', startDate: '2026-02-01' }, bsw, register, TODAY))).toBe('unknown-pcn');
    expect(codeOf(() => checkPlaceOfWork({ pcnOdsCode: 'U83547', practiceOdsCode: 'F99999', startDate: '2026-02-01' }, bsw, register, TODAY))).toBe('unknown-practice');
    expect(codeOf(() => checkPlaceOfWork({ pcnOdsCode: 'U83547', practiceOdsCode: 'U20002', startDate: '2026-02-01' }, bsw, register, TODAY))).toBe('unknown-practice');
  });

  it('refuses a PCN of another ICB, and a practice that was in another PCN on the start date', () => {
    expect(codeOf(() => checkPlaceOfWork({ pcnOdsCode: 'U20002', startDate: '2026-02-01' }, bsw, register, TODAY))).toBe('outside-hub-area');
    expect(codeOf(() => checkPlaceOfWork({ pcnOdsCode: 'U83547', startDate: '2026-02-01' }, undefined, register, TODAY))).toBe('outside-hub-area');
    expect(codeOf(() => checkPlaceOfWork({ pcnOdsCode: 'U83547', practiceOdsCode: 'F83004', startDate: '2025-06-01' }, bsw, register, TODAY))).toBe('practice-not-in-pcn');
  });

  it('explains the refusal with names and codes', () => {
    expect(() => checkPlaceOfWork({ pcnOdsCode: 'U20002', startDate: '2026-02-01' }, bsw, register, TODAY)).toThrow(
      "PCN U20002 (U20002) is in ICB QUY, outside the hub's area (ICB QOX).",
    );
    expect(() => checkPlaceOfWork({ pcnOdsCode: 'U83547', practiceOdsCode: 'F83004', startDate: '2025-06-01' }, bsw, register, TODAY)).toThrow(
      'Surgery F83004 (F83004) belonged to U20002 on 2025-06-01, not to U83547.',
    );
  });
});
