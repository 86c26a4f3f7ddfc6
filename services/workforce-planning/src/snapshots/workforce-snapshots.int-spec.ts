import request from 'supertest';
import type { DataSource } from 'typeorm';
import type { Caller } from '@traininghubs/auth';
import { StaffGroup, WorkforceSource } from '@traininghubs/contracts';
import type { ServiceUnderTest } from '@traininghubs/testing';
import { HUB, hubAdmin, otherHubAdmin, national, analyst, startWorkforcePlanning } from '../../test/workforce-planning.harness';
import { STAFF_RECRUITED } from '../recruitments/recruitments.service';
import { SnapshotImportsService } from './snapshot-imports.service';

const IMPORTED = 'uk.nhs.traininghubs.workforce.workforce_snapshot_imported.v1';

const HEADER =
  'EXTRACT_DATE,PRAC_CODE,PRAC_NAME,PCN_CODE,PCN_NAME,ICB_CODE,TOTAL_PATIENTS,TOTAL_GP_HC,TOTAL_GP_FTE,TOTAL_GP_EXTGL_HC,TOTAL_GP_EXTGL_FTE,TOTAL_GP_PTNR_PROV_HC,TOTAL_GP_PTNR_PROV_FTE,' +
  'TOTAL_GP_SAL_BY_PRAC_HC,TOTAL_GP_SAL_BY_PRAC_FTE,TOTAL_NURSES_HC,TOTAL_NURSES_FTE,TOTAL_N_PRAC_NURSE_HC,TOTAL_N_PRAC_NURSE_FTE,TOTAL_DPC_HC,TOTAL_DPC_FTE,' +
  'TOTAL_DPC_PHARMA_HC,TOTAL_DPC_PHARMA_FTE,TOTAL_ADMIN_HC,TOTAL_ADMIN_FTE,TOTAL_ADMIN_RECEPT_HC,TOTAL_ADMIN_RECEPT_FTE';

interface Practice {
  code: string;
  pcn: string;
  icb?: string;
  gp?: [string, string];
  date?: string;
}

/** A row as the GPW file has it: partners and salaried GPs, practice nurses, a pharmacist, receptionists. */
const line = ({ code, pcn, icb = 'QOX', gp = ['5', '3.4666667'], date = '30SEP2025' }: Practice) =>
  [date, code, `Surgery ${code}`, pcn, `PCN ${pcn}`, icb, '9120', gp[0], gp[1], gp[0], gp[1], '2', '2', '3', '1.4666667', '3', '2.4', '3', '2.4', '2', '1.6', '1', '0.8', '8', '6.13', '5', '3.5'].join(',');
const file = (practices: Practice[]) => [HEADER, ...practices.map(line)].join('\r\n') + '\r\n';

describe('workforce snapshots (real Postgres and Kafka)', () => {
  let service: ServiceUnderTest;
  let dataSource: DataSource;

  const upload = async (text: string, caller: Caller, query = '') =>
    request(service.app.getHttpServer())
      .post(`/api/v1/workforce/snapshot-imports${query}`)
      .set('Authorization', `Bearer ${await service.token(caller)}`)
      .set('Content-Type', 'text/csv')
      .send(text);
  const get = (path: string, caller: Caller = hubAdmin) => service.get(path, caller);
  /** Polls the import until it is no longer staging; returns every processedRows seen on the way. */
  const untilSettled = async (id: string, caller: Caller = hubAdmin) => {
    const seen: number[] = [];
    const deadline = Date.now() + 90_000;
    for (;;) {
      const progress = await get(`/api/v1/workforce/snapshot-imports/${id}`, caller);
      expect(progress.status).toBe(200);
      seen.push(progress.body.processedRows as number);
      if (progress.body.status !== 'staging') return { final: progress.body, seen };
      if (Date.now() > deadline) throw new Error(`import ${id} still staging: ${JSON.stringify(progress.body)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const stored = async (snapshotDate: string) =>
    Number((await dataSource.query('SELECT count(*)::int AS n FROM practice_workforce_snapshot WHERE snapshot_date = $1', [snapshotDate]))[0].n);

  beforeAll(async () => {
    service = await startWorkforcePlanning();
    dataSource = service.dataSource;
  });

  afterAll(async () => {
    await service?.close();
  });

  let firstImportId: string;

  it('imports a valid month: 202 with Location, staged to the end, stored per practice and PCN, WorkforceSnapshotImported per PCN', async () => {
    const practices = [
      { code: 'F83004', pcn: 'U83547' },
      { code: 'F83005', pcn: 'U83547', gp: ['7', '5.5'] as [string, string] },
      { code: 'F83006', pcn: 'U12345' },
    ];
    const started = await upload(file(practices), hubAdmin);
    expect(started.status).toBe(202);
    expect(started.headers.location).toBe(`/api/v1/workforce/snapshot-imports/${started.body.id}`);
    expect(started.body).toMatchObject({ status: 'staging', snapshotDate: '2025-09-30', totalRows: 3, hubIds: [HUB] });
    expect(started.body.report.ignoredColumns).toEqual(expect.arrayContaining(['TOTAL_PATIENTS', 'PCN_NAME', 'TOTAL_GP_EXTGL_HC']));
    firstImportId = started.body.id;
    const { final } = await untilSettled(firstImportId);
    expect(final).toMatchObject({ status: 'applied', processedRows: 3, practiceCount: 3, report: { errorCount: 0, replacedPractices: 0 } });

    const byPractice = await get('/api/v1/workforce/snapshots?month=2025-09&pcnOdsCode=U83547');
    expect(byPractice.status).toBe(200);
    expect(byPractice.body.page.total).toBe(2);
    expect(byPractice.body.items[0]).toMatchObject({ level: 'practice', odsCode: 'F83004', practiceName: 'Surgery F83004', pcnOdsCode: 'U83547', icbCode: 'QOX', hubId: HUB, practiceCount: 1 });
    expect(byPractice.body.items[0].staffGroups).toEqual([
      { staffGroup: 'GP', headcount: 5, fteHundredths: 347, fte: 3.47 },
      { staffGroup: 'NURSE', headcount: 3, fteHundredths: 240, fte: 2.4 },
      { staffGroup: 'DIRECT_PATIENT_CARE', headcount: 2, fteHundredths: 160, fte: 1.6 },
      { staffGroup: 'ADMIN_NON_CLINICAL', headcount: 8, fteHundredths: 613, fte: 6.13 },
    ]);
    expect(byPractice.body.items[0].roles).toContainEqual({ roleCode: 'GP_SAL_BY_PRAC', staffGroup: 'GP', headcount: 3, fteHundredths: 147 });

    const byPcn = await get('/api/v1/workforce/snapshots?level=pcn', analyst);
    expect(byPcn.body.items.map((r: { odsCode: string; practiceCount: number }) => [r.odsCode, r.practiceCount])).toEqual([
      ['U12345', 1],
      ['U83547', 2],
    ]);
    expect(byPcn.body.items[1].staffGroups[0]).toEqual({ staffGroup: 'GP', headcount: 12, fteHundredths: 897, fte: 8.97 });
    expect(byPcn.body.items[1].roles).toContainEqual({ roleCode: 'DPC_PHARMA', staffGroup: 'DIRECT_PATIENT_CARE', headcount: 2, fteHundredths: 160 });

    const event = await service.eventOf(IMPORTED, 'U83547');
    expect(event).toMatchObject({ hubId: HUB, pcnOdsCode: 'U83547', icbOdsCode: 'QOX', importId: firstImportId, practiceCount: 2, dataSource: WorkforceSource.GPW_PRACTICE });
    expect(event.snapshotDate).toMatchObject({ year: 2025, month: 9, day: 30 });
    expect(event.staffGroupTotals.map((t) => [t.staffGroup, t.headcount, t.fteHundredths])).toEqual([
      [StaffGroup.GP, 12, 897n],
      [StaffGroup.NURSE, 6, 480n],
      [StaffGroup.DIRECT_PATIENT_CARE, 4, 320n],
      [StaffGroup.ADMIN_NON_CLINICAL, 16, 1226n],
    ]);
    expect(event.figures).toContainEqual(expect.objectContaining({ organisationOdsCode: 'F83005', roleCode: 'ADMIN_RECEPT', headcount: 5, fteHundredths: 350n }));
    await service.eventOf(IMPORTED, 'U12345');
  });

  it('re-importing the month replaces its practices in one go, without duplicates, and publishes again', async () => {
    const again = await upload(file([{ code: 'F83005', pcn: 'U83547', gp: ['8', '6'] }]), hubAdmin, '?snapshotDate=2025-09-30');
    expect(again.status).toBe(202);
    const { final } = await untilSettled(again.body.id);
    expect(final).toMatchObject({ status: 'applied', report: { replacedPractices: 1 } });
    expect(await stored('2025-09-30')).toBe(3);
    const roles = await dataSource.query("SELECT count(*)::int AS n FROM practice_workforce_role WHERE snapshot_date = '2025-09-30' AND practice_ods_code = 'F83005'");
    expect(roles[0].n).toBe(5);
    const practice = await get('/api/v1/workforce/snapshots?month=2025-09&practiceOdsCode=F83005');
    expect(practice.body.items[0].staffGroups[0]).toMatchObject({ headcount: 8, fteHundredths: 600 });
    const totals = await get('/api/v1/workforce/snapshots/totals?month=2025-09');
    expect(totals.body).toMatchObject({ snapshotDate: '2025-09-30', practiceCount: 3 });
    expect(totals.body.staffGroups[0]).toMatchObject({ staffGroup: 'GP', headcount: 18, fteHundredths: 1294 });
    const republished = await service.eventOf(IMPORTED, 'U83547', 2);
    expect(republished).toMatchObject({ importId: again.body.id, practiceCount: 1 });
    const staged = await dataSource.query('SELECT count(*)::int AS n FROM practice_workforce_snapshot_staged');
    expect(staged[0].n).toBe(0);
  });

  it('refuses a file with bad rows whole: 422 with line, column and reason, and saves nothing', async () => {
    const before = await dataSource.query('SELECT count(*)::int AS n FROM practice_workforce_snapshot');
    const outboxBefore = service.publishedOfType(IMPORTED).length;
    const text = [
      HEADER,
      line({ code: 'F83010', pcn: 'U83547' }),
      line({ code: 'F83011', pcn: 'U83547', gp: ['-2', '1'] }),
      line({ code: 'F83012', pcn: 'U83547', gp: ['2', 'many'] }),
      line({ code: 'F83013', pcn: 'U83547', gp: ['1', '4.5'] }),
      line({ code: 'F83014', pcn: 'U83547', date: '15/09/2025' }),
      line({ code: 'F83010', pcn: 'U83547' }),
      line({ code: 'F83015', pcn: 'U99999', icb: 'QZZ' }),
    ].join('\n');
    const refused = await upload(text, hubAdmin);
    expect(refused.status).toBe(422);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ code: 'invalid-workforce-file', report: { errorCount: 6 } });
    expect(refused.body.report.errors.map((e: { line: number; column: string }) => [e.line, e.column])).toEqual([
      [3, 'TOTAL_GP_HC'],
      [4, 'TOTAL_GP_FTE'],
      [5, 'TOTAL_GP_FTE'],
      [6, 'EXTRACT_DATE'],
      [7, 'PRAC_CODE'],
      [8, 'ICB_CODE'],
    ]);
    expect(refused.body.report.errors[0]).toMatchObject({ practiceOdsCode: 'F83011', reason: 'GP: headcount -2 is negative' });
    expect(refused.body.report.errors[2].reason).toMatch(/more than 2 FTE a head/);
    expect(refused.body.report.errors[5].reason).toMatch(/no Training Hub is known for ICB QZZ/);
    expect(await dataSource.query('SELECT count(*)::int AS n FROM practice_workforce_snapshot')).toEqual(before);
    const recorded = await get(`/api/v1/workforce/snapshot-imports/${refused.body.importId}`);
    expect(recorded.body).toMatchObject({ status: 'rejected', practiceCount: 0 });
    const notMonthEnd = await upload(file([{ code: 'F83010', pcn: 'U83547' }]), hubAdmin, '?snapshotDate=2025-09-29');
    expect(notMonthEnd.body).toMatchObject({ status: 422, code: 'not-a-month-end' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(service.publishedOfType(IMPORTED).length).toBe(outboxBefore);
  });

  it('keeps hubs apart: another hub cannot import for, nor read, this hub; analysts cannot import', async () => {
    const outside = await upload(file([{ code: 'F83020', pcn: 'U83547' }]), otherHubAdmin);
    expect(outside.status).toBe(422);
    expect(outside.body.report.errors[0]).toMatchObject({ line: 2, column: 'ICB_CODE' });
    expect(outside.body.report.errors[0].reason).toMatch(/outside your scope \(hub:5d6e7f80/);
    expect((await upload(file([{ code: 'F83020', pcn: 'U83547' }]), analyst)).status).toBe(403);
    expect((await get(`/api/v1/workforce/snapshot-imports/${firstImportId}`, otherHubAdmin)).status).toBe(404);
    expect((await get('/api/v1/workforce/snapshots?month=2025-09', otherHubAdmin)).body.page.total).toBe(0);
    expect((await get('/api/v1/workforce/snapshots/totals', otherHubAdmin)).body).toMatchObject({ snapshotDate: null, practiceCount: 0 });
    expect((await get(`/api/v1/workforce/summary?hubId=${HUB}`, otherHubAdmin)).status).toBe(404);
    expect((await get(`/api/v1/workforce/snapshot-imports/${firstImportId}`, national)).status).toBe(200);
  });

  it('shows progress to the end for a large file (3,000 practices) and applies it whole', async () => {
    const practices = Array.from({ length: 3_000 }, (_, i) => ({ code: `A${String(10_000 + i).padStart(5, '0')}`, pcn: `U${String(20_000 + Math.floor(i / 5))}`, date: '31/10/2025' }));
    const began = Date.now();
    const started = await upload(file(practices), national);
    expect(started.status).toBe(202);
    expect(started.body.totalRows).toBe(3_000);
    const { final, seen } = await untilSettled(started.body.id, national);
    const seconds = (Date.now() - began) / 1000;
    expect(final).toMatchObject({ status: 'applied', processedRows: 3_000, totalRows: 3_000, practiceCount: 3_000 });
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(await stored('2025-10-31')).toBe(3_000);
    const totals = await get('/api/v1/workforce/snapshots/totals?month=2025-10', national);
    expect(totals.body).toMatchObject({ practiceCount: 3_000 });
    expect(totals.body.staffGroups[0]).toMatchObject({ headcount: 15_000, fteHundredths: 1_041_000 });
    const event = await service.eventOf(IMPORTED, 'U20599');
    expect(event).toMatchObject({ practiceCount: 5, importId: started.body.id });
    process.stdout.write(`3,000-practice import: ${seconds.toFixed(1)} s from POST to applied; progress seen ${JSON.stringify([...new Set(seen)])}\n`);
  });

  it('never half-applies an import a stopped process left staging: its staged rows go and it is marked failed', async () => {
    const id = '7a1c0e4e-1b2d-4c3e-8f90-123456789abc';
    await dataSource.query(
      `INSERT INTO workforce_snapshot_import (id, status, snapshot_date, data_source, imported_by, importer_role, total_rows, processed_rows, updated_at)
       VALUES ($1, 'staging', '2025-11-30', 'GPW_PRACTICE', 'bsw-hub-lead', 'hub_admin', 500, 250, now() - interval '10 minutes')`,
      [id],
    );
    await dataSource.query(
      `INSERT INTO practice_workforce_snapshot_staged (import_id, snapshot_date, practice_ods_code, pcn_ods_code, icb_code, hub_id, data_source,
          gp_headcount, gp_fte_hundredths, nurse_headcount, nurse_fte_hundredths, dpc_headcount, dpc_fte_hundredths, admin_headcount, admin_fte_hundredths)
       VALUES ($1, '2025-11-30', 'F83004', 'U83547', 'QOX', $2, 'GPW_PRACTICE', 1, 100, 0, 0, 0, 0, 0, 0)`,
      [id, HUB],
    );
    expect(await service.app.get(SnapshotImportsService).failInterruptedImports()).toBe(1);
    const after = await get(`/api/v1/workforce/snapshot-imports/${id}`);
    expect(after.body).toMatchObject({ status: 'failed', processedRows: 250 });
    expect(after.body.failure).toMatch(/nothing of it was saved/);
    expect(await dataSource.query('SELECT count(*)::int AS n FROM practice_workforce_snapshot_staged WHERE import_id = $1', [id])).toEqual([{ n: 0 }]);
    expect(await stored('2025-11-30')).toBe(0);
  });

  it('documents the import, its accepted columns and the reads in OpenAPI', async () => {
    const response = await get('/api/docs-json');
    expect(response.status).toBe(200);
    const document = response.body as { paths: Record<string, Record<string, { description?: string; responses?: Record<string, unknown> }>> };
    const importing = document.paths['/api/v1/workforce/snapshot-imports']?.post;
    expect(importing?.description).toMatch(/PRAC_CODE.*PCN_CODE.*ICB_CODE.*TOTAL_GP_HC.*TOTAL_ADMIN_FTE/s);
    expect(Object.keys(importing?.responses ?? {})).toEqual(expect.arrayContaining(['202', '422']));
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/api/v1/workforce/snapshot-imports/{id}', '/api/v1/workforce/snapshots', '/api/v1/workforce/snapshots/totals', '/api/v1/workforce/summary']),
    );
  });

  it("summarises a hub for the gateway: latest month, recruits and leavers this year, retained GPs, ARRS plan against actual", async () => {
    const nurse = await service.post(
      '/api/v1/workforce/recruitments',
      { hubId: HUB, staffGroup: 'NURSE', profession: 'NURSE', arrsRole: 'NEW_TO_GENERAL_PRACTICE_NURSE', route: 'NEWLY_QUALIFIED', practiceOdsCode: 'F83004', pcnOdsCode: 'U83547', startDate: new Date().toISOString().slice(0, 10), hoursPerWeek: 30 },
      hubAdmin,
    );
    expect(nurse.status).toBe(201);
    const summary = await get(`/api/v1/workforce/summary?hubId=${HUB}`);
    expect(summary.status).toBe(200);
    expect(summary.body.workforce).toMatchObject({ snapshotDate: '2025-10-31', practiceCount: 3_000 });
    expect(summary.body.recruits).toEqual({ total: 1, byStaffGroup: { GP: 0, NURSE: 1, DIRECT_PATIENT_CARE: 0, ADMIN_NON_CLINICAL: 0 } });
    expect(summary.body).toMatchObject({ leavers: { total: 0 }, retainedGps: 0, arrs: { plannedFteHundredths: 0, actualFteHundredths: 80, varianceFteHundredths: 80 } });
    // a nurse is not a GP: StaffRecruited, not GpRecruited (the relay publishes both kinds in commit order)
    const recruited = await service.eventOf(STAFF_RECRUITED, nurse.body.staffId);
    expect(recruited).toMatchObject({ staffId: nurse.body.staffId, practiceOdsCode: 'F83004', pcnOdsCode: 'U83547' });
    expect(service.publishedOfType('uk.nhs.traininghubs.workforce.gp_recruited.v1').map((r) => r.key)).not.toContain(nurse.body.staffId);
  });
});
