import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { HubLevel, localDateToIso } from '@traininghubs/contracts';
import { readIcbReference } from '../src/organisations/reference-data/icb-reference';
import { ICB_REFERENCE_FILE, readReferenceData, ReferenceDataLoader } from '../src/organisations/reference-data/reference-data.loader';
import { HUB_REGISTERED, HubRegistryUnderTest, london, ORGANISATION_RECORDED, ORGANISATION_SUCCEEDED } from './hub-registry.harness';

const REFERENCE = join(__dirname, '../reference');
const EAST_LONDON_THEN = 'East London Health and Care Partnership';
const NORTH_EAST_LONDON_ICB = 'NHS North East London Integrated Care Board';
const HEADER = 'code,name,postcode,parent_code,open_date,close_date';

describe('the years before ICBs: system footprints from 1 April 2019 (HTTP, real Postgres and Kafka)', () => {
  let registry: HubRegistryUnderTest;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    registry = await HubRegistryUnderTest.start();
  });

  afterAll(async () => {
    await registry?.close();
  });

  it('carries the 42 ICB codes and their region memberships back to 1 April 2019, named as their STP/ICS partnerships were', async () => {
    const then = await registry.get('/api/v1/icbs?asOf=2020-06-01&region=Y56');
    expect(then.status).toBe(200);
    expect(then.body.items.map((i: { odsCode: string }) => i.odsCode)).toEqual(['QKK', 'QMF', 'QMJ', 'QRV', 'QWE']);
    expect(then.body.items.find((i: { odsCode: string }) => i.odsCode === 'QMF')).toMatchObject({ name: EAST_LONDON_THEN, parentCode: 'Y56', openDate: '2019-04-01' });
    expect((await registry.get('/api/v1/icbs?asOf=2019-04-01&limit=1')).body.page.total).toBe(42);
    expect((await registry.get('/api/v1/icbs?asOf=2022-06-30&limit=1')).body.page.total).toBe(42);
    const after = await registry.get('/api/v1/icbs?asOf=2022-07-01&region=Y56');
    expect(after.body.items.find((i: { odsCode: string }) => i.odsCode === 'QMF').name).toBe(NORTH_EAST_LONDON_ICB);

    const qmf = await registry.get('/api/v1/organisations/QMF?asOf=2020-06-01');
    expect(qmf.body).toMatchObject({ odsCode: 'QMF', type: 'icb', name: EAST_LONDON_THEN, icbCode: 'QMF', regionCode: 'Y56', openDate: '2019-04-01' });
    expect(qmf.body.names).toEqual([
      { name: EAST_LONDON_THEN, validFrom: '2019-04-01', validTo: '2022-06-30' },
      { name: NORTH_EAST_LONDON_ICB, validFrom: '2022-07-01', validTo: null },
    ]);
    expect((await registry.get('/api/v1/organisations/QMF')).body.name).toBe(NORTH_EAST_LONDON_ICB);
  });

  it('refuses a day before 1 April 2019 with 422 problem+json naming the earliest day covered, saving nothing', async () => {
    const before = await registry.snapshot();
    for (const path of ['/api/v1/icbs?asOf=2019-03-01', '/api/v1/organisations/QMF?asOf=2019-03-01', '/api/v1/find-hub?icb=QMF&asOf=2019-03-01', '/api/v1/hubs?asOf=2019-03-01']) {
      const response = await registry.get(path);
      expect(response.status).toBe(422);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.body).toMatchObject({ type: 'https://traininghubs.nhs.uk/problems/before-reference-data', status: 422, earliestDay: '2019-04-01' });
      expect(response.body.detail).toMatch(/^asOf 2019-03-01 is before 2019-04-01, the earliest day the organisation reference data covers/);
    }
    const hub = await registry.send('post', '/api/v1/hubs', { name: 'North East London Training Hub', level: 'ics', icbCode: 'QMF', activeFrom: '2019-03-01' });
    expect(hub.status).toBe(422);
    expect(hub.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(hub.body).toMatchObject({ type: 'https://traininghubs.nhs.uk/problems/before-reference-data', earliestDay: '2019-04-01' });
    expect(hub.body.detail).toMatch(/^activeFrom 2019-03-01 is before 2019-04-01/);
    expect(await registry.snapshot()).toEqual(before);
  });

  it('imports a North East London PCN opened on 1 July 2019 and a practice in it, each member from its open date', async () => {
    const pcns = `${HEADER}\nU81001,Hackney Downs PCN,E8 1AA,QMF,2019-07-01,\n`;
    expect((await registry.postCsv('/api/v1/organisations/import?type=pcn', pcns)).body).toMatchObject({ status: 'completed', created: 1, rejected: [] });
    const practices = `${HEADER}\nF84001,Downs Surgery,E8 1BB,U81001,2019-10-01,\n`;
    expect((await registry.postCsv('/api/v1/organisations/import?type=gp_practice', practices)).body).toMatchObject({ status: 'completed', created: 1, rejected: [] });

    expect((await registry.get('/api/v1/organisations/U81001?asOf=2020-06-01')).body).toMatchObject({ icbCode: 'QMF', regionCode: 'Y56' });
    expect((await registry.get('/api/v1/organisations/F84001?asOf=2020-06-01')).body).toMatchObject({ icbCode: 'QMF', regionCode: 'Y56' });
    expect((await registry.get('/api/v1/organisations?type=pcn&parent=QMF&asOf=2020-06-01')).body.items.map((o: { odsCode: string }) => o.odsCode)).toEqual(['U81001']);
    const pcn = await registry.service.eventOf(ORGANISATION_RECORDED, 'U81001');
    expect(pcn.memberships.map((m) => [m.parentOdsCode, m.validFrom && localDateToIso(m.validFrom), m.validTo])).toEqual([['QMF', '2019-07-01', undefined]]);
    const practice = await registry.service.eventOf(ORGANISATION_RECORDED, 'F84001');
    expect(practice.memberships.map((m) => [m.parentOdsCode, m.validFrom && localDateToIso(m.validFrom)])).toEqual([['U81001', '2019-10-01']]);
  });

  it('registers the ICS-level hub for QMF active from 1 April 2020, and a locality hub over that PCN from the same day', async () => {
    const ics = await registry.send('post', '/api/v1/hubs', { name: 'North East London Training Hub', level: 'ics', icbCode: 'QMF', activeFrom: '2020-04-01' }, london);
    expect(ics.status).toBe(201);
    expect(ics.body).toMatchObject({ icbCode: 'QMF', regionCode: 'Y56', activeFrom: '2020-04-01', status: 'active' });
    ids.ics = ics.body.id as string;
    const registered = await registry.service.eventOf(HUB_REGISTERED, ids.ics);
    expect(localDateToIso(registered.activeFrom!)).toBe('2020-04-01');
    // The event keeps its shape: the ICB named as the registry names it now.
    expect(registered.details).toMatchObject({ name: 'North East London Training Hub', level: HubLevel.ICS, regionOdsCode: 'Y56' });
    expect(registered.details?.icb).toMatchObject({ odsCode: 'QMF', name: NORTH_EAST_LONDON_ICB });

    const early = await registry.send('post', '/api/v1/hubs', { name: 'Hackney locality', level: 'locality', parentHubId: ids.ics, coveredOdsCodes: ['U81001'], activeFrom: '2019-03-01' });
    expect(early.status).toBe(422);
    expect(early.body.type).toBe('https://traininghubs.nhs.uk/problems/before-reference-data');
    const locality = await registry.send('post', '/api/v1/hubs', { name: 'Hackney locality', level: 'locality', parentHubId: ids.ics, coveredOdsCodes: ['U81001'], activeFrom: '2020-04-01' });
    expect(locality.status).toBe(201);
    expect(locality.body).toMatchObject({ icbCode: 'QMF', regionCode: 'Y56', parentHubId: ids.ics });
    ids.locality = locality.body.id as string;
    expect((await registry.service.eventOf(HUB_REGISTERED, ids.locality)).details).toMatchObject({ parentHubId: ids.ics, pcnOdsCodes: ['U81001'] });
  });

  it('answers find-your-hub and hub reads as of 1 June 2020 with the system’s name as it was then', async () => {
    const byPractice = await registry.get('/api/v1/find-hub?practice=F84001&asOf=2020-06-01');
    expect(byPractice.status).toBe(200);
    expect(byPractice.body).toMatchObject({ asOf: '2020-06-01', hubs: [{ hubId: ids.locality, level: 'locality', servesVia: 'U81001', icbCode: 'QMF', icbName: EAST_LONDON_THEN, regionCode: 'Y56' }] });
    expect((await registry.get('/api/v1/find-hub?icb=QMF&asOf=2020-06-01')).body.hubs).toMatchObject([{ hubId: ids.ics, level: 'ics', icbName: EAST_LONDON_THEN }]);
    expect((await registry.get('/api/v1/find-hub?icb=QMF&asOf=2022-07-01')).body.hubs).toMatchObject([{ hubId: ids.ics, icbName: NORTH_EAST_LONDON_ICB }]);
    expect((await registry.get('/api/v1/find-hub?pcn=U81001&asOf=2020-03-31')).body.hubs).toEqual([]);

    expect((await registry.get(`/api/v1/hubs/${ids.ics}?asOf=2020-06-01`)).body).toMatchObject({ asOf: '2020-06-01', workingOnDay: true, icbCode: 'QMF', icbName: EAST_LONDON_THEN, regionCode: 'Y56' });
    expect((await registry.get(`/api/v1/hubs/${ids.locality}?asOf=2020-06-01`)).body).toMatchObject({ workingOnDay: true, icbName: EAST_LONDON_THEN, parentHubId: ids.ics });
    expect((await registry.get(`/api/v1/hubs/${ids.ics}?asOf=2024-06-01`)).body).toMatchObject({ icbName: NORTH_EAST_LONDON_ICB });
    expect((await registry.get(`/api/v1/hubs/${ids.ics}?asOf=2020-03-31`)).body).toMatchObject({ workingOnDay: false });
    const names = ((await registry.get('/api/v1/hubs?icb=QMF&asOf=2020-06-01')).body.items as Array<{ name: string }>).map((h) => h.name);
    expect(names).toEqual(['Hackney locality', 'North East London Training Hub']);
  });

  it('keeps the April 2026 successions: a North Central London PCN of 2019 is in QMJ until 31 March 2026 and in West and North London from 1 April 2026', async () => {
    const csv = `${HEADER}\nU82002,Camden South PCN,NW1 2AA,QMJ,2019-07-01,\n`;
    expect((await registry.postCsv('/api/v1/organisations/import?type=pcn', csv)).body).toMatchObject({ created: 1, rejected: [] });
    const icbOf = async (day: string) => (await registry.get(`/api/v1/organisations/U82002?asOf=${day}`)).body.icbCode as string;
    expect(await icbOf('2020-06-01')).toBe('QMJ');
    expect(await icbOf('2026-03-31')).toBe('QMJ');
    expect(await icbOf('2026-04-01')).toBe('Z9B2Z');
    expect((await registry.get('/api/v1/icbs?asOf=2026-03-31&limit=1')).body.page.total).toBe(42);
    expect((await registry.get('/api/v1/icbs?asOf=2026-04-01&limit=1')).body.page.total).toBe(36);
    expect((await registry.get('/api/v1/organisations/Z9B2Z?asOf=2026-04-01')).body).toMatchObject({ name: 'NHS West and North London Integrated Care Board', openDate: '2026-04-01', regionCode: 'Y56' });
    const merged = await registry.service.eventOf(ORGANISATION_SUCCEEDED, 'Z9B2Z');
    expect(merged.predecessors.map((p) => p.organisation?.odsCode).sort()).toEqual(['QMJ', 'QRV']);
  });

  it('gives a registry loaded before the footprints existed (the ICB file alone) the earlier dates on its next start, and a further load changes nothing', async () => {
    const loader = registry.service.app.get(ReferenceDataLoader);
    const load = (data: ReturnType<typeof readReferenceData>) => registry.service.app.get(DataSource).transaction((manager) => loader.load(manager, data));
    const referenceRows = () =>
      Promise.all([
        registry.query(`SELECT ods_code, name, open_date::text, close_date::text, updated_at FROM organisation WHERE kind IN ('icb', 'nhse_region') ORDER BY ods_code`),
        registry.query(`SELECT l.* FROM organisation_link l JOIN organisation o ON o.ods_code = l.child_code WHERE o.kind = 'icb' ORDER BY child_code, valid_from`),
        registry.query(`SELECT * FROM organisation_name ORDER BY ods_code, valid_from`),
      ]);

    // As the registry was before: ICBs from 1 July 2022 only.
    expect(await load(readIcbReference(readFileSync(join(REFERENCE, ICB_REFERENCE_FILE), 'utf8')))).toBe(0);
    expect((await registry.get('/api/v1/icbs?asOf=2020-06-01&limit=1')).body.page.total).toBe(0);
    expect(await registry.query(`SELECT valid_from::text FROM organisation_link WHERE child_code = 'QMF'`)).toEqual([{ valid_from: '2022-07-01' }]);

    expect(await load(readReferenceData(REFERENCE))).toBe(0);
    expect((await registry.get('/api/v1/icbs?asOf=2020-06-01&limit=1')).body.page.total).toBe(42);
    expect(await registry.query(`SELECT parent_code, valid_from::text, valid_to FROM organisation_link WHERE child_code = 'QMF'`)).toEqual([{ parent_code: 'Y56', valid_from: '2019-04-01', valid_to: null }]);
    expect((await registry.get('/api/v1/find-hub?pcn=U81001&asOf=2020-06-01')).body.hubs).toMatchObject([{ hubId: ids.locality, icbName: EAST_LONDON_THEN }]);

    const rows = await referenceRows();
    expect(await load(readReferenceData(REFERENCE))).toBe(0);
    expect(await referenceRows()).toEqual(rows);
    for (const successor of ['Z9B2Z', 'S0E4D', 'S9B9J', 'S1Y5D', 'D7T5G', 'T6Y0W', 'QRL']) await registry.service.eventOf(ORGANISATION_SUCCEEDED, successor);
    await new Promise((resolve) => setTimeout(resolve, 500)); // any event the loads had wrongly published
    expect(registry.service.publishedOfType(ORGANISATION_SUCCEEDED)).toHaveLength(7);
  });
});
