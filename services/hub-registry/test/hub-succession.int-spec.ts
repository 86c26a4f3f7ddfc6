import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { HubDeactivationReason, localDateToIso } from '@traininghubs/contracts';
import { ReferenceDataLoader } from '../src/organisations/reference-data/reference-data.loader';
import { readIcbReference } from '../src/organisations/reference-data/icb-reference';
import { HUB_DEACTIVATED, HUB_UPDATED, HubRegistryUnderTest, london, national } from './hub-registry.harness';

const D = '2026-04-01';

describe('hubs follow ICB successions (HTTP, real Postgres and Kafka)', () => {
  let registry: HubRegistryUnderTest;
  const ids: Record<string, string> = {};

  const trace = () => registry.snapshot();

  beforeAll(async () => {
    registry = await HubRegistryUnderTest.start();
    // A registry whose hubs were registered before the April 2026 successions were published:
    // the first test records them through the reference-data loader.
    await registry.query('DELETE FROM organisation_succession');
    const csv = 'code,name,postcode,parent_code,open_date,close_date\nU70001,Camden Central PCN,NW1 1AA,QMJ,2019-07-01,\nU70002,Frimley Green PCN,GU16 6AA,QNQ,2019-07-01,\n';
    expect((await registry.postCsv('/api/v1/organisations/import?type=pcn', csv)).body).toMatchObject({ created: 2, rejected: [] });
    ids.ncl = await registry.registerHub({ name: 'North Central London Training Hub', level: 'ics', icbCode: 'QMJ', activeFrom: '2024-04-01' });
    ids.nwl = await registry.registerHub({ name: 'North West London Training Hub', level: 'ics', icbCode: 'QRV', activeFrom: '2024-04-01' });
    ids.camden = await registry.registerHub({ name: 'Camden locality', level: 'locality', parentHubId: ids.ncl, coveredOdsCodes: ['U70001'], activeFrom: '2024-04-01' });
    ids.frimley = await registry.registerHub({ name: 'Frimley Training Hub', level: 'ics', icbCode: 'QNQ', activeFrom: '2024-04-01' });
    ids.frimleyGreen = await registry.registerHub({ name: 'Frimley Green locality', level: 'locality', parentHubId: ids.frimley, coveredOdsCodes: ['U70002'], activeFrom: '2024-04-01' });
    ids.hiow = await registry.registerHub({ name: 'Hampshire and Isle of Wight Training Hub', level: 'ics', icbCode: 'QRL', activeFrom: '2024-04-01' });
    ids.norfolk = await registry.registerHub({ name: 'Norfolk and Waveney Training Hub', level: 'ics', icbCode: 'QMM', activeFrom: '2024-04-01' });
    ids.suffolk = await registry.registerHub({ name: 'Suffolk and North East Essex Training Hub', level: 'ics', icbCode: 'QJG', activeFrom: '2024-04-01' });
  });

  afterAll(async () => {
    await registry?.close();
  });

  it('re-parents by itself the one hub of an ICB that merged wholly into a successor, when the successions are loaded', async () => {
    const data = readIcbReference(readFileSync(join(__dirname, '../reference/icbs-2022-2026.csv'), 'utf8'));
    const loader = registry.service.app.get(ReferenceDataLoader);
    await registry.service.app.get(DataSource).transaction((manager) => loader.load(manager, data));

    const norfolk = await registry.get(`/api/v1/hubs/${ids.norfolk}`);
    expect(norfolk.body).toMatchObject({ icbCode: 'T6Y0W', regionCode: 'Y61', status: 'active' });
    expect(norfolk.body.footprints).toEqual([
      { icbCode: 'QMM', regionCode: 'Y61', parentHubId: null, validFrom: '2024-04-01', validTo: '2026-03-31' },
      { icbCode: 'T6Y0W', regionCode: 'Y61', parentHubId: null, validFrom: D, validTo: null },
    ]);
    const updated = await registry.service.eventOf(HUB_UPDATED, ids.norfolk);
    expect(updated.details?.icb?.odsCode).toBe('T6Y0W');
    expect(localDateToIso(updated.effectiveFrom!)).toBe(D);
    const [audit] = await registry.query<{ actor: string; action: string }>(`SELECT actor, action FROM audit_event WHERE entity_id = $1 AND action = 'hub.followed_succession'`, [ids.norfolk]);
    expect(audit).toEqual({ actor: 'hub-registry:reference-data', action: 'hub.followed_succession' });
    // Suffolk and North East Essex was divided, and the two London hubs are two candidates: they wait for a decision.
    expect((await registry.get(`/api/v1/hubs/${ids.suffolk}`)).body.icbCode).toBe('QJG');
    expect((await registry.get(`/api/v1/hubs/${ids.ncl}`)).body.icbCode).toBe('QMJ');
    expect((await registry.get(`/api/v1/hubs/${ids.nwl}`)).body.icbCode).toBe('QRV');
    const pending = (await registry.get('/api/v1/hubs/pending-successions')).body.items as Array<{ hubId: string; successors: Array<{ icbCode: string; servedByHubId: string | null }> }>;
    expect(pending.map((p) => p.hubId).sort()).toEqual([ids.frimley, ids.ncl, ids.nwl, ids.suffolk].sort());
    expect(pending.find((p) => p.hubId === ids.suffolk)?.successors).toEqual([
      { icbCode: 'D7T5G', effectiveDate: D, kind: 'split', servedByHubId: null },
      { icbCode: 'T6Y0W', effectiveDate: D, kind: 'split', servedByHubId: ids.norfolk },
    ]);
    expect(pending.find((p) => p.hubId === ids.frimley)?.successors.map((s) => [s.icbCode, s.servedByHubId])).toEqual([['QRL', ids.hiow], ['S0E4D', null], ['S9B9J', null]]);
    expect((await registry.get('/api/v1/hubs/pending-successions', london)).status).toBe(403);
    // Loading again changes nothing.
    await registry.service.app.get(DataSource).transaction((manager) => loader.load(manager, data));
    expect((await registry.get(`/api/v1/hubs/${ids.norfolk}`)).body.version).toBe(norfolk.body.version);
  });

  it('refuses a succession that is not recorded, on the wrong day, for a locality hub, or for a non-national caller, saving nothing', async () => {
    const before = await trace();
    const wrongSuccessor = await registry.send('post', `/api/v1/hubs/${ids.ncl}/succeed`, { successorIcbCode: 'T6Y0W', effectiveFrom: D });
    expect(wrongSuccessor.status).toBe(422);
    expect(wrongSuccessor.headers['content-type']).toMatch(/problem\+json/);
    expect(wrongSuccessor.body).toMatchObject({ type: 'https://traininghubs.nhs.uk/problems/no-recorded-succession', detail: expect.stringMatching(/its successors are Z9B2Z/) });
    const wrongDay = await registry.send('post', `/api/v1/hubs/${ids.ncl}/succeed`, { successorIcbCode: 'Z9B2Z', effectiveFrom: '2026-05-01' });
    expect(wrongDay.status).toBe(422);
    expect(wrongDay.body).toMatchObject({ type: expect.stringMatching(/dates-out-of-order/), detail: 'ICB Z9B2Z succeeds QMJ on 2026-04-01, not on 2026-05-01' });
    expect((await registry.send('post', `/api/v1/hubs/${ids.ncl}/succeed`, { successorIcbCode: 'Z9B2Z', effectiveFrom: '2026-02-30' })).status).toBe(422);
    expect((await registry.send('post', `/api/v1/hubs/${ids.camden}/succeed`, { successorIcbCode: 'Z9B2Z', effectiveFrom: D })).status).toBe(422);
    expect((await registry.send('post', `/api/v1/hubs/${ids.ncl}/succeed`, { successorIcbCode: 'Z9B2Z', effectiveFrom: D }, london)).status).toBe(403);
    expect((await registry.send('post', `/api/v1/hubs/${ids.ncl}/succeed`, { successorIcbCode: 'z9', effectiveFrom: D })).status).toBe(400);
    // Frimley Green PCN's ICB was divided and it has not been re-imported under a successor: its locality hub cannot follow.
    const divided = await registry.send('post', `/api/v1/hubs/${ids.frimley}/succeed`, { successorIcbCode: 'S0E4D', effectiveFrom: D });
    expect(divided.status).toBe(422);
    expect(divided.body).toMatchObject({ type: expect.stringMatching(/outside-parent-area/), detail: expect.stringMatching(/"Frimley Green locality" covers U70002/) });
    expect(await trace()).toEqual(before);
  });

  it('re-parents a hub and its locality hubs onto the successor ICB, publishing HubUpdated for each', async () => {
    const response = await registry.send('post', `/api/v1/hubs/${ids.ncl}/succeed`, { successorIcbCode: 'Z9B2Z', effectiveFrom: D });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ plan: { kind: 're-parent', localityHubIds: [ids.camden] }, hub: { icbCode: 'Z9B2Z', regionCode: 'Y56', status: 'active' } });
    const ncl = await registry.service.eventOf(HUB_UPDATED, ids.ncl);
    expect(ncl.details?.icb?.odsCode).toBe('Z9B2Z');
    const camden = await registry.service.eventOf(HUB_UPDATED, ids.camden);
    expect(camden.details).toMatchObject({ parentHubId: ids.ncl, pcnOdsCodes: ['U70001'] });
    expect(camden.details?.icb?.odsCode).toBe('Z9B2Z');
    const again = await registry.send('post', `/api/v1/hubs/${ids.ncl}/succeed`, { successorIcbCode: 'Z9B2Z', effectiveFrom: D });
    expect(again.status).toBe(409);
    expect(again.body.type).toMatch(/hub-already-succeeded/);
  });

  it('merges a second predecessor hub into the successor’s hub, deactivating it with HubDeactivated naming that hub', async () => {
    const second = await registry.send('post', `/api/v1/hubs/${ids.nwl}/succeed`, { successorIcbCode: 'Z9B2Z', effectiveFrom: D });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ type: expect.stringMatching(/icb-already-has-hub/), detail: expect.stringMatching(/merge into it with mergeInto/) });
    const intoWrongHub = await registry.send('post', `/api/v1/hubs/${ids.nwl}/succeed`, { successorIcbCode: 'Z9B2Z', effectiveFrom: D, mergeInto: ids.hiow });
    expect(intoWrongHub.status).toBe(422);
    const merged = await registry.send('post', `/api/v1/hubs/${ids.nwl}/succeed`, { successorIcbCode: 'Z9B2Z', effectiveFrom: D, mergeInto: ids.ncl });
    expect(merged.status).toBe(200);
    expect(merged.body.hub).toMatchObject({ status: 'inactive', deactivatedOn: D, deactivationReason: 'merged', successorHubIds: [ids.ncl] });
    const event = await registry.service.eventOf(HUB_DEACTIVATED, ids.nwl);
    expect(event).toMatchObject({ reason: HubDeactivationReason.MERGED, successorHubIds: [ids.ncl] });
    expect(localDateToIso(event.effectiveDate!)).toBe(D);
  });

  it('answers find-your-hub and hub reads as of a day before and after the succession', async () => {
    const found = async (query: string) => (await registry.get(`/api/v1/find-hub?${query}`)).body.hubs[0] as { hubId: string; icbCode: string; name: string };
    expect(await found('icb=QRV&asOf=2026-03-31')).toMatchObject({ hubId: ids.nwl, icbCode: 'QRV' });
    expect(await found('icb=QRV&asOf=2026-04-01')).toMatchObject({ hubId: ids.ncl, icbCode: 'Z9B2Z' });
    expect(await found('icb=QMJ&asOf=2026-03-31')).toMatchObject({ hubId: ids.ncl, icbCode: 'QMJ' });
    expect(await found('icb=Z9B2Z&asOf=2026-04-01')).toMatchObject({ hubId: ids.ncl, icbCode: 'Z9B2Z' });
    expect(await found('pcn=U70001&asOf=2026-04-01')).toMatchObject({ hubId: ids.camden, icbCode: 'Z9B2Z' });
    expect(await found('pcn=U70001&asOf=2026-03-31')).toMatchObject({ hubId: ids.camden, icbCode: 'QMJ' });

    expect((await registry.get(`/api/v1/hubs/${ids.ncl}?asOf=2026-03-31`)).body).toMatchObject({ asOf: '2026-03-31', workingOnDay: true, icbCode: 'QMJ' });
    expect((await registry.get(`/api/v1/hubs/${ids.ncl}?asOf=2026-04-01`)).body).toMatchObject({ asOf: D, icbCode: 'Z9B2Z' });
    expect((await registry.get(`/api/v1/hubs/${ids.nwl}?asOf=2026-04-01`)).body).toMatchObject({ workingOnDay: false });
    const names = async (query: string) => ((await registry.get(`/api/v1/hubs?${query}`)).body.items as Array<{ name: string }>).map((h) => h.name);
    expect(await names('icb=QMJ&asOf=2026-03-31')).toEqual(['Camden locality', 'North Central London Training Hub']);
    expect(await names('icb=Z9B2Z&asOf=2026-04-01')).toEqual(['Camden locality', 'North Central London Training Hub']);
    expect(await names('icb=QRV&asOf=2026-04-01')).toEqual([]);
    // The predecessor ICB's slot stays taken for the days the hub served it.
    const overlap = await registry.send('post', '/api/v1/hubs', { name: 'Late NCL hub', level: 'ics', icbCode: 'QMJ', activeFrom: '2025-04-01' });
    expect(overlap.status).toBe(409);
    expect(overlap.body.detail).toMatch(/already has the ICS-level hub "North Central London Training Hub" .* until 2026-03-31/);
    expect((await registry.get('/api/v1/hubs?icb=QMJ')).body.page.total).toBe(0);
  });

  it('keeps a re-parented hub’s history: changes and stops dated before the succession are refused', async () => {
    const before = await trace();
    const backdated = await registry.send('patch', `/api/v1/hubs/${ids.ncl}`, { effectiveFrom: '2026-01-01', name: 'Renamed too early' });
    expect(backdated.status).toBe(422);
    expect(backdated.body.detail).toBe('hub "North Central London Training Hub" has served ICB Z9B2Z since 2026-04-01; it cannot change on 2026-01-01, before that day');
    expect((await registry.send('post', `/api/v1/hubs/${ids.ncl}/deactivate`, { effectiveDate: D, reason: 'closed' })).status).toBe(422);
    expect((await registry.send('patch', `/api/v1/hubs/${ids.camden}`, { effectiveFrom: '2026-03-01', coveredOdsCodes: ['U70001'] })).status).toBe(422);
    expect(await trace()).toEqual(before);
    const renamed = await registry.send('patch', `/api/v1/hubs/${ids.ncl}`, { effectiveFrom: D, name: 'West and North London Training Hub' });
    expect(renamed.status).toBe(200);
    expect((await registry.service.eventOf(HUB_UPDATED, ids.ncl, 2)).details?.name).toBe('West and North London Training Hub');
  });

  it('deactivates a divided ICB’s hub as split when it merges into a successor’s hub, naming the other successors’ hubs', async () => {
    expect((await registry.send('post', `/api/v1/hubs/${ids.frimleyGreen}/deactivate`, { effectiveDate: D, reason: 'split' })).status).toBe(200);
    const surrey = await registry.registerHub({ name: 'Surrey and Sussex Training Hub', level: 'ics', icbCode: 'S9B9J', activeFrom: D });
    const merged = await registry.send('post', `/api/v1/hubs/${ids.frimley}/succeed`, { successorIcbCode: 'QRL', effectiveFrom: D, mergeInto: ids.hiow });
    expect(merged.status).toBe(200);
    const event = await registry.service.eventOf(HUB_DEACTIVATED, ids.frimley);
    expect(event.reason).toBe(HubDeactivationReason.SPLIT);
    expect(event.successorHubIds).toEqual([ids.hiow, surrey]);
    expect((await registry.get(`/api/v1/find-hub?icb=QNQ&asOf=2026-03-31`)).body.hubs[0].hubId).toBe(ids.frimley);
  });

  it('merges a divided ICB’s hub into one successor’s hub for a national caller only', async () => {
    expect((await registry.send('post', `/api/v1/hubs/${ids.suffolk}/succeed`, { successorIcbCode: 'T6Y0W', effectiveFrom: D }, london)).status).toBe(403);
    expect((await registry.send('post', `/api/v1/hubs/${ids.suffolk}/succeed`, { successorIcbCode: 'T6Y0W', effectiveFrom: D, mergeInto: ids.norfolk }, national)).status).toBe(200);
    expect((await registry.get('/api/v1/hubs/pending-successions')).body.items).toEqual([]);
  });

  it('makes a hub registered later for a succeeded ICB follow at once when its ICB alone passed to the successor', async () => {
    // Mid and South Essex passed wholly to Essex, whose only other predecessor (Suffolk and North East Essex) was divided.
    const registered = await registry.send('post', '/api/v1/hubs', { name: 'Mid and South Essex Training Hub', level: 'ics', icbCode: 'QH8', activeFrom: '2024-04-01' });
    expect(registered.status).toBe(201);
    expect(registered.body).toMatchObject({ icbCode: 'D7T5G', regionCode: 'Y61', status: 'active' });
    const id = registered.body.id as string;
    expect((await registry.get(`/api/v1/hubs/${id}`)).body.footprints).toEqual([
      { icbCode: 'QH8', regionCode: 'Y61', parentHubId: null, validFrom: '2024-04-01', validTo: '2026-03-31' },
      { icbCode: 'D7T5G', regionCode: 'Y61', parentHubId: null, validFrom: D, validTo: null },
    ]);
    const updated = await registry.service.eventOf(HUB_UPDATED, id);
    expect(updated.details?.icb?.odsCode).toBe('D7T5G');
    expect(localDateToIso(updated.effectiveFrom!)).toBe(D);

    // Cambridgeshire and Peterborough merged with Bedfordshire, Luton and Milton Keynes: which hub continues is a decision.
    const merged = await registry.send('post', '/api/v1/hubs', { name: 'Cambridgeshire and Peterborough Training Hub', level: 'ics', icbCode: 'QUE', activeFrom: '2024-04-01' });
    expect(merged.status).toBe(201);
    expect(merged.body).toMatchObject({ icbCode: 'QUE', status: 'active' });
    const pending = (await registry.get('/api/v1/hubs/pending-successions')).body.items as Array<{ hubId: string; successors: Array<{ icbCode: string }> }>;
    expect(pending.map((p) => [p.hubId, p.successors.map((s) => s.icbCode)])).toEqual([[merged.body.id, ['S1Y5D']]]);
  });
});
