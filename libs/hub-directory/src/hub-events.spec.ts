import { HubLevel } from '@traininghubs/contracts';
import { entryFrom } from './hub-events';

const at = new Date('2026-04-01T00:00:00Z');
const hubId = '0b9c8f52-4f6f-4c59-9f43-2a3f8d9a1e01';

describe('hub directory entries from hub events', () => {
  it('places an ICS-level hub in its ICB and region', () => {
    const entry = entryFrom(hubId, { name: 'Thames Valley Training Hub', level: HubLevel.ICS, icb: { odsCode: 'S0E4D', name: 'NHS Thames Valley ICB', type: 0 }, regionOdsCode: 'Y59', parentHubId: '', pcnOdsCodes: [], websiteUrl: '' } as never, true, at);
    expect(entry).toMatchObject({ hubId, level: 'ics', icbCode: 'S0E4D', regionCode: 'Y59', parentHubId: null, active: true });
  });

  it('keeps the parent of a locality hub', () => {
    const parent = '5d6e7f80-1a2b-4c3d-8e9f-0a1b2c3d4e5f';
    const entry = entryFrom(hubId, { name: 'Reading locality', level: HubLevel.LOCALITY, icb: { odsCode: 'S0E4D', name: '', type: 0 }, regionOdsCode: 'Y59', parentHubId: parent } as never, true, at);
    expect(entry).toMatchObject({ level: 'locality', parentHubId: parent });
  });

  it('refuses, for good, a hub without an ICB or region', () => {
    expect(() => entryFrom(hubId, { name: 'No ICB', level: HubLevel.ICS, regionOdsCode: 'Y59' } as never, true, at)).toThrow(/names no hub name, ICB or region/);
    expect(() => entryFrom(hubId, undefined, true, at)).toThrow(expect.objectContaining({ permanent: true }));
  });
});
