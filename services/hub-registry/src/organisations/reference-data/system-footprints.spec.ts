import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { icbOn, isOpenOn, parentOn, regionOn, type HierarchyExtract } from '../hierarchy/organisation-hierarchy';
import type { OrganisationName } from '../organisation-kind';
import { readIcbReference, type ReferenceData } from './icb-reference';
import { isCoveredDay, REFERENCE_DATA_FROM, uncoveredDayReason } from './reference-coverage';
import { carryBackToFootprints, readSystemFootprints } from './system-footprints';

const reference = (file: string) => readFileSync(join(__dirname, '../../../reference', file), 'utf8');
const icbs = readIcbReference(reference('icbs-2022-2026.csv'));
const footprints = readSystemFootprints(reference('system-footprints-2019-2022.csv'));
const data = carryBackToFootprints(icbs, footprints);
const icbsOn = (d: ReferenceData, day: string) => d.organisations.filter((o) => o.kind === 'icb' && isOpenOn(o, day)).map((o) => o.odsCode);
const nameOn = (names: readonly OrganisationName[], code: string, day: string) =>
  names.find((n) => n.odsCode === code && n.validFrom <= day && (n.validTo === null || day <= n.validTo))?.name;
const HEADER = 'icb_ods_code,valid_from,valid_to,name,name_basis';

/** The carried-back reference data with one PCN of North East London and one of North Central London, both from July 2019. */
function withPcns(): HierarchyExtract {
  const pcns = [
    { odsCode: 'U10101', kind: 'pcn' as const, name: 'Hackney Downs PCN', openDate: '2019-07-01', closeDate: null },
    { odsCode: 'U10202', kind: 'pcn' as const, name: 'Camden South PCN', openDate: '2019-07-01', closeDate: null },
  ];
  return {
    organisations: new Map([...data.organisations, ...pcns].map((o) => [o.odsCode, o])),
    links: [...data.links, { childCode: 'U10101', parentCode: 'QMF', validFrom: '2019-07-01', validTo: null }, { childCode: 'U10202', parentCode: 'QMJ', validFrom: '2019-07-01', validTo: null }],
    successions: data.successions,
  };
}

describe('system footprints before the ICBs', () => {
  it('names each of the 42 ICB codes from 1 April 2019 to 30 June 2022', () => {
    expect(footprints).toHaveLength(42);
    expect(new Set(footprints.map((f) => f.odsCode)).size).toBe(42);
    expect(footprints.every((f) => f.validFrom === REFERENCE_DATA_FROM && f.validTo === '2022-06-30')).toBe(true);
    expect(footprints.find((f) => f.odsCode === 'QMF')).toEqual({ odsCode: 'QMF', name: 'East London Health and Care Partnership', validFrom: '2019-04-01', validTo: '2022-06-30', basis: 'ods' });
    expect(footprints.find((f) => f.odsCode === 'QJK')).toMatchObject({ name: 'Devon STP/ICS', basis: 'area' });
  });

  it('opens the 42 codes on 1 April 2019, not a day earlier, and keeps the April 2026 map (42 → 36)', () => {
    expect(icbsOn(data, '2019-03-31')).toHaveLength(0);
    expect(icbsOn(data, '2019-04-01')).toHaveLength(42);
    expect(icbsOn(data, '2022-06-30')).toEqual(icbsOn(data, '2022-07-01'));
    expect(icbsOn(data, '2026-03-31')).toHaveLength(42);
    expect(icbsOn(data, '2026-04-01')).toHaveLength(36);
    expect(data.successions).toEqual(icbs.successions);
    expect(data.organisations.find((o) => o.odsCode === 'QMJ')).toMatchObject({ openDate: '2019-04-01', closeDate: '2026-03-31' });
    expect(data.organisations.find((o) => o.odsCode === 'Z9B2Z')).toMatchObject({ openDate: '2026-04-01', closeDate: null });
  });

  it('dates each footprint’s region membership from 1 April 2019; the ICBs of 2026 join their region on 1 April 2026', () => {
    expect(data.links.find((l) => l.childCode === 'QMF')).toEqual({ childCode: 'QMF', parentCode: 'Y56', validFrom: '2019-04-01', validTo: null });
    expect(data.links.find((l) => l.childCode === 'QMJ')).toEqual({ childCode: 'QMJ', parentCode: 'Y56', validFrom: '2019-04-01', validTo: '2026-03-31' });
    expect(data.links.filter((l) => l.validFrom === '2026-04-01').map((l) => l.childCode).sort()).toEqual(['D7T5G', 'S0E4D', 'S1Y5D', 'S9B9J', 'T6Y0W', 'Z9B2Z']);
    expect(data.links.filter((l) => l.validFrom === '2022-07-01')).toEqual([]);
  });

  it('names a code by its partnership before 1 July 2022 and by its ICB from then', () => {
    expect(nameOn(data.names, 'QMF', '2020-06-01')).toBe('East London Health and Care Partnership');
    expect(nameOn(data.names, 'QMF', '2022-06-30')).toBe('East London Health and Care Partnership');
    expect(nameOn(data.names, 'QMF', '2022-07-01')).toBe('NHS North East London Integrated Care Board');
    expect(nameOn(data.names, 'QMJ', '2026-03-31')).toBe('NHS North Central London Integrated Care Board');
    expect(nameOn(data.names, 'QMJ', '2026-04-01')).toBeUndefined();
    expect(nameOn(data.names, 'Z9B2Z', '2026-04-01')).toBe('NHS West and North London Integrated Care Board');
    expect(nameOn(data.names, 'QMF', '2019-03-31')).toBeUndefined();
  });

  it('places a PCN of 2019 in its system’s footprint, and from 1 April 2026 in the successor ICB', () => {
    const extract = withPcns();
    expect(icbOn(extract, 'U10101', '2020-04-01')).toBe('QMF');
    expect(regionOn(extract, 'QMF', '2020-04-01')).toBe('Y56');
    expect(icbOn(extract, 'U10202', '2020-04-01')).toBe('QMJ');
    expect(icbOn(extract, 'U10202', '2026-03-31')).toBe('QMJ');
    expect(icbOn(extract, 'U10202', '2026-04-01')).toBe('Z9B2Z');
    expect(parentOn(extract, 'QMF', '2019-03-31')).toBeUndefined();
  });

  it('leaves the ICB file alone read on its own: ICBs from 1 July 2022, named as ICBs', () => {
    expect(icbsOn(icbs, '2022-06-30')).toHaveLength(0);
    expect(nameOn(icbs.names, 'QMF', '2022-07-01')).toBe('NHS North East London Integrated Care Board');
    expect(icbs.names.filter((n) => n.validFrom < '2022-07-01')).toEqual([]);
  });

  it('refuses a footprint file that does not fit the ICBs', () => {
    const without = (code: string) => footprints.filter((f) => f.odsCode !== code);
    const qmf = footprints.find((f) => f.odsCode === 'QMF')!;
    expect(() => carryBackToFootprints(icbs, without('QMF'))).toThrow(/ICB QMF has no footprint name before 2022-07-01/);
    expect(() => carryBackToFootprints(icbs, [...footprints, { ...qmf, odsCode: 'Z9B2Z' }])).toThrow(/Z9B2Z is not one of the ICBs established on 2022-07-01/);
    expect(() => carryBackToFootprints(icbs, [...without('QMF'), { ...qmf, validFrom: '2019-05-01' }])).toThrow(/starts on 2019-05-01, after 2019-04-01/);
    expect(() => carryBackToFootprints(icbs, [...without('QMF'), { ...qmf, validTo: '2022-05-31' }])).toThrow(/named up to 2022-06-30/);
    const split = [{ ...qmf, validTo: '2020-03-31' }, { ...qmf, validFrom: '2020-04-02', name: 'North East London Health and Care Partnership' }];
    expect(() => carryBackToFootprints(icbs, [...without('QMF'), ...split])).toThrow(/without gaps or overlaps \(2020-03-31 then 2020-04-02\)/);
  });

  it('takes several names in turn for one footprint, and may open it earlier', () => {
    const qmf = footprints.find((f) => f.odsCode === 'QMF')!;
    const renamed = [
      { ...qmf, validFrom: '2016-04-01', validTo: '2020-03-31' },
      { ...qmf, validFrom: '2020-04-01', name: 'North East London Health and Care Partnership' },
    ];
    const carried = carryBackToFootprints(icbs, [...footprints.filter((f) => f.odsCode !== 'QMF'), ...renamed]);
    expect(carried.organisations.find((o) => o.odsCode === 'QMF')?.openDate).toBe('2016-04-01');
    expect(nameOn(carried.names, 'QMF', '2019-06-01')).toBe('East London Health and Care Partnership');
    expect(nameOn(carried.names, 'QMF', '2021-06-01')).toBe('North East London Health and Care Partnership');
  });

  it('reads only a well-formed footprint file', () => {
    expect(readSystemFootprints(`${HEADER}\nQMF,2019-04-01,2022-06-30,"East London, Health and Care",ods\n\n`)).toHaveLength(1);
    expect(() => readSystemFootprints('code,name\nQMF,x\n')).toThrow(/header must be icb_ods_code,valid_from,valid_to,name,name_basis/);
    expect(() => readSystemFootprints(`${HEADER}\nQMF,2019-04-01,2022-06-31,East London,ods\n`)).toThrow(/line 2: "2022-06-31" is not a day/);
    expect(() => readSystemFootprints(`${HEADER}\nQMF,2022-06-30,2019-04-01,East London,ods\n`)).toThrow(/ends on 2019-04-01, before it starts/);
    expect(() => readSystemFootprints(`${HEADER}\nQMF,2019-04-01,2022-06-30,,ods\n`)).toThrow(/QMF has no name/);
    expect(() => readSystemFootprints(`${HEADER}\nQMF,2019-04-01,2022-06-30,East London,guess\n`)).toThrow(/name_basis must be one of ods, area/);
    expect(() => readSystemFootprints(`${HEADER}\nqm f,2019-04-01,2022-06-30,East London,ods\n`)).toThrow(/not an ODS code/);
  });
});

describe('the days the reference data covers', () => {
  it('begins on 1 April 2019 and names that day when it refuses one before', () => {
    expect(isCoveredDay('2019-04-01')).toBe(true);
    expect(isCoveredDay('2019-03-31')).toBe(false);
    expect(uncoveredDayReason('asOf', '2020-06-01')).toBeUndefined();
    expect(uncoveredDayReason('asOf', '2019-03-01')).toMatch(/^asOf 2019-03-01 is before 2019-04-01, the earliest day the organisation reference data covers/);
  });
});
