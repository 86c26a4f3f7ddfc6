import { randomUUID } from 'node:crypto';
import type { Caller } from '@traininghubs/auth';
import type { PlatformUnderTest } from './platform-under-test';

export const national: Caller = { subject: 'national-team', role: 'national', scope: { kind: 'national' } };

/** What a seeded hub holds, through the real services: its contacts, a course with a session, a learner, a learning environment with capacity. */
export interface SeededHub {
  hubId: string;
  icbCode: string;
  regionCode: string;
  admin: Caller;
  contactEmail: string;
  courseId: string;
  courseTitle: string;
  sessionId: string;
  learningEnvironmentId: string;
  capacityId: string;
  /** A learner registered by the hub. */
  learnerId: string;
  /** A placement offered from the capacity. */
  placementId: string;
  /** The hub's draft KPI return for 2026-27-H2. */
  kpiReturnId: string;
}

/**
 * A route's path made concrete for a seeded hub: each path parameter is one of the hub's own
 * records (a parameter the seed has no record for gets a fresh uuid).
 */
export function pathOfHub(path: string, hub: SeededHub): string {
  const resource = path.split('/')[3];
  const idOf: Record<string, string> = {
    'learning-environments': hub.learningEnvironmentId,
    'placement-capacity': hub.capacityId,
    placements: hub.placementId,
    'kpi-returns': hub.kpiReturnId,
  };
  return path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    switch (name) {
      case 'hubId':
        return hub.hubId;
      case 'courseId':
        return hub.courseId;
      case 'sessionId':
        return hub.sessionId;
      case 'learnerId':
        return hub.learnerId;
      case 'code':
      case 'odsCode':
        return hub.icbCode;
      default:
        return idOf[resource] ?? randomUUID();
    }
  });
}

/** A day this many days ahead, for a session's Europe/London wall times. */
export function dayAhead(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

export function expectStatus(response: { status: number; body: unknown }, status: number, what: string): void {
  if (response.status !== status) throw new Error(`${what}: expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`);
}

/** Approves a GP practice of the hub as a learning environment for student nurses from 2026-04-01; its id. */
export async function approveNursingPractice(platform: PlatformUnderTest, admin: Caller, hubId: string, practice: { odsCode: string; name: string; pcnOdsCode: string }): Promise<string> {
  const environment = await platform.send(
    'post',
    '/api/v1/learning-environments',
    {
      hubId,
      ...practice,
      organisationType: 'GP_PRACTICE',
      learnerTypes: ['STUDENT_NURSE'],
      approvedFrom: '2026-04-01',
      reviewDueBy: '2028-03-31',
      placementAdministrator: 'Practice manager',
      educationalLead: 'Dr A Trainer',
    },
    admin,
  );
  expectStatus(environment, 201, `learning environment ${practice.odsCode}`);
  return environment.body.id as string;
}

/** Registers an ICS-level hub through the gateway as a national caller; waits until the other services have heard of it. */
export async function registerHub(platform: PlatformUnderTest, name: string, icbCode: string): Promise<{ hubId: string; admin: Caller }> {
  const response = await platform.send('post', '/api/v1/hubs', { name, level: 'ics', icbCode, activeFrom: '2025-04-01' }, national);
  expectStatus(response, 201, `register hub ${name}`);
  const hubId = response.body.id as string;
  for (const service of ['training-catalogue', 'placements', 'workforce-planning', 'kpi-reporting'] as const) await platform.hubKnownTo(service, hubId);
  return { hubId, admin: { subject: `admin-of-${hubId}`, role: 'hub_admin', scope: { kind: 'hub', hubId } } };
}

export async function seedHub(platform: PlatformUnderTest, name: string, icbCode: string, regionCode: string): Promise<SeededHub> {
  const { hubId, admin } = await registerHub(platform, name, icbCode);
  const contactEmail = `placements.${icbCode.toLowerCase()}@nhs.net`;
  expectStatus(await platform.send('put', `/api/v1/hubs/${hubId}/contacts`, { contacts: [{ role: 'placements_lead', displayName: 'Placements team', email: contactEmail }] }, national), 200, 'contacts');
  const courseTitle = `Clinical supervisor training for ARRS roles (${icbCode})`;
  const course = await platform.send(
    'post',
    '/api/v1/courses',
    {
      hubId,
      title: courseTitle,
      description: 'Two half-days on supervising pharmacists, paramedics and physician associates.',
      format: 'PROGRAMME',
      kpiArea: 'EDUCATIONAL_DESIGN',
      providerName: name,
      providerType: 'TRAINING_HUB',
      deliveryMode: 'IN_PERSON',
      fundingSource: 'Training hub education budget',
    },
    admin,
  );
  expectStatus(course, 201, 'course');
  const day = dayAhead(30);
  const session = await platform.send('post', `/api/v1/courses/${course.body.courseId}/sessions`, { startsAt: `${day}T09:30`, endsAt: `${day}T12:30`, venue: 'Corn Exchange', capacity: 20 }, admin);
  expectStatus(session, 201, 'session');
  const learner = await platform.send('post', '/api/v1/learners', { hubId, email: `learner.${icbCode.toLowerCase()}@nhs.net`, displayName: 'Alex Morgan', profession: 'NURSE' }, admin);
  expectStatus(learner, 201, 'learner');
  const learningEnvironmentId = await approveNursingPractice(platform, admin, hubId, { odsCode: 'J83001', name: 'Lansdowne Surgery', pcnOdsCode: 'U12345' });
  const capacity = await platform.send('post', '/api/v1/placement-capacity', { learningEnvironmentId, learnerType: 'STUDENT_NURSE', period: '2026-27-H2', places: 4 }, admin);
  expectStatus(capacity, 201, 'capacity');
  const placement = await platform.send(
    'post',
    '/api/v1/placements',
    { placementCapacityId: capacity.body.id, startDate: '2026-12-07', endDate: '2027-02-26', sessionsPerWeek: 6, educationProviderCode: '10007784' },
    admin,
  );
  expectStatus(placement, 201, 'placement');
  const kpiReturn = await platform.send('post', '/api/v1/kpi-returns', { hubId, period: '2026-27-H2' }, admin);
  expectStatus(kpiReturn, 201, 'KPI return');
  return {
    hubId,
    icbCode,
    regionCode,
    admin,
    contactEmail,
    courseId: course.body.courseId,
    courseTitle,
    sessionId: session.body.sessionId,
    learningEnvironmentId,
    capacityId: capacity.body.id,
    learnerId: learner.body.learnerId,
    placementId: placement.body.id,
    kpiReturnId: kpiReturn.body.id,
  };
}
