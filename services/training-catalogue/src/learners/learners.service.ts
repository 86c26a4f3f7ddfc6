import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { recordNotFound, type Caller } from '@traininghubs/auth';
import { recordAudit } from '@traininghubs/persistence';
import { CatalogueAccess } from '../catalogue/catalogue-access';
import { CatalogueRuleError } from '../catalogue/catalogue-rule.error';
import { scopeCondition } from '../catalogue/hub-scope';
import { LONDON, londonWallTime } from '../catalogue/london-time';
import { cpdTotals, creditsFor, programmeCompleted, type AttendedSession } from './cpd-record.rules';
import type { LearnerView, NewLearnerDto } from './learner.dto';
import { LearnerEntity } from './learner.entity';

interface AttendedRow {
  course_id: string;
  title: string;
  format: string;
  hub_id: string;
  session_id: string;
  starts_at: Date;
  ends_at: Date;
  accreditation_body: string | null;
  cpd_credits_per_hour: string | null;
  provider_name: string;
}

@Injectable()
export class LearnersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: CatalogueAccess,
  ) {}

  /**
   * Registers a learner with a hub the caller may write to, or returns the learner that hub already
   * registered with that e-mail (a stable id within the hub). The same address registered by
   * another hub is another record: its id and details are never found, returned or changed here.
   */
  async register(caller: Caller, input: NewLearnerDto): Promise<LearnerView> {
    await this.access.assertCanWriteToHub(caller, input.hubId);
    return this.dataSource.transaction(async (manager) => {
      const rows = (await manager.query(
        `INSERT INTO learner (learner_id, hub_id, email, display_name, profession, employer_ods_code, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, now())
         ON CONFLICT (hub_id, lower(email)) DO UPDATE SET display_name = EXCLUDED.display_name, profession = EXCLUDED.profession,
           employer_ods_code = EXCLUDED.employer_ods_code
         RETURNING learner_id`,
        [randomUUID(), input.hubId, input.email.trim(), input.displayName.trim(), input.profession, input.employerOdsCode ?? null],
      )) as Array<{ learner_id: string }>;
      const learnerId = rows[0].learner_id;
      await recordAudit(manager, {
        actor: caller.subject,
        actorRole: caller.role,
        action: 'learner.registered',
        entityType: 'learner',
        entityId: learnerId,
        changes: { hubId: input.hubId, profession: input.profession, employerOdsCode: input.employerOdsCode ?? null },
      });
      return { learnerId, hubId: input.hubId, displayName: input.displayName.trim(), profession: input.profession, employerOdsCode: input.employerOdsCode ?? null };
    });
  }

  /**
   * The learner a booking names, if the caller's scope covers the hub the learner belongs to. A
   * learner of another scope is refused exactly as an unknown one, so an id never tells whether it exists.
   */
  async learnerToBook(manager: EntityManager, caller: Caller, learnerId: string): Promise<LearnerEntity> {
    const learner = await manager.findOneBy(LearnerEntity, { learnerId });
    if (!learner || !(await this.access.canReadRecord(caller, learner.hubId, manager))) {
      throw new CatalogueRuleError('unknown-learner', 'invalid', `Learner ${learnerId} is not registered with a hub in your scope: register them with POST /api/v1/learners first`);
    }
    return learner;
  }

  /** The learner's CPD from delivered sessions they attended, of hubs in the caller's scope. */
  async cpdRecord(caller: Caller, learnerId: string) {
    const learner = await this.learner(caller, learnerId);
    const rows = await this.attended(caller, learnerId);
    const sessions = rows.map(toAttended);
    const programmes = await this.programmes(caller, learnerId);
    return {
      learnerId: learner.learnerId,
      profession: learner.profession,
      totals: cpdTotals(sessions),
      activities: sessions.map((s) => ({
        courseId: s.courseId,
        courseTitle: s.courseTitle,
        courseFormat: s.courseFormat,
        sessionId: s.sessionId,
        date: londonWallTime(s.startsAt).slice(0, 10),
        minutes: s.durationMinutes,
        scheme: s.accreditationBody ?? 'unaccredited',
        credits: creditsFor(s),
      })),
      programmes,
    };
  }

  /** A certificate of attendance for one delivered session the learner attended (404 otherwise). */
  async certificate(caller: Caller, learnerId: string, sessionId: string) {
    const learner = await this.learner(caller, learnerId);
    const row = (await this.attended(caller, learnerId)).find((r) => r.session_id === sessionId);
    if (!row) throw recordNotFound(`No attendance of learner ${learnerId} at a delivered session ${sessionId}`);
    const session = toAttended(row);
    const date = londonWallTime(session.startsAt).slice(0, 10);
    const credits = creditsFor(session);
    const cpd = `${(session.durationMinutes / 60).toFixed(2)} hours of CPD${session.accreditationBody ? ` (${credits} ${session.accreditationBody} credits)` : ''}`;
    return {
      certificateId: `${sessionId}:${learnerId}`,
      learnerId,
      participantName: learner.displayName,
      courseTitle: session.courseTitle,
      provider: row.provider_name,
      sessionDate: date,
      timeZone: LONDON,
      minutes: session.durationMinutes,
      scheme: session.accreditationBody ?? 'unaccredited',
      credits,
      text: `Certificate of attendance\n\n${learner.displayName} attended "${session.courseTitle}" delivered by ${row.provider_name} on ${date}: ${cpd}.`,
    };
  }

  /** A learner the caller's scope covers; any other is the same 404 as a missing one. */
  private async learner(caller: Caller, learnerId: string): Promise<LearnerEntity> {
    const learner = await this.dataSource.getRepository(LearnerEntity).findOneBy({ learnerId });
    if (!learner || !(await this.access.canReadRecord(caller, learner.hubId))) throw recordNotFound(`No learner ${learnerId}`);
    return learner;
  }

  private async attended(caller: Caller, learnerId: string): Promise<AttendedRow[]> {
    const params: unknown[] = [learnerId];
    const scope = scopeCondition(caller, 's.hub_id', params);
    return (await this.dataSource.query(
      `SELECT c.course_id, c.title, c.format, c.provider_name, c.accreditation_body, c.cpd_credits_per_hour,
              s.hub_id, s.session_id, s.starts_at, s.ends_at
         FROM booking b
         JOIN course_session s ON s.session_id = b.session_id
         JOIN course c ON c.course_id = s.course_id
         LEFT JOIN hub_directory hd ON hd.hub_id = s.hub_id
        WHERE b.learner_id = $1 AND b.status = 'attended' AND s.status = 'delivered' AND ${scope}
        ORDER BY s.starts_at`,
      params,
    )) as AttendedRow[];
  }

  /** Progress through each programme the learner booked: completed when they attended every session that ran and none is to come. */
  private async programmes(caller: Caller, learnerId: string) {
    const params: unknown[] = [learnerId];
    const scope = scopeCondition(caller, 'c.hub_id', params);
    const rows = (await this.dataSource.query(
      `SELECT c.course_id, c.title,
              array_remove(array_agg(s.session_id::text) FILTER (WHERE s.status = 'delivered'), NULL) AS delivered,
              count(*) FILTER (WHERE s.status = 'scheduled')::int AS to_come,
              array_remove(array_agg(s.session_id::text) FILTER (WHERE s.status = 'delivered' AND EXISTS (
                SELECT 1 FROM booking a WHERE a.session_id = s.session_id AND a.learner_id = $1 AND a.status = 'attended')), NULL) AS attended
         FROM course c
         JOIN course_session s ON s.course_id = c.course_id
         LEFT JOIN hub_directory hd ON hd.hub_id = c.hub_id
        WHERE c.format = 'PROGRAMME' AND ${scope}
          AND EXISTS (SELECT 1 FROM booking b JOIN course_session bs ON bs.session_id = b.session_id WHERE bs.course_id = c.course_id AND b.learner_id = $1)
        GROUP BY c.course_id, c.title`,
      params,
    )) as Array<{ course_id: string; title: string; delivered: string[] | null; to_come: number; attended: string[] | null }>;
    return rows.map((r) => ({
      courseId: r.course_id,
      courseTitle: r.title,
      sessionsDelivered: r.delivered?.length ?? 0,
      sessionsAttended: r.attended?.length ?? 0,
      sessionsToCome: r.to_come,
      completed: programmeCompleted({ courseId: r.course_id, deliveredSessionIds: r.delivered ?? [], attendedSessionIds: r.attended ?? [], sessionsToCome: r.to_come }),
    }));
  }
}

function toAttended(row: AttendedRow): AttendedSession {
  const startsAt = new Date(row.starts_at);
  return {
    courseId: row.course_id,
    courseTitle: row.title,
    courseFormat: row.format,
    sessionId: row.session_id,
    startsAt,
    durationMinutes: Math.round((new Date(row.ends_at).getTime() - startsAt.getTime()) / 60_000),
    accreditationBody: row.accreditation_body,
    creditsPerHour: row.cpd_credits_per_hour === null ? null : Number(row.cpd_credits_per_hour),
  };
}
