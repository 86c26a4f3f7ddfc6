import { ServiceEnvironment } from '@traininghubs/config';

/** Environment of the workforce-planning service. */
export class WorkforcePlanningEnvironment extends ServiceEnvironment {
  override PORT = 3004;
  override DATABASE_SCHEMA = 'workforce_planning';
}
