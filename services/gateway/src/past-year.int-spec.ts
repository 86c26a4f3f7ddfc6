import type { Caller } from '@traininghubs/auth';
import { DataSource } from 'typeorm';
import { PlatformUnderTest } from '../test/platform-under-test';

const national: Caller = { subject: 'nhse-national', role: 'national', scope: { kind: 'national' } };

/** London wall time of the n-th of `count` sessions spread over a half-year, on weekdays at 10:00. */
function sessionDay(halfStart: string, n: number): string {
  const day = new Date(`${halfStart}T12:00:00Z`);
  day.setUTCDate(day.getUTCDate() + n * 3);
  while ([0, 6].includes(day.getUTCDay())) day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}

/**
 * A hub joining today enters its 2020/21 year through the public API, as Tower Hamlets' annual
 * review reports it: 120 online sessions with 3,012 attendances, 13 newly qualified GPs
 * recruited, 22 GPs retained. The KPIs, returns and CSV exports of 2020-21-H1 and H2 add up to
 * exactly that, and the ICB and national roll-ups include it. The whole platform, in-process, on
 * the real broker and Postgres.
 */
describe('a hub registered today enters its 2020/21 year, and the KPIs count it when it happened', () => {
  let platform: PlatformUnderTest;
  let hubId: string;
  let admin: Caller;

  const send = async (method: 'post' | 'put', path: string, body: unknown, caller: Caller, expected = 201) => {
    const response = await platform.send(method, path, body, caller);
    if (response.status !== expected) throw new Error(`${method.toUpperCase()} ${path}: expected ${expected}, got ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const kpis = async (scope: string, period: string) => {
    const response = await platform.get(`/api/v1/kpis?scope=${encodeURIComponent(scope)}&period=${period}`, national);
    expect(response.status).toBe(200);
    return Object.fromEntries((response.body.kpis as Array<{ id: string; value: number | null }>).map((k) => [k.id, k.value]));
  };

  beforeAll(async () => {
    platform = await PlatformUnderTest.start({ RATE_LIMIT_MAX: '100000' });
    // Tower Hamlets' PCN and a practice in it, in North East London's system from 2019
    const pcn = await platform.send('post', '/api/v1/organisations/import?type=pcn', 'code,name,postcode,parent_code,open_date,close_date\nU79001,Tower Hamlets PCN 1,E1 1AA,QMF,2019-07-01,\n', national, 'text/csv');
    expect(pcn.body).toMatchObject({ created: 1, rejectedCount: 0 });
    const practice = await platform.send('post', '/api/v1/organisations/import?type=gp_practice', 'code,name,postcode,parent_code,open_date,close_date\nF84001,Tower Hamlets Practice,E1 2AA,U79001,2019-07-01,\n', national, 'text/csv');
    expect(practice.body).toMatchObject({ created: 1, rejectedCount: 0 });
    const workforce = platform.services.get('workforce-planning')!.app.get(DataSource);
    for (const deadline = Date.now() + 60_000; (await workforce.query(`SELECT 1 FROM registered_organisation WHERE ods_code = 'F84001'`)).length === 0; ) {
      if (Date.now() > deadline) throw new Error('the practice register did not hear of F84001');
      await new Promise((r) => setTimeout(r, 100));
    }
    const hub = await send('post', '/api/v1/hubs', { name: 'North East London Training Hub', level: 'ics', icbCode: 'QMF', activeFrom: '2020-04-01' }, national);
    hubId = hub.id;
    for (const service of ['training-catalogue', 'placements', 'workforce-planning', 'kpi-reporting'] as const) await platform.hubKnownTo(service, hubId);
    admin = { subject: 'nel-hub-lead', role: 'hub_admin', scope: { kind: 'hub', hubId } };
  }, 240_000);

  afterAll(async () => {
    await platform?.close();
  });

  it('takes the year through the services’ own commands: 120 sessions with 3,012 attendances, 13 GPs recruited, 22 retained', async () => {
    const course = await send(
      'post',
      '/api/v1/courses',
      {
        hubId,
        title: 'Protected learning time: online education events',
        description: 'Monthly multi-professional education, online.',
        format: 'SINGLE_SESSION',
        kpiArea: 'EDUCATIONAL_DESIGN',
        providerName: 'North East London Training Hub',
        providerType: 'TRAINING_HUB',
        deliveryMode: 'ONLINE',
        fundingSource: 'Training hub education budget',
      },
      admin,
    );
    const learners: string[] = [];
    for (let i = 0; i < 26; i++) {
      learners.push((await send('post', '/api/v1/learners', { hubId, email: `learner${i}@nhs.net`, displayName: `Learner ${i}`, profession: i % 3 ? 'NURSE' : 'GP' }, admin)).learnerId);
    }
    // 60 sessions in each half: 6 with 26 attendances and 54 with 25 (1,506 a half, 3,012 in all)
    for (const halfStart of ['2020-04-06', '2020-10-05']) {
      for (let n = 0; n < 60; n++) {
        const day = sessionDay(halfStart, n);
        const attendees = n < 6 ? 26 : 25;
        await send(
          'post',
          `/api/v1/courses/${course.courseId}/delivered-sessions`,
          { startsAt: `${day}T10:00`, endsAt: `${day}T11:00`, onlineLink: 'https://teams.example/nel', capacity: 30, attendance: learners.slice(0, attendees).map((learnerId) => ({ learnerId, attended: true })) },
          admin,
        );
      }
    }
    const post = { hubId, staffGroup: 'GP', profession: 'GP', gpRole: 'SALARIED', practiceOdsCode: 'F84001', pcnOdsCode: 'U79001', hoursPerWeek: 30, sessionsPerWeek: 6 };
    const recruitStarts = ['2020-04-20', '2020-05-11', '2020-06-01', '2020-07-06', '2020-08-03', '2020-08-24', '2020-09-14', '2020-10-12', '2020-11-02', '2020-12-07', '2021-01-11', '2021-02-08', '2021-03-01'];
    for (const startDate of recruitStarts) await send('post', '/api/v1/workforce/recruitments', { ...post, route: 'NEWLY_QUALIFIED', startDate }, admin);
    // 22 GPs in post before the hub began, supported and retained: 11 outcomes in each half
    for (let i = 0; i < 22; i++) {
      const gp = await send('post', '/api/v1/workforce/staff-in-post', { ...post, inPostSince: '2012-09-01' }, admin);
      const outcomeOn = i < 11 ? sessionDay('2020-06-01', i) : sessionDay('2020-11-02', i - 11);
      const enrolled = await send('post', '/api/v1/workforce/retention', { staffId: gp.staffId, intervention: 'MENTORING', startedOn: '2020-04-15', reviewDueOn: outcomeOn, sessionsPerWeekBefore: 6 }, admin);
      await send('post', `/api/v1/workforce/retention/${enrolled.id}/outcome`, { outcome: 'REMAINED_IN_POST', recordedOn: outcomeOn, sessionsPerWeekAfter: 6 }, admin, 200);
    }

    const expected = {
      '2020-21-H1': { sessions_delivered: 60, participants: 1_506, gps_recruited: 7, gps_retained: 11 },
      '2020-21-H2': { sessions_delivered: 60, participants: 1_506, gps_recruited: 6, gps_retained: 11 },
    };
    const figures = async (scope: string) => {
      const out: Record<string, Record<string, number | null>> = {};
      for (const period of Object.keys(expected)) {
        const all = await kpis(scope, period);
        out[period] = { sessions_delivered: all.sessions_delivered, participants: all.participants, gps_recruited: all.gps_recruited, gps_retained: all.gps_retained };
      }
      return out;
    };
    for (const deadline = Date.now() + 60_000; JSON.stringify(await figures(`hub:${hubId}`)) !== JSON.stringify(expected); ) {
      if (Date.now() > deadline) expect(await figures(`hub:${hubId}`)).toEqual(expected);
      await new Promise((r) => setTimeout(r, 250));
    }
    // nothing of it counts in the period it was typed in, and the roll-ups include it
    expect((await kpis(`hub:${hubId}`, '2026-27-H2')).participants).toBe(0);
    expect(await figures('icb:QMF')).toEqual(expected);
    expect(await figures('region:Y56')).toEqual(expected);
    expect(await figures('national')).toEqual(expected);
  }, 300_000);

  it('gives the hub returns for both halves whose frozen figures and CSV exports add up to the year', async () => {
    let sessions = 0;
    let participants = 0;
    for (const period of ['2020-21-H1', '2020-21-H2']) {
      const drafted = await send('post', '/api/v1/kpi-returns', { hubId, period }, admin);
      const submitted = await send('post', `/api/v1/kpi-returns/${drafted.id}/submit`, {}, admin, 200);
      const frozen = Object.fromEntries((submitted.frozenValues as Array<{ id: string; value: number }>).map((k) => [k.id, k.value]));
      sessions += frozen.sessions_delivered;
      participants += frozen.participants;
      const csv = await platform.get(`/api/v1/kpi-returns/${drafted.id}/export.csv`, admin);
      expect(csv.status).toBe(200);
      const row = (id: string) => csv.text.split('\r\n').find((line) => line.split(',')[4] === id)?.split(',');
      expect(row('participants')?.slice(8, 10)).toEqual(['1506', '1506']);
      expect(row('gps_retained')?.slice(8, 10)).toEqual(['11', '11']);
    }
    expect({ sessions, participants }).toEqual({ sessions: 120, participants: 3_012 });
  }, 120_000);
});
