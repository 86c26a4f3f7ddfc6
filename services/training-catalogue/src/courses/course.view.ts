import type { CourseView } from './course.dto';
import type { CourseEntity } from './course.entity';

export function courseView(course: CourseEntity): CourseView {
  return {
    courseId: course.courseId,
    hubId: course.hubId,
    title: course.title,
    description: course.description,
    format: course.format,
    kpiArea: course.kpiArea,
    targetProfessions: course.targetProfessions,
    targetStaffGroups: course.targetStaffGroups,
    targetArrsRoles: course.targetArrsRoles,
    audience: course.audience,
    providerName: course.providerName,
    providerType: course.providerType,
    deliveryMode: course.deliveryMode,
    cpdAccreditation: course.accreditationBody ? { body: course.accreditationBody, creditsPerHour: course.cpdCreditsPerHour ?? 0 } : null,
    fundingSource: course.fundingSource,
    pricePerPlacePence: course.pricePerPlacePence,
    version: course.version,
  };
}
