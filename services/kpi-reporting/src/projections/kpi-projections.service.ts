import { randomUUID } from 'node:crypto';
import { ConflictException, Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { recordNotFound } from '@traininghubs/auth';
import { InboxRegistry, MESSAGING_CONNECTION, resetConsumerGroup, type InboxConsumer, type KafkaConnection } from '@traininghubs/messaging';
import { progressLine, rebuildProgress, type PartitionTarget, type RebuildProgress } from '../domain/rebuild/rebuild-progress';
import { PROJECTION_TABLES } from '../persistence';
import { applyKpiProjectionRun, kpiProjectionHandlers, PROJECTION_TOPICS, PROJECTIONS_GROUP } from './kpi-projection-handlers';

/** A rebuild this instance started: what it must replay, and when it was seen to finish. */
interface RebuildJob {
  id: string;
  startedAt: Date;
  completedAt?: Date;
  targets: PartitionTarget[];
}

export interface RebuildStatus extends RebuildProgress {
  id: string;
  group: string;
  startedAt: string;
  completedAt: string | null;
  /** Events replayed per second so far (to completion once done). */
  eventsPerSecond: number;
}

/** How many rebuilds this instance remembers. */
const KEPT_REBUILDS = 20;

/**
 * The KPI projections: consumer group `kpi-reporting.projections` applying every source event to
 * the per-hub per-period counters and the hierarchy's history, and their rebuild from offset zero.
 */
@Injectable()
export class KpiProjections implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(KpiProjections.name);
  private consumer?: InboxConsumer;
  private readonly rebuilds = new Map<string, RebuildJob>();
  /** The rebuild being set up (consumer stopped, offsets reset, tables cleared), if any. */
  private settingUp?: Promise<unknown>;
  private closing = false;

  constructor(
    private readonly inbox: InboxRegistry,
    @Inject(MESSAGING_CONNECTION) private readonly connection: KafkaConnection,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.consumer = this.inbox.register({
      group: PROJECTIONS_GROUP,
      topics: PROJECTION_TOPICS,
      fromBeginning: true,
      handlers: kpiProjectionHandlers,
      batchHandler: applyKpiProjectionRun, // runs of events in one transaction: rebuilds and catch-up at thousands a second
      // Measured with bench/kpi on 2 cores: 3 partitions at once in runs of up to 2,000 events
      // rebuilt 17,000-22,000 events/s; one at a time in runs of 500, about 10,000/s.
      partitionsConsumedConcurrently: 3,
      maxBatchEvents: 2_000,
    });
  }

  /**
   * Rebuilds the projections from the streams: stops the group, notes where every partition ends,
   * clears the projection tables and the group's inbox in one transaction, moves the group's
   * offsets to the start of every topic and starts it again. The replayed result equals the
   * original. Its progress is read with `progress(id)` against the ends noted.
   */
  async rebuild(): Promise<{ group: string; cleared: string[]; rebuildId: string; totalEvents: number }> {
    if (this.settingUp) throw new ConflictException('A rebuild of the KPI projections is already being set up; follow it with its progress.');
    if (this.closing) throw new ConflictException('kpi-reporting is shutting down.');
    const setUp = this.setUpRebuild();
    this.settingUp = setUp;
    try {
      return await setUp;
    } finally {
      this.settingUp = undefined;
    }
  }

  /** Stops starting anything new, waits for a rebuild being set up, and leaves the consumer stopped. */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    await this.settingUp?.catch(() => undefined);
    await this.consumer?.stop();
  }

  private async setUpRebuild(): Promise<{ group: string; cleared: string[]; rebuildId: string; totalEvents: number }> {
    const consumer = this.consumer;
    if (!consumer) throw new Error('the projections consumer is not registered');
    await consumer.stop();
    const job: RebuildJob = { id: randomUUID(), startedAt: new Date(), targets: [] };
    try {
      job.targets = await this.partitionTargets();
      await resetConsumerGroup(this.connection, { group: PROJECTIONS_GROUP, topics: PROJECTION_TOPICS, to: 'earliest' });
      await this.dataSource.transaction(async (manager) => {
        await manager.query(`TRUNCATE ${PROJECTION_TABLES.join(', ')} RESTART IDENTITY`);
        await manager.query('DELETE FROM inbox WHERE consumer_group = $1', [PROJECTIONS_GROUP]);
      });
    } finally {
      // not after shutdown began: the messaging lifecycle has stopped its consumers by then
      if (!this.closing) await consumer.start();
    }
    this.remember(job);
    const totalEvents = rebuildProgress(job.targets, new Map()).total;
    this.logger.log(`rebuild ${job.id} started: ${totalEvents} events to replay`);
    return { group: PROJECTIONS_GROUP, cleared: PROJECTION_TABLES, rebuildId: job.id, totalEvents };
  }

  /** How far a rebuild has replayed: events processed of the total, by partition (404 for an unknown rebuild). */
  async progress(id: string): Promise<RebuildStatus> {
    const job = this.rebuilds.get(id);
    if (!job) throw recordNotFound(`No rebuild ${id} is known to this instance of kpi-reporting`);
    const progress = rebuildProgress(job.targets, await this.committedOffsets());
    if (progress.done && !job.completedAt) {
      job.completedAt = new Date();
      this.logger.log(progressLine(id, progress));
    }
    const seconds = ((job.completedAt ?? new Date()).getTime() - job.startedAt.getTime()) / 1000;
    return {
      id,
      group: PROJECTIONS_GROUP,
      startedAt: job.startedAt.toISOString(),
      completedAt: job.completedAt?.toISOString() ?? null,
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

  private remember(job: RebuildJob): void {
    this.rebuilds.set(job.id, job);
    for (const id of [...this.rebuilds.keys()].slice(0, Math.max(0, this.rebuilds.size - KEPT_REBUILDS))) this.rebuilds.delete(id);
  }
}
