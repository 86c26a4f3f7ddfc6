import type { Caller } from '@traininghubs/auth';
import { recordAudit } from '@traininghubs/persistence';
import type { EntityManager } from 'typeorm';

/** Audits a change by the caller in the change's own transaction. */
export function auditChange(manager: EntityManager, caller: Caller, action: string, entityType: string, entityId: string, changes: object): Promise<unknown> {
  return recordAudit(manager, {
    actor: caller.subject,
    actorRole: caller.role,
    action,
    entityType,
    entityId,
    changes: { ...changes },
  });
}
