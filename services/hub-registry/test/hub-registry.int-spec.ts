import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { HubLevel, localDateToIso, OrganisationType, SuccessionKind } from '@traininghubs/contracts';
import { ReferenceDataLoader } from '../src/organisations/reference-data/reference-data.loader';
import { readIcbReference } from '../src/organisations/reference-data/icb-reference';
import { analyst, HUB_CONTACT_CHANGED, HUB_DEACTIVATED, HUB_REGISTERED, HubRegistryUnderTest, london, ORGANISATION_RECORDED, ORGANISATION_SUCCEEDED, southWest } from './hub-registry.harness';

describe('hub-registry through HTTP, with real Postgres and Kafka', () => {
  let registry: HubRegistryUnderTest;
  const get: HubRegistryUnderTest['get'] = (...args) => registry.get(...args);
  const send: HubRegistryUnderTest['send'] = (...args) => registry.send(...args);
  const postCsv: HubRegistryUnderTest['postCsv'] = (...args) => registry.postCsv(...args);

  beforeAll(async () => {
    registry = await HubRegistryUnderTest.start();
  });

  afterAll(async () => {
    await registry?.close();
  });

  it('loads the reference data: 42 ICBs before 1 April 2026 and 36 from it, seven regions', async () => {
    expect((await get('/api/v1/icbs?asOf=2026-03-31&limit=1')).body.page.total).toBe(42);
    expect((await get('/api/v1/icbs?asOf=2026-04-01&limit=1')).body.page.total).toBe(36);
    expect((await get('/api/v1/regions')).body.page.total).toBe(7);
    const eastOfEngland = await get('/api/v1/icbs?asOf=2026-04-01&region=Y61', analyst);
    expect(eastOfEngland.body.items.map((i: { odsCode: string }) => i.odsCode)).toEqual(['D7T5G', 'S1Y5D', 'T6Y0W']);
    const bad = await get('/api/v1/icbs?asOf=1st-April');
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(/problem\+json/);
  });

  it('publishes OrganisationSucceeded once per successor, keyed by its ODS code', async () => {
    const event = await registry.service.eventOf(ORGANISATION_SUCCEEDED, 'D7T5G');
    expect(event.kind).toBe(SuccessionKind.MERGER);
    expect(event.predecessors.map((p) => p.organisation?.odsCode).sort()).toEqual(['QH8', 'QJG', 'QM7']);
    expect(await registry.service.eventOf(ORGANISATION_SUCCEEDED, 'QRL')).toMatchObject({ kind: SuccessionKind.TERRITORY_TRANSFER, successorIsNew: false });
    for (const successor of ['Z9B2Z', 'S0E4D', 'S9B9J', 'S1Y5D', 'D7T5G', 'T6Y0W', 'QRL']) await registry.service.eventOf(ORGANISATION_SUCCEEDED, successor);
    expect(registry.service.publishedOfType(ORGANISATION_SUCCEEDED)).toHaveLength(7);
  });

  it('loads the reference data again without changes or new events', async () => {
    const data = readIcbReference(readFileSync(join(__dirname, '../reference/icbs-2022-2026.csv'), 'utf8'));
    const loader = registry.service.app.get(ReferenceDataLoader);
    expect(await registry.service.app.get(DataSource).transaction((manager) => loader.load(manager, data))).toBe(0);
    expect((await get('/api/v1/organisations?type=icb&asOf=2026-04-01&limit=1')).body.page.total).toBe(36);
  });

  it('registers ICS-level hubs, one active per ICB, within the caller’s scope', async () => {
    const created = await send('post', '/api/v1/hubs', { name: 'BSW Training Hub', level: 'ics', icbCode: 'QOX', activeFrom: '2025-04-01', websiteUrl: 'https://bswtraininghub.nhs.uk' }, southWest);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ icbCode: 'QOX', regionCode: 'Y58', status: 'active' });
    const hubId = created.body.id as string;
    const event = await registry.service.eventOf(HUB_REGISTERED, hubId);
    expect(event.details).toMatchObject({ name: 'BSW Training Hub', level: HubLevel.ICS, regionOdsCode: 'Y58', parentHubId: '' });
    expect(event.details?.icb?.odsCode).toBe('QOX');

    const second = await send('post', '/api/v1/hubs', { name: 'Another BSW hub', level: 'ics', icbCode: 'QOX', activeFrom: '2025-05-01' });
    expect(second.status).toBe(409);
    expect(second.body.detail).toMatch(/already has the active ICS-level hub "BSW Training Hub"/);

    expect((await send('post', '/api/v1/hubs', { name: 'Not mine', level: 'ics', icbCode: 'QOX', activeFrom: '2025-04-01' }, london)).status).toBe(403);
    expect((await send('post', '/api/v1/hubs', { name: 'Read only', level: 'ics', icbCode: 'QUY', activeFrom: '2025-04-01' }, analyst)).status).toBe(403);
    const unknown = await send('post', '/api/v1/hubs', { name: 'Nowhere', level: 'ics', icbCode: 'QZZ', activeFrom: '2025-04-01' });
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({ type: 'https://traininghubs.nhs.uk/problems/unknown-organisation', detail: 'QZZ is not an ICB the registry knows' });
    const closed = await send('post', '/api/v1/hubs', { name: 'Too late', level: 'ics', icbCode: 'QMM', activeFrom: '2026-04-01' });
    expect(closed.status).toBe(422);
    const badDates = await send('post', '/api/v1/hubs', { name: 'Dates', level: 'ics', icbCode: 'QUY', activeFrom: '2025-04-01', governance: { contractStart: '2025-04-01', contractEnd: '2024-03-31' } });
    expect(badDates.status).toBe(422);
    expect(badDates.body.type).toMatch(/dates-out-of-order/);
    expect((await get('/api/v1/hubs?icb=QUY')).body.page.total).toBe(0);
    expect((await get('/api/v1/hubs', london)).body.page.total).toBe(0);
  });

  it('imports PCNs and practices: valid rows land, invalid rows are reported, a re-import changes nothing', async () => {
    const pcns = 'code,name,postcode,parent_code,open_date,close_date\nU10001,Bath City PCN,BA1 1AA,QOX,2019-07-01,\nU20002,Bristol Inner City PCN,BS1 1AA,QUY,2019-07-01,\nU30003,Orphan PCN,,QZZ,2019-07-01,\n';
    const first = await postCsv('/api/v1/organisations/import?type=pcn', pcns);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ created: 2, unchanged: 0, status: 'completed', rejected: [{ line: 4, code: 'U30003', reason: 'parent_code QZZ is not an organisation the registry knows' }] });
    const practices = 'code,name,postcode,parent_code,open_date,close_date\nL81001,Bath Surgery,BA1 2BB,U10001,1974-04-01,\nL81002,Backwards Surgery,BA1 3CC,U10001,2020-01-01,2019-01-01\n';
    expect((await postCsv('/api/v1/organisations/import?type=gp_practice', practices)).body).toMatchObject({ created: 1, rejected: [{ line: 3, code: 'L81002' }] });
    const again = await postCsv('/api/v1/organisations/import?type=pcn', pcns);
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect((await get(`/api/v1/organisations/import/${again.body.id as string}`)).body).toMatchObject({ processedRows: 3, status: 'completed' });
    const malformed = await postCsv('/api/v1/organisations/import?type=pcn', 'code,name\n"U4,x\n');
    expect(malformed.status).toBe(400);
    expect(malformed.body.type).toMatch(/malformed-csv/);
    expect((await postCsv('/api/v1/organisations/import?type=pcn', pcns, southWest)).body).toMatchObject({ unchanged: 2, rejected: [{ line: 4 }] });
    const londonImport = await postCsv('/api/v1/organisations/import?type=pcn', pcns, london);
    expect(londonImport.status).toBe(200);
    expect(londonImport.body).toMatchObject({ created: 0, updated: 0, unchanged: 0 });
    expect(londonImport.body.rejected[0]).toEqual({ line: 2, code: 'U10001', rule: 'outside-your-area', reason: 'parent_code QOX lies in ICB QOX (region Y58), outside your area' });
    expect((await postCsv('/api/v1/organisations/import?type=pcn', pcns, analyst)).status).toBe(403);
    const practice = await get('/api/v1/organisations/L81001?asOf=2025-06-01');
    expect(practice.body).toMatchObject({ icbCode: 'QOX', regionCode: 'Y58' });
    expect((await get('/api/v1/organisations?type=pcn&parent=QOX')).body.items.map((o: { odsCode: string }) => o.odsCode)).toEqual(['U10001']);
  });

  it('registers a locality hub inside its parent’s ICB only, keeps contacts with history and finds the hub', async () => {
    const bsw = (await get('/api/v1/hubs?icb=QOX')).body.items[0] as { id: string };
    const outside = await send('post', '/api/v1/hubs', { name: 'Bristol locality', level: 'locality', parentHubId: bsw.id, coveredOdsCodes: ['U20002'], activeFrom: '2025-06-01' });
    expect(outside.status).toBe(422);
    expect(outside.body.detail).toMatch(/U20002 .* lies in ICB QUY on 2025-06-01, outside its parent hub's ICB QOX/);
    const locality = await send('post', '/api/v1/hubs', { name: 'Bath locality', level: 'locality', parentHubId: bsw.id, coveredOdsCodes: ['U10001'], activeFrom: '2025-06-01' });
    expect(locality.status).toBe(201);
    expect((await get('/api/v1/hubs?icb=QOX')).body.page.total).toBe(2);

    const contacts = { contacts: [{ role: 'general_enquiries', displayName: 'Bath hub team', email: 'bath.hub@nhs.net' }] };
    expect((await send('put', `/api/v1/hubs/${locality.body.id as string}/contacts`, contacts)).status).toBe(200);
    const replaced = { contacts: [{ role: 'general_enquiries', displayName: 'Bath training team', email: 'bath.training@nhs.net', telephone: '01225 000000' }] };
    expect((await send('put', `/api/v1/hubs/${locality.body.id as string}/contacts`, replaced)).status).toBe(200);
    expect((await get(`/api/v1/hubs/${locality.body.id as string}/contacts?history=true`)).body.items).toHaveLength(2);
    expect((await send('put', `/api/v1/hubs/${locality.body.id as string}/contacts`, { contacts: [{ role: 'boss', displayName: 'x', email: 'not-an-email' }] })).status).toBe(400);

    const found = await get('/api/v1/find-hub?practice=L81001&asOf=2025-07-01', analyst);
    expect(found.body.hubs).toMatchObject([{ name: 'Bath locality', level: 'locality', servesVia: 'U10001', contacts: [{ displayName: 'Bath training team' }] }]);
    expect((await get('/api/v1/find-hub?postcodeDistrict=BA1&asOf=2025-07-01')).body.hubs[0].name).toBe('Bath locality');
    expect((await get('/api/v1/find-hub?icb=QOX')).body.hubs[0].name).toBe('BSW Training Hub');
    expect((await get('/api/v1/find-hub?practice=L81001&asOf=2025-05-01')).body.hubs[0].name).toBe('BSW Training Hub');
    expect((await get('/api/v1/find-hub?practice=L81001&pcn=U10001')).status).toBe(400);

    const early = await send('post', `/api/v1/hubs/${locality.body.id as string}/deactivate`, { effectiveDate: '2025-01-01', reason: 'closed' });
    expect(early.status).toBe(422);
    expect(early.body.type).toMatch(/dates-out-of-order/);
    const deactivated = await send('post', `/api/v1/hubs/${locality.body.id as string}/deactivate`, { effectiveDate: '2026-04-01', reason: 'closed' });
    expect(deactivated.status).toBe(200);
    expect(await registry.service.eventOf(HUB_DEACTIVATED, locality.body.id as string)).toMatchObject({ successorHubIds: [] });
    expect((await registry.service.eventOf(HUB_CONTACT_CHANGED, locality.body.id as string, 2)).contacts).toMatchObject([{ displayName: 'Bath training team', telephone: '01225 000000' }]);
    expect((await get('/api/v1/find-hub?practice=L81001&asOf=2026-04-02')).body.hubs[0].name).toBe('BSW Training Hub');
  });

  it('publishes OrganisationRecorded for each practice an import records or changes, with its memberships and the hubs serving it', async () => {
    // BSW serves it; the Bath locality hub that covered U10001 stopped on 1 April 2026.
    const hubIds = ((await get('/api/v1/hubs?icb=QOX&status=active')).body.items as Array<{ id: string; level: string }>).map((h) => h.id);
    expect(hubIds).toHaveLength(1);
    const csv = (name: string, extra = '') => `code,name,postcode,parent_code,open_date,close_date\nL81009,${name},BA2 4AA,U10001,1990-04-01,\n${extra}`;
    expect((await postCsv('/api/v1/organisations/import?type=gp_practice', csv('Widcombe Surgery'))).body).toMatchObject({ created: 1 });
    const recorded = await registry.service.eventOf(ORGANISATION_RECORDED, 'L81009');
    expect(recorded.organisation).toMatchObject({ odsCode: 'L81009', name: 'Widcombe Surgery', type: OrganisationType.GP_PRACTICE });
    expect(recorded.postcode).toBe('BA2 4AA');
    expect(localDateToIso(recorded.openDate!)).toBe('1990-04-01');
    expect(recorded.closeDate).toBeUndefined();
    expect(recorded.memberships.map((m) => [m.parentOdsCode, m.validFrom && localDateToIso(m.validFrom), m.validTo])).toEqual([['U10001', '1990-04-01', undefined]]);
    expect(recorded.hubIds).toEqual(hubIds);

    // A change is published as the complete record again; an unchanged row publishes nothing.
    expect((await postCsv('/api/v1/organisations/import?type=gp_practice', csv('Widcombe Medical Centre'))).body).toMatchObject({ updated: 1 });
    expect((await registry.service.eventOf(ORGANISATION_RECORDED, 'L81009', 2)).organisation?.name).toBe('Widcombe Medical Centre');
    const withNew = csv('Widcombe Medical Centre', 'L81010,Larkhall Surgery,BA1 6AA,U10001,1985-04-01,\n');
    expect((await postCsv('/api/v1/organisations/import?type=gp_practice', withNew)).body).toMatchObject({ created: 1, unchanged: 1 });
    await registry.service.eventOf(ORGANISATION_RECORDED, 'L81010');
    await new Promise((resolve) => setTimeout(resolve, 500)); // the same batch's other partitions
    expect(registry.service.publishedOfType(ORGANISATION_RECORDED).filter((r) => r.key === 'L81009')).toHaveLength(2);
  });
});
