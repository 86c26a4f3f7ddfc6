import { HubContactRole, localDateToIso } from '@traininghubs/contracts';
import { HUB_CONTACT_CHANGED, HUB_REGISTERED, HUB_UPDATED, HubRegistryUnderTest, southWest } from './hub-registry.harness';

describe('keeping hubs up to date, and refusing bad inputs whole (HTTP, real Postgres and Kafka)', () => {
  let registry: HubRegistryUnderTest;
  let bsw: string;
  let bath: string;

  const trace = () => registry.snapshot();

  beforeAll(async () => {
    registry = await HubRegistryUnderTest.start();
    const pcns = 'code,name,postcode,parent_code,open_date,close_date\nU10001,Bath City PCN,BA1 1AA,QOX,2019-07-01,\nU10002,Wiltshire North PCN,SN15 1AA,QOX,2019-07-01,\nU20002,Bristol Inner City PCN,BS1 1AA,QUY,2019-07-01,\n';
    expect((await registry.postCsv('/api/v1/organisations/import?type=pcn', pcns)).body).toMatchObject({ created: 3 });
    bsw = await registry.registerHub({
      name: 'BSW Training Hub',
      level: 'ics',
      icbCode: 'QOX',
      activeFrom: '2025-04-01',
      governance: { notForProfit: true, conflictOfInterestPolicy: false, contractReference: 'HEE-SW-2024-017', contractStart: '2024-04-01', contractEnd: '2027-03-31' },
      funding: [{ financialYear: '2025-26', source: 'hee_operational_budget', amountPence: 25_000_000 }],
    });
    bath = await registry.registerHub({ name: 'Bath locality', level: 'locality', parentHubId: bsw, coveredOdsCodes: ['U10001'], activeFrom: '2025-06-01' });
  });

  afterAll(async () => {
    await registry?.close();
  });

  it('keeps governance and funding per financial year, and publishes HubUpdated with the full description on PATCH', async () => {
    const registered = await registry.service.eventOf(HUB_REGISTERED, bsw);
    expect(registered.details?.name).toBe('BSW Training Hub');
    const patch = {
      effectiveFrom: '2025-10-01',
      name: 'Bath and North East Somerset, Swindon and Wiltshire Training Hub',
      hostOrganisation: { odsCode: 'Y02626', name: 'BSW GP Federation' },
      governance: { notForProfit: true, conflictOfInterestPolicy: true, contractReference: 'HEE-SW-2025-002', contractStart: '2025-04-01', contractEnd: '2028-03-31', accountableBody: { odsCode: 'QOX', name: 'NHS BSW ICB' } },
      funding: [
        { financialYear: '2025-26', source: 'hee_operational_budget', amountPence: 25_000_000 },
        { financialYear: '2025-26', source: 'ics_programme_funding', amountPence: 4_000_000 },
        { financialYear: '2026-27', source: 'hee_operational_budget', amountPence: 26_000_000 },
        { financialYear: '2026-27', source: 'local_authority', amountPence: 1_500_000 },
      ],
    };
    const response = await registry.send('patch', `/api/v1/hubs/${bsw}`, patch, southWest);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ version: 2, name: patch.name, governance: patch.governance, funding: patch.funding });
    const read = await registry.get(`/api/v1/hubs/${bsw}`);
    expect(read.body).toMatchObject({ hostOrganisation: patch.hostOrganisation, governance: { conflictOfInterestPolicy: true, accountableBody: { odsCode: 'QOX' } } });
    expect((read.body.funding as Array<{ financialYear: string }>).filter((f) => f.financialYear === '2026-27')).toHaveLength(2);
    const updated = await registry.service.eventOf(HUB_UPDATED, bsw);
    expect(updated.details).toMatchObject({ name: patch.name, regionOdsCode: 'Y58', websiteUrl: '' });
    expect(updated.details?.hostOrganisation?.odsCode).toBe('Y02626');
    expect(localDateToIso(updated.effectiveFrom!)).toBe('2025-10-01');
  });

  it('changes what a locality hub covers from a day, keeping what it covered before, with HubUpdated listing its PCNs', async () => {
    const response = await registry.send('patch', `/api/v1/hubs/${bath}`, { effectiveFrom: '2026-01-01', coveredOdsCodes: ['U10001', 'U10002'] });
    expect(response.status).toBe(200);
    const updated = await registry.service.eventOf(HUB_UPDATED, bath);
    expect(updated.details?.pcnOdsCodes).toEqual(['U10001', 'U10002']);
    expect(updated.details?.parentHubId).toBe(bsw);
    const coverage = (await registry.get(`/api/v1/hubs/${bath}`)).body.coverage;
    expect(coverage).toEqual([
      { odsCode: 'U10001', validFrom: '2025-06-01', validTo: '2025-12-31' },
      { odsCode: 'U10001', validFrom: '2026-01-01', validTo: null },
      { odsCode: 'U10002', validFrom: '2026-01-01', validTo: null },
    ]);
    expect((await registry.get('/api/v1/find-hub?pcn=U10002&asOf=2025-12-31')).body.hubs[0].name).toMatch(/Training Hub$/);
    expect((await registry.get('/api/v1/find-hub?pcn=U10002&asOf=2026-01-01')).body.hubs[0].name).toBe('Bath locality');
  });

  it('publishes HubContactChanged with all contacts after each change, and keeps the replaced ones as history', async () => {
    const first = { contacts: [{ role: 'hub_lead', displayName: 'Dr A Lead', email: 'a.lead@nhs.net' }, { role: 'placements_lead', displayName: 'Placements team', email: 'bsw.placements@nhs.net', telephone: '01225 111111' }] };
    expect((await registry.send('put', `/api/v1/hubs/${bsw}/contacts`, first)).status).toBe(200);
    const second = { contacts: [{ role: 'hub_lead', displayName: 'Dr B Lead', email: 'b.lead@nhs.net' }] };
    expect((await registry.send('put', `/api/v1/hubs/${bsw}/contacts`, second)).status).toBe(200);
    const firstEvent = await registry.service.eventOf(HUB_CONTACT_CHANGED, bsw, 1);
    expect(firstEvent.contacts.map((c) => [c.role, c.displayName, c.telephone])).toEqual([
      [HubContactRole.HUB_LEAD, 'Dr A Lead', ''],
      [HubContactRole.PLACEMENTS_LEAD, 'Placements team', '01225 111111'],
    ]);
    const secondEvent = await registry.service.eventOf(HUB_CONTACT_CHANGED, bsw, 2);
    expect(secondEvent.contacts.map((c) => c.displayName)).toEqual(['Dr B Lead']);
    const current = (await registry.get(`/api/v1/hubs/${bsw}/contacts`)).body.items as Array<{ displayName: string }>;
    expect(current.map((c) => c.displayName)).toEqual(['Dr B Lead']);
    const history = (await registry.get(`/api/v1/hubs/${bsw}/contacts?history=true`)).body.items as Array<{ displayName: string; validTo: string | null; changedBy: string }>;
    expect(history.map((c) => [c.displayName, c.validTo === null])).toEqual([
      ['Dr B Lead', true],
      ['Dr A Lead', false],
      ['Placements team', false],
    ]);
    expect(history[0].changedBy).toBe('national-team');
    const twice = await registry.send('put', `/api/v1/hubs/${bsw}/contacts`, { contacts: [second.contacts[0], second.contacts[0]] });
    expect(twice.status).toBe(422);
  });

  it.each([
    ['an unknown ICB', (): { path: string; method: 'post' | 'patch' | 'put'; body: object } => ({ path: '/api/v1/hubs', method: 'post', body: { name: 'Nowhere', level: 'ics', icbCode: 'QZZ', activeFrom: '2025-04-01' } }), 422, /unknown-organisation/, /QZZ is not an ICB/],
    ['an unknown PCN for a locality hub', (): { path: string; method: 'post' | 'patch' | 'put'; body: object } => ({ path: '/api/v1/hubs', method: 'post', body: { name: 'Ghost locality', level: 'locality', parentHubId: bsw, coveredOdsCodes: ['U10001', 'U99999'], activeFrom: '2025-06-01' } }), 422, /unknown-organisation/, /U99999 is not an organisation/],
    ['a second ICS-level hub for the ICB', (): { path: string; method: 'post' | 'patch' | 'put'; body: object } => ({ path: '/api/v1/hubs', method: 'post', body: { name: 'BSW again', level: 'ics', icbCode: 'QOX', activeFrom: '2027-04-01' } }), 409, /icb-already-has-hub/, /already has the active ICS-level hub/],
    ['a locality hub outside its parent’s ICB', (): { path: string; method: 'post' | 'patch' | 'put'; body: object } => ({ path: '/api/v1/hubs', method: 'post', body: { name: 'Bristol locality', level: 'locality', parentHubId: bsw, coveredOdsCodes: ['U10001', 'U20002'], activeFrom: '2025-06-01' } }), 422, /outside-parent-area/, /U20002 .* lies in ICB QUY/],
    ['a locality hub PATCHed outside its parent’s ICB', (): { path: string; method: 'post' | 'patch' | 'put'; body: object } => ({ path: `/api/v1/hubs/${bath}`, method: 'patch', body: { effectiveFrom: '2026-02-01', coveredOdsCodes: ['U20002'] } }), 422, /outside-parent-area/, /outside its parent hub's ICB QOX/],
    ['a contract that ends before it starts', (): { path: string; method: 'post' | 'patch' | 'put'; body: object } => ({ path: `/api/v1/hubs/${bsw}`, method: 'patch', body: { effectiveFrom: '2026-02-01', name: 'Renamed', governance: { contractStart: '2026-04-01', contractEnd: '2025-03-31' } } }), 422, /dates-out-of-order/, /ends on 2025-03-31, before it starts on 2026-04-01/],
    ['a change dated before the hub started', (): { path: string; method: 'post' | 'patch' | 'put'; body: object } => ({ path: `/api/v1/hubs/${bsw}`, method: 'patch', body: { effectiveFrom: '2025-01-01', name: 'Renamed' } }), 422, /dates-out-of-order/, /before the hub became active on 2025-04-01/],
    ['a day that does not exist', (): { path: string; method: 'post' | 'patch' | 'put'; body: object } => ({ path: '/api/v1/hubs', method: 'post', body: { name: 'Leap', level: 'ics', icbCode: 'QUY', activeFrom: '2025-02-29' } }), 422, /dates-out-of-order/, /not a calendar day/],
    ['a financial year that is not one', (): { path: string; method: 'post' | 'patch' | 'put'; body: object } => ({ path: `/api/v1/hubs/${bsw}`, method: 'patch', body: { effectiveFrom: '2026-02-01', funding: [{ financialYear: '2026-28', source: 'other', amountPence: 1 }] } }), 422, /dates-out-of-order/, /2026-28/],
    ['one funding source twice in a year', (): { path: string; method: 'post' | 'patch' | 'put'; body: object } => ({ path: `/api/v1/hubs/${bsw}`, method: 'patch', body: { effectiveFrom: '2026-02-01', funding: [{ financialYear: '2026-27', source: 'other', amountPence: 1 }, { financialYear: '2026-27', source: 'other', amountPence: 2 }] } }), 422, /hub-rule-broken/, /listed twice/],
    ['a funding source not in the list', (): { path: string; method: 'post' | 'patch' | 'put'; body: object } => ({ path: `/api/v1/hubs/${bsw}`, method: 'patch', body: { effectiveFrom: '2026-02-01', funding: [{ financialYear: '2026-27', source: 'lottery', amountPence: 1 }] } }), 400, /validation|bad-request|problems/, /source/],
    ['a negative amount', (): { path: string; method: 'post' | 'patch' | 'put'; body: object } => ({ path: `/api/v1/hubs/${bsw}`, method: 'patch', body: { effectiveFrom: '2026-02-01', funding: [{ financialYear: '2026-27', source: 'other', amountPence: -5 }] } }), 400, /problems/, /amountPence/],
    ['a stop before the start', (): { path: string; method: 'post' | 'patch' | 'put'; body: object } => ({ path: `/api/v1/hubs/${bath}/deactivate`, method: 'post', body: { effectiveDate: '2025-06-01', reason: 'closed' } }), 422, /dates-out-of-order/, /stops on a later day/],
  ])('refuses %s with problem+json and saves nothing', async (_what, input, status, type, detail) => {
    const before = await trace();
    const { path, method, body } = input();
    const response = await registry.send(method, path, body);
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body.type).toMatch(type);
    expect(JSON.stringify(response.body)).toMatch(detail);
    expect(await trace()).toEqual(before);
  });

  it('refuses a body over its JSON limit with 413 and unreadable JSON with 400, as problem+json, saving nothing', async () => {
    const before = await trace();
    const huge = await registry.send('post', '/api/v1/hubs', { name: 'x'.repeat(1_100_000), level: 'ics', icbCode: 'QUY', activeFrom: '2025-04-01' });
    expect(huge.status).toBe(413);
    expect(huge.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(huge.body).toMatchObject({ status: 413, title: 'Payload too large' });
    const garbled = await registry.service.send('post', '/api/v1/hubs', '{"name": "BNSSG Training Hub",', southWest, 'application/json');
    expect(garbled.status).toBe(400);
    expect(garbled.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(await trace()).toEqual(before);
  });

  it('serves its own OpenAPI document for the gateway to merge', async () => {
    const response = await registry.get('/api/docs-json');
    expect(response.status).toBe(200);
    expect(response.body.openapi).toMatch(/^3\./);
    expect(Object.keys(response.body.paths)).toEqual(expect.arrayContaining(['/api/v1/hubs', '/api/v1/hubs/{hubId}/succeed', '/api/v1/find-hub']));
  });
});
