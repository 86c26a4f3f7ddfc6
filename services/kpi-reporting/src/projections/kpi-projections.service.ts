import { randomUUID } from 'node:crypto';
import { ConflictException, Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { recordNotFound, type Caller } from '@traininghubs/auth';
import { ConsumerGroupActiveError, InboxRegistry, MESSAGING_CONNECTION, OutboxWriter, resetConsumerGroup, schemaOf, type InboxConsumer, type KafkaConnection } from '@traininghubs/messaging';
import { recordAudit } from '@traininghubs/persistence';
import { progressLine, rebuildProgress, type PartitionTarget, type RebuildProgress } from '../domain/rebuild/rebuild-progress';
import { PROJECTION_TABLES } from '../persistence';
import { KPI_PROBLEMS } from '../problems';
import { kpiProjectionHandlers, kpiProjectionRun, PROJECTION_TOPICS, PROJECTIONS_GROUP } from './kpi-projection-handlers';

export interface RebuildStatus extends RebuildProgress {
  id: string;
  group: string;
  requestedBy: string;
  startedAt: string;
  completedAt: string | null;
  /** Events replayed per second so far (to completion once done). */
  eventsPerSecond: number;
}

export interface RebuildStarted {
  group: string;
  cleared: string[];
  rebuildId: string;
  totalEvents: number;
}

interface KpiRebuildRow {
  id: string;
  requested_by: string;
  started_at: Date;
  completed_at: Date | null;
  targets: Array<{ topic: string; partition: number; low: string; high: string }>;
}

/**
 * The KPI projections: consumer group `kpi-reporting.projections` applying every source event to
 * the per-hub per-period counters and the hierarchy's history, and their rebuild from offset zero.
 */
@Injectable()
export class KpiProjections implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(KpiProjections.name);
  private consumer?: InboxConsumer;
  /** Rebuilds being set up by this instance (consumer stopped, offsets reset, tables cleared). */
  private readonly settingUp = new Set<Promise<unknown>>();
  private closing = false;

  constructor(
    private readonly inbox: InboxRegistry,
    @Inject(MESSAGING_CONNECTION) private readonly connection: KafkaConnection,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
  ) {}

  onModuleInit(): void {
    this.consumer = this.inbox.register({
      group: PROJECTIONS_GROUP,
      topics: PROJECTION_TOPICS,
      fromBeginning: true,
      handlers: kpiProjectionHandlers(this.outbox),
      batchHandler: kpiProjectionRun(this.outbox), // runs of events in one transaction: rebuilds and catch-up at thousands a second
      // Measured with bench/kpi on 2 cores: 3 partitions at once in runs of up to 2,000 events
      // rebuilt 17,000-22,000 events/s; one at a time in runs of 500, about 10,000/s.
      partitionsConsumedConcurrently: 3,
      maxBatchEvents: 2_000,
    });
  }

  /**
   * Rebuilds the projections from the streams: stops the group, notes where every partition ends,
   * clears the projection tables and the group's inbox in one transaction with the rebuild's record
   * and audit, moves the group's offsets to the start of every topic and starts it again. The
   * replayed result equals the original. Its progress is read with `progress(id)`, on any instance.
   *
   * One rebuild is set up at a time across every instance (a Postgres advisory lock), and only
   * while no other instance is consuming the group: Kafka cannot move a live group's offsets, so
   * the platform team scales kpi-reporting to one instance for the rebuild (409 otherwise).
   */
  async rebuild(caller: Caller): Promise<RebuildStarted> {
    if (this.closing) throw new ConflictException('kpi-reporting is shutting down.');
    const setUp = this.withRebuildLock(() => this.setUpRebuild(caller));
    this.settingUp.add(setUp);
    try {
      return await setUp;
    } finally {
      this.settingUp.delete(setUp);
    }
  }

  /** Stops starting anything new, waits for a rebuild being set up, and leaves the consumer stopped. */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    await Promise.allSettled([...this.settingUp]);
    await this.consumer?.stop();
  }

  /** Runs `work` holding the rebuild lock on a connection of its own; 409 while another holds it. */
  private async withRebuildLock<T>(work: () => Promise<T>): Promise<T> {
    // A session advisory lock named after the service's schema: advisory locks are database-wide.
    const lock = `${schemaOf(this.dataSource)}.kpi-projections-rebuild`;
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = await runner.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [lock]);
      if (!locked) {
        throw new ConflictException({
          type: `${KPI_PROBLEMS}rebuild-in-progress`,
          title: 'A rebuild of the KPI projections is already being set up',
          detail: 'A rebuild of the KPI projections is already being set up; follow it with its progress.',
          code: 'rebuild-in-progress',
        });
      }
      try {
        return await work();
      } finally {
        await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [lock]).catch(() => undefined);
      }
    } finally {
      await runner.release();
    }
  }

  private async setUpRebuild(caller: Caller): Promise<RebuildStarted> {
    const consumer = this.consumer;
    if (!consumer) throw new Error('the projections consumer is not registered');
    await consumer.stop();
    const id = randomUUID();
    let totalEvents = 0;
    try {
      const targets = await this.partitionTargets();
      totalEvents = rebuildProgress(targets, new Map()).total;
      await resetConsumerGroup(this.connection, { group: PROJECTIONS_GROUP, topics: PROJECTION_TOPICS, to: 'earliest' }).catch((error: unknown) => {
        throw error instanceof ConsumerGroupActiveError ? consumedElsewhere(error) : error;
      });
      await this.dataSource.transaction(async (manager) => {
        await manager.query(`TRUNCATE ${PROJECTION_TABLES.join(', ')} RESTART IDENTITY`);
        await manager.query('DELETE FROM inbox WHERE consumer_group = $1', [PROJECTIONS_GROUP]);
        await manager.query('INSERT INTO kpi_rebuild (id, requested_by, started_at, targets) VALUES ($1, $2, now(), $3)', [
          id,
          caller.subject,
          JSON.stringify(targets.map((t) => ({ topic: t.topic, partition: t.partition, low: String(t.low), high: String(t.high) }))),
        ]);
        await recordAudit(manager, {
          actor: caller.subject,
          actorRole: caller.role,
          action: 'kpi_projections.rebuild_started',
          entityType: 'kpi_rebuild',
          entityId: id,
          changes: { cleared: PROJECTION_TABLES, totalEvents },
        });
      });
    } finally {
      // not after shutdown began: the messaging lifecycle has stopped its consumers by then
      if (!this.closing) await consumer.start();
    }
    this.logger.log(`rebuild ${id} started by ${caller.subject}: ${totalEvents} events to replay`);
    return { group: PROJECTIONS_GROUP, cleared: PROJECTION_TABLES, rebuildId: id, totalEvents };
  }

  /** How far a rebuild has replayed: events processed of the total, by partition (404 for an unknown rebuild). */
  async progress(id: string): Promise<RebuildStatus> {
    const [job]: KpiRebuildRow[] = await this.dataSource.query('SELECT * FROM kpi_rebuild WHERE id = $1', [id]);
    if (!job) throw recordNotFound(`No rebuild ${id} of the KPI projections is recorded`);
    const targets: PartitionTarget[] = job.targets.map((t) => ({ topic: t.topic, partition: t.partition, low: BigInt(t.low), high: BigInt(t.high) }));
    const progress = rebuildProgress(targets, await this.committedOffsets());
    let completedAt = job.completed_at;
    if (progress.done && !completedAt) {
      // an UPDATE … RETURNING answers [rows, affected count] through TypeORM's query()
      const [marked]: [Array<{ completed_at: Date }>, number] = await this.dataSource.query(
        'UPDATE kpi_rebuild SET completed_at = COALESCE(completed_at, now()) WHERE id = $1 RETURNING completed_at',
        [id],
      );
      completedAt = marked[0].completed_at;
      this.logger.log(progressLine(id, progress));
    }
    const seconds = ((completedAt ?? new Date()).getTime() - job.started_at.getTime()) / 1000;
    return {
      id,
      group: PROJECTIONS_GROUP,
      requestedBy: job.requested_by,
      startedAt: job.started_at.toISOString(),
      completedAt: completedAt?.toISOString() ?? null,
      eventsPerSecond: seconds > 0 ? Math.round(progress.processed / seconds) : 0,
      ...progress,
    };
  }

  private async partitionTargets(): Promise<PartitionTarget[]> {
    const admin = await this.connection.adminClient();
    const targets: PartitionTarget[] = [];
    for (const logical of PROJECTION_TOPICS) {
      for (const p of await admin.fetchTopicOffsets(this.connection.topic(logical))) {
        targets.push({ topic: this.connection.topic(logical), partition: p.partition, low: BigInt(p.low), high: BigInt(p.high) });
      }
    }
    return targets.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
  }

  private async committedOffsets(): Promise<Map<string, bigint>> {
    const admin = await this.connection.adminClient();
    const offsets = await admin.fetchOffsets({ groupId: this.connection.groupId(PROJECTIONS_GROUP), topics: PROJECTION_TOPICS.map((t) => this.connection.topic(t)) });
    const committed = new Map<string, bigint>();
    for (const topic of offsets) for (const p of topic.partitions) committed.set(`${topic.topic}:${p.partition}`, BigInt(p.offset));
    return committed;
  }
}

/** 409: another instance of kpi-reporting is a member of the projections group. */
function consumedElsewhere(error: ConsumerGroupActiveError): ConflictException {
  return new ConflictException({
    type: `${KPI_PROBLEMS}projections-consumed-elsewhere`,
    title: 'Other instances of kpi-reporting are consuming the projections',
    detail: `${error.message}. A rebuild moves the group back to offset zero, which Kafka allows only while no other member is consuming: scale kpi-reporting to one instance, rebuild, then scale it back.`,
    code: 'projections-consumed-elsewhere',
  });
}
