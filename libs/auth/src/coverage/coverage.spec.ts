import type { Caller } from '../caller/caller';
import { canRead, canWrite, type HierarchyPosition } from './coverage';

// Hubs in the South West (Y58): two in Bath and North East Somerset, Swindon and Wiltshire (QOX),
// one in Bristol, North Somerset and South Gloucestershire (QUY); one in South East London (QKK, Y56).
const HUB_QOX = '11111111-1111-4111-8111-111111111111';
const HUB_QOX_OTHER = '22222222-2222-4222-8222-222222222222';
const HUB_QUY = '33333333-3333-4333-8333-333333333333';
const HUB_QKK = '44444444-4444-4444-8444-444444444444';

const atHubQox: HierarchyPosition = { hubId: HUB_QOX, icbCode: 'QOX', regionCode: 'Y58' };
const atOtherHubQox: HierarchyPosition = { hubId: HUB_QOX_OTHER, icbCode: 'QOX', regionCode: 'Y58' };
const atHubQuy: HierarchyPosition = { hubId: HUB_QUY, icbCode: 'QUY', regionCode: 'Y58' };
const atHubQkk: HierarchyPosition = { hubId: HUB_QKK, icbCode: 'QKK', regionCode: 'Y56' };
const nationalRollUp: HierarchyPosition = {};

const national: Caller = { subject: 'n', role: 'national', scope: { kind: 'national' } };
const southWest: Caller = { subject: 'r', role: 'region', scope: { kind: 'region', code: 'Y58' } };
const qox: Caller = { subject: 'i', role: 'icb', scope: { kind: 'icb', code: 'QOX' } };
const hubAdmin: Caller = { subject: 'h', role: 'hub_admin', scope: { kind: 'hub', hubId: HUB_QOX } };
const analyst: Caller = { subject: 'a', role: 'analyst', scope: { kind: 'national' } };
const regionAnalyst: Caller = { subject: 'a', role: 'analyst', scope: { kind: 'region', code: 'Y58' } };
const icbAnalyst: Caller = { subject: 'a', role: 'analyst', scope: { kind: 'icb', code: 'QOX' } };
const hubAnalyst: Caller = { subject: 'a', role: 'analyst', scope: { kind: 'hub', hubId: HUB_QOX } };

// Every role × a record in its scope and records just outside it × read and write.
const matrix: Array<[string, Caller, string, HierarchyPosition, boolean, boolean]> = [
  ['national', national, 'a hub record anywhere', atHubQkk, true, true],
  ['national', national, 'a national roll-up', nationalRollUp, true, true],
  ['region', southWest, 'a record of a hub in its region', atHubQox, true, true],
  ['region', southWest, 'a record of another ICB in its region', atHubQuy, true, true],
  ['region', southWest, 'a record in another region', atHubQkk, false, false],
  ['region', southWest, 'a national roll-up', nationalRollUp, false, false],
  ['icb', qox, 'a record of a hub in its ICB', atOtherHubQox, true, true],
  ['icb', qox, 'a record of another ICB in the same region', atHubQuy, false, false],
  ['icb', qox, 'a record in another region', atHubQkk, false, false],
  ['icb', qox, 'a regional roll-up of its own region', { regionCode: 'Y58' }, false, false],
  ['hub_admin', hubAdmin, "its own hub's record", atHubQox, true, true],
  ['hub_admin', hubAdmin, 'a record of another hub in its ICB', atOtherHubQox, false, false],
  ['hub_admin', hubAdmin, 'a record in another region', atHubQkk, false, false],
  ['hub_admin', hubAdmin, "its ICB's roll-up", { icbCode: 'QOX', regionCode: 'Y58' }, false, false],
  ['analyst (national)', analyst, 'a hub record anywhere', atHubQkk, true, false],
  ['analyst (national)', analyst, 'a national roll-up', nationalRollUp, true, false],
  ['analyst (region)', regionAnalyst, 'a record in its region', atHubQuy, true, false],
  ['analyst (region)', regionAnalyst, 'a record in another region', atHubQkk, false, false],
  ['analyst (icb)', icbAnalyst, 'a record in its ICB', atOtherHubQox, true, false],
  ['analyst (icb)', icbAnalyst, 'a record of another ICB', atHubQuy, false, false],
  ['analyst (hub)', hubAnalyst, "its hub's record", atHubQox, true, false],
  ['analyst (hub)', hubAnalyst, 'a record of another hub', atOtherHubQox, false, false],
];

describe('coverage of records by callers', () => {
  it.each(matrix)('%s, %s: read %s, write %s', (_role, caller, _record, position, read, write) => {
    expect(canRead(caller, position)).toBe(read);
    expect(canWrite(caller, position)).toBe(write);
  });

  it('never matches a level the service left out', () => {
    // A hub's record that does not say its region is not a region caller's to see.
    expect(canRead(southWest, { hubId: HUB_QOX, icbCode: 'QOX' })).toBe(false);
    expect(canRead(qox, { hubId: HUB_QOX, regionCode: 'Y58' })).toBe(false);
    expect(canRead(hubAdmin, { icbCode: 'QOX', regionCode: 'Y58' })).toBe(false);
  });
});
