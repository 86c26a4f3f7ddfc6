import type { Caller } from '@traininghubs/auth';
import { ArrsRole, FellowshipProgramme, GpRole, LeavingReason, OrganisationType, RecruitmentRoute, RetentionIntervention, RetentionOutcome, type EventType } from '@traininghubs/contracts';
import { newEventId } from '@traininghubs/messaging';
import type { ServiceUnderTest } from '@traininghubs/testing';
import { HUB, hubAdmin, otherHubAdmin, analyst, recordOrganisations, startWorkforcePlanning } from '../test/workforce-planning.harness';

const PROBLEM_JSON = /^application\/problem\+json/;

describe('workforce-planning service (real Postgres and Kafka)', () => {
  let service: ServiceUnderTest;

  const post = (path: string, body: object, caller: Caller = hubAdmin) => service.post(path, body, caller);
  const get = (path: string, caller: Caller = hubAdmin) => service.get(path, caller);
  const eventOf = <T extends EventType>(type: T, key: string, count = 1) => service.eventOf(type, key, count);

  beforeAll(async () => {
    service = await startWorkforcePlanning();
  });

  afterAll(async () => {
    await service?.close();
  });

  const plan = (revisionClaim = 10_000_000) => ({
    hubId: HUB,
    pcnOdsCode: 'U83547',
    financialYear: '2025-26',
    entitlementPence: 150_000_000,
    lines: [
      { role: 'GP', inPostFteHundredths: 0, plannedFteHundredths: 200, plannedClaimPence: revisionClaim },
      { role: 'CLINICAL_PHARMACIST', inPostFteHundredths: 100, plannedFteHundredths: 150, plannedClaimPence: 6_000_000 },
    ],
  });

  it('serves the ARRS roles as dated reference data', async () => {
    const all = await get('/api/v1/workforce/arrs-roles?limit=200', analyst);
    expect(all.status).toBe(200);
    expect(all.body.page.total).toBe(23);
    const older = await get('/api/v1/workforce/arrs-roles?financialYear=2023-24&limit=200', analyst);
    expect(older.body.items.map((r: { code: string }) => r.code)).not.toContain('GP');
  });

  it('submits an ARRS plan and its revision, publishing ArrsPlanSubmitted keyed by PCN', async () => {
    const first = await post('/api/v1/workforce/arrs-plans', plan());
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ revision: 1, icbCode: 'QOX', pcnOdsCode: 'U83547' });
    const revised = await post('/api/v1/workforce/arrs-plans', plan(12_000_000));
    expect(revised.body.revision).toBe(2);
    const event = await eventOf('uk.nhs.traininghubs.workforce.arrs_plan_submitted.v1', 'U83547', 2);
    expect(event).toMatchObject({ hubId: HUB, icbOdsCode: 'QOX', planId: revised.body.id, financialYear: '2025-26', revision: 2, entitlementPence: 150_000_000n });
    expect(event.lines[0]).toMatchObject({ role: ArrsRole.GP, plannedFteHundredths: 200n, plannedClaimPence: 12_000_000n });
  });

  it('refuses a plan that breaks a rule with a clear problem, and saves nothing', async () => {
    const tooMuch = await post('/api/v1/workforce/arrs-plans', plan(30_000_000));
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(tooMuch.body).toMatchObject({ code: 'claim-above-maximum-reimbursement' });
    const notYet = await post('/api/v1/workforce/arrs-plans', { ...plan(), financialYear: '2023-24', lines: [plan().lines[0]] });
    expect(notYet.body).toMatchObject({ status: 422, code: 'arrs-role-not-available' });
    const badYear = await post('/api/v1/workforce/arrs-plans', { ...plan(), financialYear: '2025-27' });
    expect(badYear.body.code).toBe('invalid-financial-year');
    const otherHub = await post('/api/v1/workforce/arrs-plans', plan(), otherHubAdmin);
    expect(otherHub.status).toBe(404);
    const readOnly = await post('/api/v1/workforce/arrs-plans', plan(), analyst);
    expect(readOnly.status).toBe(403);
    expect((await post('/api/v1/workforce/arrs-plans', { ...plan(), pcnOdsCode: 'U20002' })).body).toMatchObject({ status: 422, code: 'outside-hub-area' });
    expect((await post('/api/v1/workforce/arrs-plans', { ...plan(), pcnOdsCode: 'U99999' })).body).toMatchObject({ status: 422, code: 'unknown-pcn' });
    const plans = await get('/api/v1/workforce/arrs-plans?financialYear=2025-26');
    expect(plans.body.page.total).toBe(2);
    expect((await get('/api/v1/workforce/arrs-plans', otherHubAdmin)).body.page.total).toBe(0);
  });

  it('records an ARRS GP recruitment (GpRecruited), a leaver (StaffLeft) and compares plan with actual', async () => {
    const gp = await post('/api/v1/workforce/recruitments', {
      hubId: HUB,
      staffGroup: 'GP',
      profession: 'GP',
      gpRole: 'SALARIED',
      arrsRole: 'GP',
      route: 'NEWLY_QUALIFIED',
      practiceOdsCode: 'F83004',
      pcnOdsCode: 'U83547',
      startDate: '2025-09-01',
      hoursPerWeek: 37.5,
      sessionsPerWeek: 9,
    });
    expect(gp.status).toBe(201);
    expect(gp.body).toMatchObject({ fteHundredths: 100, arrsRole: 'GP' });
    const staffId = gp.body.staffId as string;
    const recruited = await eventOf('uk.nhs.traininghubs.workforce.gp_recruited.v1', staffId);
    expect(recruited).toMatchObject({ hubId: HUB, staffId, pcnOdsCode: 'U83547', role: GpRole.SALARIED, route: RecruitmentRoute.NEWLY_QUALIFIED, arrsFunded: true, sessionsPerWeek: 9 });

    const pharmacist = await post('/api/v1/workforce/recruitments', {
      hubId: HUB, staffGroup: 'DIRECT_PATIENT_CARE', profession: 'PHARMACIST', arrsRole: 'CLINICAL_PHARMACIST', route: 'WITHIN_SYSTEM', pcnOdsCode: 'U83547', startDate: '2025-05-01', hoursPerWeek: 30,
    });
    expect(pharmacist.body.fteHundredths).toBe(80);
    const left = await post(`/api/v1/workforce/recruitments/${pharmacist.body.staffId}/leaving`, { leftOn: '2025-12-31', reason: 'WORKLOAD', destination: 'OTHER_NHS' });
    expect(left.status).toBe(200);
    const staffLeft = await eventOf('uk.nhs.traininghubs.workforce.staff_left.v1', pharmacist.body.staffId);
    expect(staffLeft).toMatchObject({ arrsRole: ArrsRole.CLINICAL_PHARMACIST, wteHundredths: 80, reason: LeavingReason.WORKLOAD, employerOdsCode: 'U83547' });
    const again = await post(`/api/v1/workforce/recruitments/${pharmacist.body.staffId}/leaving`, { leftOn: '2026-01-31', reason: 'WORKLOAD', destination: 'OTHER_NHS' });
    expect(again.status).toBe(409);

    const byRole = await get('/api/v1/workforce/arrs-plans/plan-vs-actual?financialYear=2025-26&by=role');
    expect(byRole.status).toBe(200);
    expect(byRole.body.items).toEqual([
      { group: 'CLINICAL_PHARMACIST', financialYear: '2025-26', plannedFteHundredths: 150, actualFteHundredths: 0, varianceFteHundredths: -150 },
      { group: 'GP', financialYear: '2025-26', plannedFteHundredths: 200, actualFteHundredths: 100, varianceFteHundredths: -100 },
    ]);
    const byIcb = await get('/api/v1/workforce/arrs-plans/plan-vs-actual?financialYear=2025-26&by=icb', analyst);
    expect(byIcb.body.items).toEqual([{ group: 'QOX', financialYear: '2025-26', plannedFteHundredths: 350, actualFteHundredths: 100, varianceFteHundredths: -250 }]);
    gpStaffId = staffId;
  });

  let gpStaffId: string;

  it('enrols a GP on a fellowship (FellowshipEnrolled) and counts them retained only at the review point (GpRetained)', async () => {
    const enrolled = await post('/api/v1/workforce/retention', {
      staffId: gpStaffId, intervention: 'FELLOWSHIP', fellowshipProgramme: 'NEW_TO_PRACTICE_GP', startedOn: '2025-09-01', reviewDueOn: '2026-08-31', sessionsPerWeekBefore: 9, fundedSessionsPerWeek: 1, mentorAssigned: true,
    });
    expect(enrolled.status).toBe(201);
    const fellowship = await eventOf('uk.nhs.traininghubs.workforce.fellowship_enrolled.v1', gpStaffId);
    expect(fellowship).toMatchObject({ hubId: HUB, staffId: gpStaffId, programme: FellowshipProgramme.NEW_TO_PRACTICE_GP, fundedSessionsPerWeek: 1, mentorAssigned: true });
    const early = await post(`/api/v1/workforce/retention/${enrolled.body.id}/outcome`, { outcome: 'REMAINED_IN_POST', recordedOn: '2026-03-01', sessionsPerWeekAfter: 8 });
    expect(early.body).toMatchObject({ status: 422, code: 'before-review-point' });
    const atReview = await post(`/api/v1/workforce/retention/${enrolled.body.id}/outcome`, { outcome: 'REMAINED_IN_POST', recordedOn: '2026-08-31', sessionsPerWeekAfter: 8 });
    expect(atReview.status).toBe(200);
    expect(atReview.body).toMatchObject({ status: 'retained', version: 2 });
    const retained = await eventOf('uk.nhs.traininghubs.workforce.gp_retained.v1', gpStaffId);
    expect(retained).toMatchObject({ practiceOdsCode: 'F83004', intervention: RetentionIntervention.FELLOWSHIP, outcome: RetentionOutcome.REMAINED_IN_POST, sessionsPerWeekBefore: 9, sessionsPerWeekAfter: 8 });
    const second = await post(`/api/v1/workforce/retention/${enrolled.body.id}/outcome`, { outcome: 'WITHDREW', recordedOn: '2026-09-01', sessionsPerWeekAfter: 0 });
    expect(second.status).toBe(409);
    expect((await get('/api/v1/workforce/retention?status=retained')).body.page.total).toBe(1);
  });

  it('refuses bad recruitment input without saving, and keeps names out', async () => {
    const named = await post('/api/v1/workforce/recruitments', { hubId: HUB, staffGroup: 'GP', profession: 'GP', route: 'RETURNER', pcnOdsCode: 'U83547', startDate: '2025-09-01', hoursPerWeek: 20, name: 'Dr Real Name' });
    expect(named.status).toBe(400);
    const noGpRole = await post('/api/v1/workforce/recruitments', { hubId: HUB, staffGroup: 'GP', profession: 'GP', route: 'RETURNER', pcnOdsCode: 'U83547', startDate: '2025-09-01', hoursPerWeek: 20 });
    expect(noGpRole.body).toMatchObject({ status: 422, code: 'gp-role-required' });
    const unknownHub = await post('/api/v1/workforce/recruitments', { hubId: '11111111-1111-4111-8111-111111111111', staffGroup: 'NURSE', profession: 'NURSE', route: 'RETURNER', pcnOdsCode: 'U83547', startDate: '2025-09-01', hoursPerWeek: 20 }, analyst);
    expect([403, 422]).toContain(unknownHub.status);
    expect((await get('/api/v1/workforce/recruitments')).body.page.total).toBe(2);
  });

  it('takes a recruit only at a PCN and practice the hub registry recorded in the hub’s area, following its later records', async () => {
    const nurse = (place: object) => ({ hubId: HUB, staffGroup: 'NURSE', profession: 'NURSE', route: 'RETURNER', startDate: '2025-09-01', hoursPerWeek: 20, ...place });
    const refused = async (place: object) => {
      const response = await post('/api/v1/workforce/recruitments', nurse(place));
      expect(response.status).toBe(422);
      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
      return response.body as { code: string; detail: string };
    };
    const total = async () => (await get('/api/v1/workforce/recruitments')).body.page.total as number;
    const before = await total();

    expect(await refused({ pcnOdsCode: 'U99999' })).toMatchObject({ code: 'unknown-pcn' });
    // U20002 is a Bristol PCN (ICB QUY); the hub serves Bath and North East Somerset, Swindon and Wiltshire (QOX).
    expect(await refused({ pcnOdsCode: 'U20002' })).toMatchObject({ code: 'outside-hub-area', detail: expect.stringMatching(/in ICB QUY, outside the hub's area \(ICB QOX\)/) });
    expect(await refused({ pcnOdsCode: 'U83547', practiceOdsCode: 'F99999' })).toMatchObject({ code: 'unknown-practice' });
    expect(await refused({ pcnOdsCode: 'U83547', practiceOdsCode: 'L81001' })).toMatchObject({ code: 'practice-not-in-pcn' });
    expect(await total()).toBe(before);

    // The registry records a practice that joined U83547 on 1 July 2025: a recruit there counts from that day.
    await recordOrganisations(service, [{ odsCode: 'L81002', type: OrganisationType.GP_PRACTICE, parentOdsCode: 'U83547', since: '2025-07-01' }]);
    expect((await post('/api/v1/workforce/recruitments', nurse({ pcnOdsCode: 'U83547', practiceOdsCode: 'L81002', startDate: '2025-06-30' }))).body).toMatchObject({ code: 'practice-not-in-pcn' });
    const accepted = await post('/api/v1/workforce/recruitments', nurse({ pcnOdsCode: 'U83547', practiceOdsCode: 'L81002' }));
    expect(accepted.status).toBe(201);
    expect(await total()).toBe(before + 1);
  });

  it('reads back each event once, however many copies the at-least-once relay left on the topic (test harness)', async () => {
    const type = 'uk.nhs.traininghubs.workforce.gp_retained.v1';
    const before = { events: service.publishedOfType(type).length, redeliveries: service.redeliveries };
    const id = newEventId();
    for (let copy = 0; copy < 2; copy++) await service.receive(type, 'harness-copy', { hubId: HUB, staffId: 'harness-copy' }, { id, source: '/traininghubs/workforce-planning' });
    await service.receive(type, 'harness-copy', { hubId: HUB, staffId: 'harness-copy' }, { source: '/traininghubs/workforce-planning' });
    expect(await eventOf(type, 'harness-copy', 2)).toMatchObject({ staffId: 'harness-copy' });
    expect(service.publishedOfType(type).length).toBe(before.events + 2);
    expect(service.redeliveries).toBe(before.redeliveries + 1);
  });
});

