import type { Caller } from '@traininghubs/auth';
import { londonToday } from '@traininghubs/calendar';
import { OrganisationType } from '@traininghubs/contracts';
import type { ServiceUnderTest } from '@traininghubs/testing';
import { publishHub, PublishedEnvelopes, recordOrganisations, startWorkforcePlanning } from '../test/workforce-planning.harness';

const GP_RECRUITED = 'uk.nhs.traininghubs.workforce.gp_recruited.v1';
const STAFF_RECRUITED = 'uk.nhs.traininghubs.workforce.staff_recruited.v1';
const STAFF_LEFT = 'uk.nhs.traininghubs.workforce.staff_left.v1';
const FELLOWSHIP_ENROLLED = 'uk.nhs.traininghubs.workforce.fellowship_enrolled.v1';
const GP_RETAINED = 'uk.nhs.traininghubs.workforce.gp_retained.v1';
const ARRS_PLAN_SUBMITTED = 'uk.nhs.traininghubs.workforce.arrs_plan_submitted.v1';

/** North Central London's hub: ICB QMJ from 2025-04-01, then West and North London (Z9B2Z) after the April 2026 merger. */
const NCL = '7c1e2d3f-4a5b-4c6d-8e7f-901a2b3c4d5e';
/** Cornwall and the Isles of Scilly's hub (ICB QT6), active from 2020-04-01. */
const CORNWALL = '3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7';
const nclAdmin: Caller = { subject: 'ncl-hub-lead', role: 'hub_admin', scope: { kind: 'hub', hubId: NCL } };
const cornwallAdmin: Caller = { subject: 'cios-hub-lead', role: 'hub_admin', scope: { kind: 'hub', hubId: CORNWALL } };

const dayAfter = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

describe('workforce records judged and timed by their own dates (real Postgres and Kafka)', () => {
  let service: ServiceUnderTest;
  let envelopes: PublishedEnvelopes;

  const post = (path: string, body: object, caller: Caller = nclAdmin) => service.post(path, body, caller);
  const gp = (place: object, startDate: string, hubId = NCL) => ({
    hubId, staffGroup: 'GP', profession: 'GP', gpRole: 'SALARIED', route: 'NEWLY_QUALIFIED', startDate, hoursPerWeek: 37.5, sessionsPerWeek: 9, ...place,
  });
  const recruit = (place: object, startDate: string, hubId = NCL, caller = nclAdmin) => post('/api/v1/workforce/recruitments', gp(place, startDate, hubId), caller);
  /** What is saved, and the last outbox position ever taken (the relay deletes rows once published, so a count would not do). */
  const counts = async () => {
    const [row] = await service.dataSource.query(
      `SELECT (SELECT count(*)::int FROM staff_post) AS posts, (SELECT count(*)::int FROM retention_intervention) AS interventions,
              (SELECT count(*)::int FROM arrs_plan) AS plans,
              coalesce(pg_sequence_last_value(pg_get_serial_sequence('outbox', 'seq')), 0)::int AS "lastEvent"`,
    );
    return row as { posts: number; interventions: number; plans: number; lastEvent: number };
  };
  const tomorrow = () => dayAfter(londonToday());

  beforeAll(async () => {
    service = await startWorkforcePlanning();
    envelopes = await PublishedEnvelopes.start(service, ['traininghubs.workforce.staff.v1', 'traininghubs.workforce.plan.v1']);
    await publishHub(service, {
      hubId: NCL,
      name: 'North Central London Training Hub',
      activeFrom: '2025-04-01',
      footprints: [
        { effectiveFrom: '2025-04-01', icbCode: 'QMJ', regionCode: 'Y56' },
        { effectiveFrom: '2026-04-01', icbCode: 'Z9B2Z', regionCode: 'Y56' },
      ],
    });
    await publishHub(service, { hubId: CORNWALL, name: 'Cornwall and the Isles of Scilly Training Hub', activeFrom: '2020-04-01', footprints: [{ effectiveFrom: '2020-04-01', icbCode: 'QT6', regionCode: 'Y58' }] });
    await recordOrganisations(service, [
      // Recorded under QMJ and not re-imported since the merger: the register still says QMJ.
      { odsCode: 'U70001', type: OrganisationType.PCN, name: 'Camden Central PCN', parentOdsCode: 'QMJ', since: '2019-07-01' },
      { odsCode: 'F83010', type: OrganisationType.GP_PRACTICE, parentOdsCode: 'U70001', since: '2019-07-01' },
      // Re-imported under the successor: QMJ to 31 March 2026, Z9B2Z from 1 April 2026.
      { odsCode: 'U70003', type: OrganisationType.PCN, name: 'Islington Central PCN', memberships: [{ parentOdsCode: 'QMJ', since: '2019-07-01', until: '2026-03-31' }, { parentOdsCode: 'Z9B2Z', since: '2026-04-01' }] },
      // A North West London PCN (QRV), in Z9B2Z since the merger.
      { odsCode: 'U71001', type: OrganisationType.PCN, name: 'Ealing North PCN', memberships: [{ parentOdsCode: 'QRV', since: '2019-07-01', until: '2026-03-31' }, { parentOdsCode: 'Z9B2Z', since: '2026-04-01' }] },
      { odsCode: 'U40001', type: OrganisationType.PCN, name: 'Penwith PCN', parentOdsCode: 'QT6', since: '2019-07-01' },
      { odsCode: 'L82001', type: OrganisationType.GP_PRACTICE, parentOdsCode: 'U40001', since: '2019-07-01' },
    ]);
  });

  afterAll(async () => {
    await envelopes?.close();
    await service?.close();
  });

  let camdenGp: string;

  it('accepts a GP recruited at a QMJ PCN from 2025-06-02, recorded after the hub followed the merger into Z9B2Z; GpRecruited happened at the start of that London day', async () => {
    const before = new Date();
    const response = await recruit({ pcnOdsCode: 'U70001', practiceOdsCode: 'F83010' }, '2025-06-02');
    expect(response.status).toBe(201);
    camdenGp = response.body.staffId as string;
    const event = await service.eventOf(GP_RECRUITED, camdenGp);
    expect(event).toMatchObject({ hubId: NCL, pcnOdsCode: 'U70001', practiceOdsCode: 'F83010', startDate: { year: 2025, month: 6, day: 2 } });
    const times = await envelopes.timesOf(GP_RECRUITED, camdenGp);
    expect(times.time.toISOString()).toBe('2025-06-01T23:00:00.000Z');
    expect(times.recordedTime!.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1_000);
    // The post keeps the ICB the hub served on its first day.
    const [row] = await service.dataSource.query('SELECT icb_code FROM staff_post WHERE staff_id = $1', [camdenGp]);
    expect(row.icb_code).toBe('QMJ');
  });

  it('judges the PCN by the register and the hub by its footprint on each start date, on both sides of the merger', async () => {
    // The register still has U70001 in QMJ only: after 1 April 2026 it is outside the hub's area (Z9B2Z).
    const late = await recruit({ pcnOdsCode: 'U70001' }, '2026-05-01');
    expect(late.status).toBe(422);
    expect(late.body).toMatchObject({ code: 'outside-hub-area', detail: expect.stringMatching(/On 2026-05-01, Camden Central PCN \(U70001\) was in ICB QMJ, outside the hub's area \(ICB Z9B2Z\)/) });
    // U70003 was re-imported under Z9B2Z: in the area before the merger (QMJ) and after it (Z9B2Z).
    expect((await recruit({ pcnOdsCode: 'U70003' }, '2026-03-31')).status).toBe(201);
    expect((await recruit({ pcnOdsCode: 'U70003' }, '2026-05-01')).status).toBe(201);
    // A North West London PCN is in the hub's area from the merger only, though both are in Z9B2Z today.
    const beforeMerger = await recruit({ pcnOdsCode: 'U71001' }, '2025-06-02');
    expect(beforeMerger.body).toMatchObject({ status: 422, code: 'outside-hub-area', detail: expect.stringMatching(/in ICB QRV, outside the hub's area \(ICB QMJ\)/) });
    expect((await recruit({ pcnOdsCode: 'U71001' }, '2026-06-02')).status).toBe(201);
  });

  it('refuses a start date before the hub’s first day (outside-hub-active-span) or after today in London (date-in-the-future), saving and publishing nothing', async () => {
    const before = await counts();
    const early = await recruit({ pcnOdsCode: 'U70003' }, '2025-03-31');
    expect(early.status).toBe(422);
    expect(early.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(early.body).toMatchObject({ code: 'outside-hub-active-span', detail: expect.stringMatching(/active from 2025-04-01: a record dated 2025-03-31 is before it/) });
    const future = await recruit({ pcnOdsCode: 'U70003' }, tomorrow());
    expect(future.status).toBe(422);
    expect(future.body).toMatchObject({ code: 'date-in-the-future', detail: expect.stringContaining(`(${tomorrow()}) is after today`) });
    expect(await counts()).toEqual(before);
  });

  it('publishes StaffRecruited, StaffLeft and FellowshipEnrolled at the start of the London days they name, and refuses a leaving day after today or an intervention before the hub’s first day', async () => {
    const nurse = await post('/api/v1/workforce/recruitments', { hubId: NCL, staffGroup: 'NURSE', profession: 'NURSE', route: 'RETURNER', pcnOdsCode: 'U70003', startDate: '2026-01-05', hoursPerWeek: 30 });
    expect(nurse.status).toBe(201);
    const nurseId = nurse.body.staffId as string;
    expect((await envelopes.timesOf(STAFF_RECRUITED, nurseId)).time.toISOString()).toBe('2026-01-05T00:00:00.000Z');

    const before = await counts();
    const leavesTomorrow = await post(`/api/v1/workforce/recruitments/${nurseId}/leaving`, { leftOn: tomorrow(), reason: 'RELOCATION', destination: 'NOT_KNOWN' });
    expect(leavesTomorrow.body).toMatchObject({ status: 422, code: 'date-in-the-future' });
    const tooEarly = await post('/api/v1/workforce/retention', { staffId: camdenGp, intervention: 'COACHING', startedOn: '2025-03-01', reviewDueOn: '2025-09-01', sessionsPerWeekBefore: 9 });
    expect(tooEarly.body).toMatchObject({ status: 422, code: 'outside-hub-active-span' });
    expect(await counts()).toEqual(before);

    // The clocks went back on 25 October 2026: that day began at 23:00 UTC the evening before.
    const left = await post(`/api/v1/workforce/recruitments/${nurseId}/leaving`, { leftOn: '2026-10-25', reason: 'RELOCATION', destination: 'NOT_KNOWN' });
    expect(left.status).toBe(200);
    expect((await envelopes.timesOf(STAFF_LEFT, nurseId)).time.toISOString()).toBe('2026-10-24T23:00:00.000Z');

    const fellowship = await post('/api/v1/workforce/retention', {
      staffId: camdenGp, intervention: 'FELLOWSHIP', fellowshipProgramme: 'NEW_TO_PRACTICE_GP', startedOn: '2025-09-01', reviewDueOn: '2026-08-31', sessionsPerWeekBefore: 9,
    });
    expect(fellowship.status).toBe(201);
    expect((await envelopes.timesOf(FELLOWSHIP_ENROLLED, camdenGp)).time.toISOString()).toBe('2025-08-31T23:00:00.000Z');
  });

  it('publishes a GpRetained outcome dated 2020-11-15 for a hub active from 2020-04-01 at 2020-11-15T00:00:00Z; refuses a future outcome or a practice outside the hub’s area that day', async () => {
    const recruited = await recruit({ pcnOdsCode: 'U40001', practiceOdsCode: 'L82001' }, '2020-06-01', CORNWALL, cornwallAdmin);
    expect(recruited.status).toBe(201);
    const staffId = recruited.body.staffId as string;
    const enrol = (startedOn: string, reviewDueOn: string) =>
      post('/api/v1/workforce/retention', { staffId, intervention: 'MENTORING', startedOn, reviewDueOn, sessionsPerWeekBefore: 6 }, cornwallAdmin);
    const mentoring = await enrol('2020-06-01', '2020-11-15');
    expect(mentoring.status).toBe(201);
    const outcome = (id: string, body: object) => post(`/api/v1/workforce/retention/${id}/outcome`, { outcome: 'REMAINED_IN_POST', sessionsPerWeekAfter: 7, ...body }, cornwallAdmin);

    const before = await counts();
    // F83004 is a Bath and North East Somerset, Swindon and Wiltshire practice (QOX), not Cornwall's (QT6).
    const elsewhere = await outcome(mentoring.body.id, { recordedOn: '2020-11-15', practiceOdsCode: 'F83004' });
    expect(elsewhere.body).toMatchObject({ status: 422, code: 'outside-hub-area', detail: expect.stringMatching(/On 2020-11-15, .*\(F83004\) was in ICB QOX, outside the hub's area \(ICB QT6\)/) });
    expect((await outcome(mentoring.body.id, { recordedOn: '2020-11-15', practiceOdsCode: 'F99999' })).body).toMatchObject({ status: 422, code: 'unknown-practice' });
    expect(await counts()).toEqual(before);

    const retained = await outcome(mentoring.body.id, { recordedOn: '2020-11-15', practiceOdsCode: 'L82001' });
    expect(retained.status).toBe(200);
    expect(retained.body).toMatchObject({ status: 'retained', outcomeRecordedOn: '2020-11-15' });
    expect(await service.eventOf(GP_RETAINED, staffId)).toMatchObject({ hubId: CORNWALL, practiceOdsCode: 'L82001', outcomeRecordedOn: { year: 2020, month: 11, day: 15 } });
    expect((await envelopes.timesOf(GP_RETAINED, staffId)).time.toISOString()).toBe('2020-11-15T00:00:00.000Z');

    const later = await enrol('2026-11-01', tomorrow());
    expect(later.status).toBe(201);
    const early = await counts();
    const future = await outcome(later.body.id, { recordedOn: tomorrow() });
    expect(future.body).toMatchObject({ status: 422, code: 'date-in-the-future' });
    expect(await counts()).toEqual(early);
  });

  it('judges an ARRS plan on the first day of its financial year and publishes ArrsPlanSubmitted when it was submitted', async () => {
    const plan = (pcnOdsCode: string, financialYear: string) => ({
      hubId: NCL, pcnOdsCode, financialYear, entitlementPence: 90_000_000, lines: [{ role: 'CLINICAL_PHARMACIST', inPostFteHundredths: 100, plannedFteHundredths: 150, plannedClaimPence: 6_000_000 }],
    });
    // The 2025-26 plan of a PCN the hub served in QMJ that year, submitted after the merger.
    const before = new Date();
    const late = await post('/api/v1/workforce/arrs-plans', plan('U70001', '2025-26'));
    const after = new Date();
    expect(late.status).toBe(201);
    expect(late.body).toMatchObject({ icbCode: 'QMJ', revision: 1 });
    expect(await service.eventOf(ARRS_PLAN_SUBMITTED, 'U70001')).toMatchObject({ hubId: NCL, icbOdsCode: 'QMJ', financialYear: '2025-26' });
    const times = await envelopes.timesOf(ARRS_PLAN_SUBMITTED, 'U70001');
    expect(times.time.toISOString()).toBe(late.body.submittedAt);
    expect(times.time.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1_000);
    expect(times.time.getTime()).toBeLessThanOrEqual(after.getTime() + 1_000);

    // 2026-27 is judged on 1 April 2026: the hub serves Z9B2Z, and the register has U70001 in QMJ still.
    expect((await post('/api/v1/workforce/arrs-plans', plan('U70001', '2026-27'))).body).toMatchObject({ status: 422, code: 'outside-hub-area' });
    const successor = await post('/api/v1/workforce/arrs-plans', plan('U70003', '2026-27'));
    expect(successor.status).toBe(201);
    expect(successor.body.icbCode).toBe('Z9B2Z');
    // The hub did not operate in 2024-25.
    expect((await post('/api/v1/workforce/arrs-plans', plan('U70003', '2024-25'))).body).toMatchObject({ status: 422, code: 'outside-hub-active-span' });
  });
});
