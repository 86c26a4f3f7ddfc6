import type { EntityManager } from 'typeorm';
import { currentContext } from '@traininghubs/observability';
import { AuditEventEntity } from './audit-event.entity';
import { CreateAuditTrail1763683300000 } from './audit.migration';

export interface AuditEntry {
  actor: string;
  actorRole?: string;
  action: string;
  entityType: string;
  entityId: string;
  /** Defaults to the correlation id of the request or event being handled. */
  correlationId?: string;
  changes?: Record<string, unknown>;
}

/** Records an audit event in the caller's transaction (pass the transaction's manager). */
export async function recordAudit(manager: EntityManager, entry: AuditEntry): Promise<void> {
  await manager.insert(AuditEventEntity, {
    actor: entry.actor,
    actorRole: entry.actorRole ?? null,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    correlationId: entry.correlationId ?? currentContext()?.correlationId ?? null,
    changes: (entry.changes ?? {}) as AuditEventEntity['changes'] & object,
  });
}

export const auditEntities = [AuditEventEntity];
export const auditMigrations = [CreateAuditTrail1763683300000];
