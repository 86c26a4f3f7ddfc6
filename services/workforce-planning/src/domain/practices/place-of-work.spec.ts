import { WorkforceRuleBroken } from '../workforce-rule.error';
import { checkPlaceOfWork, checkPracticeInArea, parentOn, type RegisteredOrganisation } from './place-of-work';

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
    // North Central London (QMJ) and North West London (QRV) merged into West and North London (Z9B2Z) on 1 April 2026.
    // U70001 was recorded under QMJ and not re-imported since; U70003 and U71001 were re-imported under the successor.
    pcn('U70001', 'QMJ'),
    pcn('U70003', 'QMJ', {
      memberships: [
        { parentOdsCode: 'QMJ', validFrom: '2019-07-01', validTo: '2026-03-31' },
        { parentOdsCode: 'Z9B2Z', validFrom: '2026-04-01', validTo: null },
      ],
    }),
    pcn('U71001', 'QRV', {
      memberships: [
        { parentOdsCode: 'QRV', validFrom: '2019-07-01', validTo: '2026-03-31' },
        { parentOdsCode: 'Z9B2Z', validFrom: '2026-04-01', validTo: null },
      ],
    }),
    practice('F83010', [{ parentOdsCode: 'U70003', validFrom: '2019-07-01', validTo: null }]),
    // A practice outside any PCN, directly under its ICB.
    practice('Y02001', [{ parentOdsCode: 'QMJ', validFrom: null, validTo: null }]),
    practice('Y02002', []),
  ].map((o) => [o.odsCode, o] as const),
);
const bsw = 'QOX';
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
  it('accepts a recorded PCN in the hub’s ICB, with or without a practice of that PCN on the day', () => {
    expect(codeOf(() => checkPlaceOfWork({ pcnOdsCode: 'U83547', day: '2026-02-01' }, bsw, register))).toBeUndefined();
    expect(codeOf(() => checkPlaceOfWork({ pcnOdsCode: 'U83547', practiceOdsCode: 'F83004', day: '2026-02-01' }, bsw, register))).toBeUndefined();
  });

  it('refuses a PCN or practice the registry has not recorded, or a code of the wrong kind', () => {
    expect(codeOf(() => checkPlaceOfWork({ pcnOdsCode: 'U99999', day: '2026-02-01' }, bsw, register))).toBe('unknown-pcn');
    expect(codeOf(() => checkPlaceOfWork({ pcnOdsCode: 'F83004', day: '2026-02-01' }, bsw, register))).toBe('unknown-pcn');
    expect(codeOf(() => checkPlaceOfWork({ pcnOdsCode: 'U83547', practiceOdsCode: 'F99999', day: '2026-02-01' }, bsw, register))).toBe('unknown-practice');
    expect(codeOf(() => checkPlaceOfWork({ pcnOdsCode: 'U83547', practiceOdsCode: 'U20002', day: '2026-02-01' }, bsw, register))).toBe('unknown-practice');
  });

  it('refuses a PCN of another ICB, and a practice that was in another PCN on the day', () => {
    expect(codeOf(() => checkPlaceOfWork({ pcnOdsCode: 'U20002', day: '2026-02-01' }, bsw, register))).toBe('outside-hub-area');
    expect(codeOf(() => checkPlaceOfWork({ pcnOdsCode: 'U83547', day: '2026-02-01' }, undefined, register))).toBe('outside-hub-area');
    expect(codeOf(() => checkPlaceOfWork({ pcnOdsCode: 'U83547', practiceOdsCode: 'F83004', day: '2025-06-01' }, bsw, register))).toBe('practice-not-in-pcn');
  });

  it('judges the PCN’s ICB on the record’s day against the ICB the hub served that day, not today’s', () => {
    // A recruit from June 2025 at a QMJ PCN: the hub served QMJ then, whatever it serves since.
    expect(codeOf(() => checkPlaceOfWork({ pcnOdsCode: 'U70001', day: '2025-06-02' }, 'QMJ', register))).toBeUndefined();
    expect(codeOf(() => checkPlaceOfWork({ pcnOdsCode: 'U70003', practiceOdsCode: 'F83010', day: '2025-06-02' }, 'QMJ', register))).toBeUndefined();
    // The re-imported PCN is in the successor from 1 April 2026; the one recorded only under QMJ is still QMJ in the register.
    expect(codeOf(() => checkPlaceOfWork({ pcnOdsCode: 'U70003', day: '2026-04-01' }, 'Z9B2Z', register))).toBeUndefined();
    expect(codeOf(() => checkPlaceOfWork({ pcnOdsCode: 'U70001', day: '2026-05-01' }, 'Z9B2Z', register))).toBe('outside-hub-area');
    // A North West London PCN was not in the North Central London hub's area in 2025, though both are in Z9B2Z today.
    expect(codeOf(() => checkPlaceOfWork({ pcnOdsCode: 'U71001', day: '2025-06-02' }, 'QMJ', register))).toBe('outside-hub-area');
    expect(codeOf(() => checkPlaceOfWork({ pcnOdsCode: 'U71001', day: '2026-06-02' }, 'Z9B2Z', register))).toBeUndefined();
    // The day before the merger the re-imported PCN was still QMJ.
    expect(codeOf(() => checkPlaceOfWork({ pcnOdsCode: 'U70003', day: '2026-03-31' }, 'Z9B2Z', register))).toBe('outside-hub-area');
  });

  it('explains the refusal with names, codes and the day judged', () => {
    expect(() => checkPlaceOfWork({ pcnOdsCode: 'U20002', day: '2026-02-01' }, bsw, register)).toThrow(
      "On 2026-02-01, PCN U20002 (U20002) was in ICB QUY, outside the hub's area (ICB QOX).",
    );
    expect(() => checkPlaceOfWork({ pcnOdsCode: 'U70001', day: '2026-05-01' }, 'Z9B2Z', register)).toThrow(
      "On 2026-05-01, PCN U70001 (U70001) was in ICB QMJ, outside the hub's area (ICB Z9B2Z).",
    );
    expect(() => checkPlaceOfWork({ pcnOdsCode: 'U83547', practiceOdsCode: 'F83004', day: '2025-06-01' }, bsw, register)).toThrow(
      'Surgery F83004 (F83004) belonged to U20002 on 2025-06-01, not to U83547.',
    );
  });
});

describe('checkPracticeInArea', () => {
  it('accepts a practice whose PCN on the day was in the hub’s ICB that day', () => {
    expect(codeOf(() => checkPracticeInArea('F83010', '2025-06-02', 'QMJ', register))).toBeUndefined();
    expect(codeOf(() => checkPracticeInArea('F83010', '2026-06-02', 'Z9B2Z', register))).toBeUndefined();
    expect(codeOf(() => checkPracticeInArea('F83004', '2026-02-01', bsw, register))).toBeUndefined();
  });

  it('accepts a practice outside any PCN that was directly in the hub’s ICB', () => {
    expect(codeOf(() => checkPracticeInArea('Y02001', '2025-06-02', 'QMJ', register))).toBeUndefined();
  });

  it('refuses a practice the registry has not recorded, or one outside the hub’s area on the day', () => {
    expect(codeOf(() => checkPracticeInArea('F99999', '2026-02-01', bsw, register))).toBe('unknown-practice');
    expect(codeOf(() => checkPracticeInArea('U83547', '2026-02-01', bsw, register))).toBe('unknown-practice');
    // F83004 was in a Bristol PCN (QUY) until the end of 2025.
    expect(codeOf(() => checkPracticeInArea('F83004', '2025-06-01', bsw, register))).toBe('outside-hub-area');
    expect(codeOf(() => checkPracticeInArea('F83010', '2026-03-31', 'Z9B2Z', register))).toBe('outside-hub-area');
    expect(codeOf(() => checkPracticeInArea('Y02002', '2026-02-01', bsw, register))).toBe('outside-hub-area');
    expect(codeOf(() => checkPracticeInArea('F83010', '2025-06-02', undefined, register))).toBe('outside-hub-area');
  });

  it('explains the refusal with the practice, the ICB it was in and the day', () => {
    expect(() => checkPracticeInArea('F83004', '2025-06-01', bsw, register)).toThrow("On 2025-06-01, Surgery F83004 (F83004) was in ICB QUY, outside the hub's area (ICB QOX).");
    expect(() => checkPracticeInArea('Y02002', '2026-02-01', bsw, register)).toThrow("On 2026-02-01, Surgery Y02002 (Y02002) was in ICB none, outside the hub's area (ICB QOX).");
  });
});
