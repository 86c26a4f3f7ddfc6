import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isOpenOn } from '../hierarchy/organisation-hierarchy';
import { readIcbReference, successorsIn } from './icb-reference';

const data = readIcbReference(readFileSync(join(__dirname, '../../../reference/icbs-2022-2026.csv'), 'utf8'));
const icbsOn = (day: string) => data.organisations.filter((o) => o.kind === 'icb' && isOpenOn(o, day)).map((o) => o.odsCode);

describe('ICB reference data', () => {
  it('has the seven NHS England regions', () => {
    expect(data.organisations.filter((o) => o.kind === 'nhse_region').map((o) => o.odsCode).sort()).toEqual(['Y56', 'Y58', 'Y59', 'Y60', 'Y61', 'Y62', 'Y63']);
  });

  it('has 42 ICBs on 31 March 2026 and 36 on 1 April 2026', () => {
    expect(icbsOn('2026-03-31')).toHaveLength(42);
    expect(icbsOn('2026-04-01')).toHaveLength(36);
    expect(icbsOn('2022-06-30')).toHaveLength(0);
  });

  it('opens the six new ICBs on 1 April 2026 in their predecessors’ region', () => {
    const opened = data.links.filter((l) => l.validFrom === '2026-04-01').map((l) => `${l.childCode}→${l.parentCode}`).sort();
    expect(opened).toEqual(['D7T5G→Y61', 'S0E4D→Y59', 'S1Y5D→Y61', 'S9B9J→Y59', 'T6Y0W→Y61', 'Z9B2Z→Y56']);
  });

  it('records 16 succession steps, Frimley split three ways and QRL carrying on with part of it', () => {
    expect(data.successions).toHaveLength(16);
    const frimley = data.successions.filter((s) => s.predecessorCode === 'QNQ');
    expect(frimley.map((s) => [s.successorCode, s.kind]).sort()).toEqual([['QRL', 'territory_transfer'], ['S0E4D', 'split'], ['S9B9J', 'split']]);
    expect(icbsOn('2026-04-01')).toContain('QRL');
    expect(data.successions.filter((s) => s.successorCode === 'D7T5G').map((s) => s.predecessorCode).sort()).toEqual(['QH8', 'QJG', 'QM7']);
  });

  it('reads successor cells', () => {
    expect(successorsIn('—')).toEqual({ split: false, successors: [] });
    expect(successorsIn('continues (gains part of Frimley)').successors).toEqual([]);
    expect(successorsIn('Z9B2Z West and North London')).toEqual({ split: false, successors: [{ code: 'Z9B2Z', name: 'NHS West and North London Integrated Care Board', gainsTerritory: false }] });
    expect(() => successorsIn('somewhere else')).toThrow(/cannot read the successor/);
  });

  it('refuses a file with the wrong header', () => {
    expect(() => readIcbReference('a,b,c\n1,2,3\n')).toThrow(/header must be/);
  });
});
