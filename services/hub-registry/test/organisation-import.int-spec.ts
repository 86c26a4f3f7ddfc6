import { OrganisationImportService } from '../src/organisations/import/organisation-import.service';
import { HubRegistryUnderTest, national } from './hub-registry.harness';

const HEADER = 'code,name,postcode,parent_code,open_date,close_date';
const pcnCode = (i: number) => `U9${String(i).padStart(4, '0')}`;
/** `count` practices with codes <prefix>00000…, spread over 50 PCNs of BSW. */
function practices(prefix: string, count: number): string {
  const lines = [HEADER];
  for (let i = 0; i < count; i++) lines.push(`${prefix}${String(i).padStart(5, '0')},Practice ${prefix}${i},BA${1 + (i % 9)} ${i % 10}AA,${pcnCode(i % 50)},2015-04-01,`);
  return `${lines.join('\n')}\n`;
}

interface Progress {
  status: 'running' | 'completed' | 'failed';
  processedRows: number;
  totalRows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: unknown[];
}

describe('organisation imports of large files: progress, re-import, malformed files and interruption (HTTP, real Postgres)', () => {
  let registry: HubRegistryUnderTest;

  const practiceCount = async (prefix: string) =>
    (await registry.query<{ n: number }>(`SELECT count(*)::int AS n FROM organisation WHERE kind = 'gp_practice' AND ods_code LIKE $1`, [`${prefix}%`]))[0].n;

  /** Polls the import's progress until it stops running, returning every progress seen. */
  async function follow(location: string, timeoutMs = 120_000): Promise<Progress[]> {
    const seen: Progress[] = [];
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const response = await registry.get(location);
      expect(response.status).toBe(200);
      seen.push(response.body as Progress);
      if (response.body.status !== 'running') return seen;
      if (Date.now() > deadline) throw new Error(`import ${location} still running after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  beforeAll(async () => {
    registry = await HubRegistryUnderTest.start();
    const pcns = [HEADER, ...Array.from({ length: 50 }, (_, i) => `${pcnCode(i)},BSW PCN ${i},BA1 1AA,QOX,2019-07-01,`)].join('\n');
    expect((await registry.postCsv('/api/v1/organisations/import?type=pcn', pcns)).body).toMatchObject({ status: 'completed', created: 50 });
  });

  afterAll(async () => {
    await registry?.close();
  });

  it('answers 202 with a Location for 5,000 practices, shows progress below the total, then the whole report', async () => {
    const posted = await registry.postCsv('/api/v1/organisations/import?type=gp_practice', practices('P', 5000));
    expect(posted.status).toBe(202);
    expect(posted.headers.location).toBe(`/api/v1/organisations/import/${posted.body.id as string}`);
    expect(posted.body).toMatchObject({ status: 'running', totalRows: 5000 });
    const seen = await follow(posted.headers.location as string);
    const processed = seen.map((p) => p.processedRows);
    expect(processed.some((n) => n < 5000)).toBe(true);
    expect(processed).toEqual([...processed].sort((a, b) => a - b));
    expect(processed.every((n) => n % 500 === 0)).toBe(true);
    expect(seen.at(-1)).toMatchObject({ status: 'completed', processedRows: 5000, totalRows: 5000, created: 5000, updated: 0, unchanged: 0, rejected: [] });
    expect(await practiceCount('P')).toBe(5000);
    const found = await registry.get('/api/v1/organisations/P04999?asOf=2025-06-01');
    expect(found.body).toMatchObject({ icbCode: 'QOX', regionCode: 'Y58' });
  });

  it('keeps the report of a file of bad rows bounded: counts by rule, the first 100 rows, and every row in a CSV download', async () => {
    const lines = [HEADER];
    for (let i = 0; i < 4_000; i++) {
      // three kinds of bad row: an unknown parent, a bad date, and a code seen earlier in the file
      if (i % 4 === 0) lines.push(`B${String(i).padStart(5, '0')},Bad ${i},BA1 1AA,U99999,2015-04-01,`);
      else if (i % 4 === 1) lines.push(`B${String(i).padStart(5, '0')},Bad ${i},BA1 1AA,${pcnCode(0)},2015-13-01,`);
      else lines.push(`D00000,Duplicate practice,BA1 1AA,${pcnCode(0)},2015-04-01,`);
    }
    const posted = await registry.postCsv('/api/v1/organisations/import?type=gp_practice', `${lines.join('\n')}\n`);
    expect(posted.status).toBe(202);
    const done = (await follow(posted.headers.location as string)).at(-1) as Progress & { rejectedCount: number; rejectedByRule: Record<string, number>; rejectedRowsCsv: string };
    expect(done).toMatchObject({ status: 'completed', created: 1, rejectedCount: 3_999, rejectedByRule: { 'unknown-parent': 1_000, 'invalid-open-date': 1_000, 'duplicate-in-file': 1_999 } });
    expect(done.rejected).toHaveLength(100);
    expect(done.rejected[0]).toEqual({ line: 2, code: 'B00000', rule: 'unknown-parent', reason: 'parent_code U99999 is not an organisation the registry knows' });
    expect(JSON.stringify(done).length).toBeLessThan(30_000);

    const csv = await registry.get(done.rejectedRowsCsv);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const rows = csv.text.trimEnd().split('\r\n');
    expect(rows).toHaveLength(1 + 3_999);
    expect(rows[0]).toBe('line,code,rule,reason');
    expect(rows[1]).toBe('2,B00000,unknown-parent,parent_code U99999 is not an organisation the registry knows');
    expect(rows.at(-1)).toBe('4001,D00000,duplicate-in-file,D00000 appears earlier in the file');
    // someone else's import is not theirs to read
    expect((await registry.get(done.rejectedRowsCsv, { subject: 'other-icb', role: 'icb', scope: { kind: 'icb', code: 'QMF' } })).status).toBe(404);
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await registry.query(`SELECT max(updated_at) AS at, count(*)::int AS n FROM organisation`);
    const links = await registry.query(`SELECT count(*)::int AS n FROM organisation_link`);
    const posted = await registry.postCsv('/api/v1/organisations/import?type=gp_practice', practices('P', 5000));
    expect(posted.status).toBe(202);
    const seen = await follow(posted.headers.location as string);
    expect(seen.at(-1)).toMatchObject({ status: 'completed', processedRows: 5000, created: 0, updated: 0, unchanged: 5000, rejected: [] });
    expect(await registry.query(`SELECT max(updated_at) AS at, count(*)::int AS n FROM organisation`)).toEqual(before);
    expect(await registry.query(`SELECT count(*)::int AS n FROM organisation_link`)).toEqual(links);
  });

  it('refuses a malformed file with 400 problem+json naming the line, and records nothing', async () => {
    const imports = await registry.query(`SELECT count(*)::int AS n FROM organisation_import`);
    const lines = practices('M', 4000).split('\n');
    lines[3000] = 'M03000,"Unclosed practice name,BA1 1AA,U90000,2015-04-01,';
    const response = await registry.postCsv('/api/v1/organisations/import?type=gp_practice', lines.join('\n'));
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body).toMatchObject({ type: 'https://traininghubs.nhs.uk/problems/malformed-csv', line: 3001, detail: 'line 3001: a quoted field opened on line 3001 is never closed' });
    const noHeader = await registry.postCsv('/api/v1/organisations/import?type=gp_practice', 'code,name\nM1,x\n');
    expect(noHeader.body).toMatchObject({ status: 400, line: 1, detail: expect.stringMatching(/first line must be the header/) });
    expect(await registry.query(`SELECT count(*)::int AS n FROM organisation_import`)).toEqual(imports);
    expect(await practiceCount('M')).toBe(0);
  });

  it('stops between chunks on shutdown and after a crash resumes from the last whole chunk, losing and repeating nothing', async () => {
    const service = registry.service.app.get(OrganisationImportService);
    const posted = await registry.postCsv('/api/v1/organisations/import?type=gp_practice', practices('R', 5000));
    expect(posted.status).toBe(202);
    const id = posted.body.id as string;
    for (let progress = posted.body as Progress; progress.processedRows < 500; progress = (await registry.get(posted.headers.location as string)).body as Progress) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await service.drain();

    const [stopped] = await registry.query<{ status: string; processed_rows: number; worker_id: string | null }>(
      `SELECT status, processed_rows, worker_id FROM organisation_import WHERE id = $1`,
      [id],
    );
    expect(stopped.status).toBe('running');
    expect(stopped.processed_rows).toBeLessThan(5000);
    expect(stopped.processed_rows % 500).toBe(0);
    // Whole chunks only: exactly the rows the import says it processed have landed.
    expect(await practiceCount('R')).toBe(stopped.processed_rows);

    // As if the process working on it had crashed: a lease another process still holds is left alone…
    await registry.query(`UPDATE organisation_import SET worker_id = 'crashed-replica', lease_until = now() + interval '1 minute' WHERE id = $1`, [id]);
    expect(await service.resumeInterrupted()).not.toContain(id);
    // …and once it lapses, the import is taken over and finished.
    await registry.query(`UPDATE organisation_import SET lease_until = now() - interval '1 second' WHERE id = $1`, [id]);
    expect(await service.resumeInterrupted()).toContain(id);
    const seen = await follow(posted.headers.location as string);
    expect(seen.at(-1)).toMatchObject({ status: 'completed', processedRows: 5000, created: 5000, updated: 0, unchanged: 0, rejected: [] });
    expect(await practiceCount('R')).toBe(5000);
    const [audit] = await registry.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_event WHERE entity_id = $1 AND action = 'organisations.imported'`, [id]);
    expect(audit.n).toBe(1);
  });

  it('shows an import to the national team and the caller who started it only', async () => {
    const small = await registry.postCsv('/api/v1/organisations/import?type=gp_practice', practices('S', 3), { subject: 'bsw-icb-lead', role: 'icb', scope: { kind: 'icb', code: 'QOX' } });
    expect(small.status).toBe(200);
    expect(small.body).toMatchObject({ status: 'completed', created: 3 });
    const location = small.headers.location as string;
    expect((await registry.get(location, { subject: 'bsw-icb-lead', role: 'icb', scope: { kind: 'icb', code: 'QOX' } })).status).toBe(200);
    expect((await registry.get(location, national)).status).toBe(200);
    expect((await registry.get(location, { subject: 'someone-else', role: 'icb', scope: { kind: 'icb', code: 'QOX' } })).status).toBe(404);
  });
});
