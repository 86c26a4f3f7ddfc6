import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Who changed what, when, in every service: written in the same transaction as the change, so a
 * change without its audit row cannot commit. Append-only.
 */
@Entity({ name: 'audit_event' })
export class AuditEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz', default: () => 'now()' })
  occurredAt!: Date;

  /** The caller's subject (token `sub`), or `system:<process>` for work not done for a caller. */
  @Column({ type: 'text' })
  actor!: string;

  @Column({ name: 'actor_role', type: 'text', nullable: true })
  actorRole!: string | null;

  /** What was done, in the domain's words, e.g. `hub.registered`, `placement.cancelled`. */
  @Column({ type: 'text' })
  action!: string;

  @Column({ name: 'entity_type', type: 'text' })
  entityType!: string;

  @Column({ name: 'entity_id', type: 'text' })
  entityId!: string;

  @Column({ name: 'correlation_id', type: 'text', nullable: true })
  correlationId!: string | null;

  /** What changed (new values; before/after where useful). Never special-category data. */
  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  changes!: Record<string, unknown>;
}
