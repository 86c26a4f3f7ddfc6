import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { recordNotFound, type Caller } from '@traininghubs/auth';
import { recordAudit } from '@traininghubs/persistence';
import { pageOf, type Page } from '@traininghubs/runtime';
import { CatalogueAccess } from '../catalogue/catalogue-access';
import type { Clock } from '../catalogue/clock';
import { scopeCondition } from '../catalogue/hub-scope';
import { instantOfLondonWallTime } from '../catalogue/london-time';
import { CLOCK } from '../web/clock.provider';
import type { CourseQuery, CourseView, NewCourseDto } from './course.dto';
import { CourseEntity } from './course.entity';
import { courseView } from './course.view';

@Injectable()
export class CoursesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: CatalogueAccess,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async create(caller: Caller, input: NewCourseDto): Promise<CourseView> {
    await this.access.assertCanWriteToHub(caller, input.hubId);
    const now = this.clock.now();
    const course = Object.assign(new CourseEntity(), {
      courseId: randomUUID(),
      hubId: input.hubId,
      title: input.title.trim(),
      description: input.description,
      format: input.format,
      kpiArea: input.kpiArea,
      targetProfessions: input.targetProfessions,
      targetStaffGroups: input.targetStaffGroups,
      targetArrsRoles: input.targetArrsRoles,
      audience: input.audience ?? null,
      providerName: input.providerName,
      providerType: input.providerType,
      deliveryMode: input.deliveryMode,
      accreditationBody: input.cpdAccreditation?.body ?? null,
      cpdCreditsPerHour: input.cpdAccreditation?.creditsPerHour ?? null,
      fundingSource: input.fundingSource,
      pricePerPlacePence: input.pricePerPlacePence,
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
    await this.dataSource.transaction(async (manager) => {
      await manager.insert(CourseEntity, course);
      await recordAudit(manager, {
        actor: caller.subject,
        actorRole: caller.role,
        action: 'course.created',
        entityType: 'course',
        entityId: course.courseId,
        changes: { ...courseView(course) },
      });
    });
    return courseView(course);
  }

  /** A course the caller may read; otherwise 404. */
  async find(caller: Caller, courseId: string): Promise<CourseEntity> {
    const detail = `No course ${courseId}`;
    const course = await this.dataSource.getRepository(CourseEntity).findOneBy({ courseId });
    if (!course) throw recordNotFound(detail);
    await this.access.assertCanReadRecord(caller, course.hubId, detail);
    return course;
  }

  async list(caller: Caller, query: CourseQuery): Promise<Page<CourseView>> {
    const params: unknown[] = [];
    const where = [scopeCondition(caller, 'c.hub_id', params)];
    const add = (sql: (n: number) => string, value: unknown) => {
      params.push(value);
      where.push(sql(params.length));
    };
    if (query.hubId) add((n) => `c.hub_id = $${n}`, query.hubId);
    if (query.kpiArea) add((n) => `c.kpi_area = $${n}`, query.kpiArea);
    if (query.format) add((n) => `c.format = $${n}`, query.format);
    if (query.profession) add((n) => `(c.target_professions = '{}' OR $${n} = ANY (c.target_professions))`, query.profession);
    if (query.from || query.to) {
      const range: string[] = [`s.course_id = c.course_id`, `s.status <> 'cancelled'`];
      if (query.from) {
        params.push(instantOfLondonWallTime(`${query.from}T00:00`, 'from'));
        range.push(`s.starts_at >= $${params.length}`);
      }
      if (query.to) {
        params.push(new Date(instantOfLondonWallTime(`${query.to}T00:00`, 'to').getTime() + 24 * 3_600_000));
        range.push(`s.starts_at < $${params.length}`);
      }
      where.push(`EXISTS (SELECT 1 FROM course_session s WHERE ${range.join(' AND ')})`);
    }
    const from = `FROM course c LEFT JOIN hub_directory hd ON hd.hub_id = c.hub_id WHERE ${where.join(' AND ')}`;
    const [{ total }] = (await this.dataSource.query(`SELECT count(*)::int AS total ${from}`, params)) as Array<{ total: number }>;
    const ids = (await this.dataSource.query(
      `SELECT c.course_id ${from} ORDER BY c.created_at DESC, c.course_id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, query.limit, query.offset],
    )) as Array<{ course_id: string }>;
    const courses = ids.length ? await this.dataSource.getRepository(CourseEntity).findBy(ids.map((r) => ({ courseId: r.course_id }))) : [];
    const byId = new Map(courses.map((c) => [c.courseId, c]));
    return pageOf(ids.map((r) => courseView(byId.get(r.course_id) as CourseEntity)), total, query);
  }
}
