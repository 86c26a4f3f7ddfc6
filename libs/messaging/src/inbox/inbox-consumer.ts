import type { Registry } from 'prom-client';
import type { DataSource, EntityManager } from 'typeorm';
import type { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';
import { ConsumerDeadLetters } from '../dead-letters/consumer-dead-letters';
import type { DeadLetterReason } from '../dead-letters/dead-letter-headers';
import { parseEnvelope, type EventEnvelope } from '../envelope/cloud-event';
import type { PayloadCodec } from '../envelope/payload-codec';
import type { KafkaBatchPayload, KafkaConnection, KafkaConsumer, KafkaRecord } from '../kafka/kafka-connection';
import { headersAsText } from '../kafka/record-headers';
import { schemaOf } from '../postgres/sql-names';
import { isTransientDatabaseError } from '../postgres/transient-errors';
import { backoffDelay, CONSUMER_BACKOFF, type BackoffPolicy } from '../retry/backoff';
import { describeError } from '../support/describe-error';
import { defaultMessagingLogger, type MessagingLogger } from '../support/messaging-logger';
import { ConsumerMetrics, type EventOutcome } from './consumer-metrics';
import { InboxStore } from './inbox-store';
import { isPermanentEventError, type BatchEventHandler, type EventHandler, type ReceivedEvent } from './received-event';

/** Points where fault tests can stall or kill a consumer. */
export interface ConsumerHooks {
  /** Inside the transaction, after the handler ran, before commit. */
  insideTransaction?(event: ReceivedEvent): Promise<void> | void;
  /** After the database commit, before the Kafka offset is committed. */
  afterDatabaseCommit?(event: ReceivedEvent): Promise<void> | void;
}

export interface InboxConsumerOptions {
  connection: KafkaConnection;
  dataSource: DataSource;
  /** The inbox's schema; defaults to the data source's. */
  schema?: string;
  /** Logical consumer group from the topic manifest, e.g. `kpi-reporting.projections`. */
  group: string;
  /** Logical topics the group reads. */
  topics: string[];
  codec: PayloadCodec;
  /**
   * Handlers by event type (`ce_type`); more can be added with `on` before `start`. Each handler
   * states its payload type: the codec decodes by event type, so that is the caller's promise.
   */
  handlers?: Record<string, EventHandler<never>>;
  /**
   * Where a group with no committed offsets starts: the earliest record (default), so a new
   * projection is built from the whole stream, or only new records.
   */
  fromBeginning?: boolean;
  /** Events of types without a handler: skipped (default; other consumers' business) or dead-lettered. */
  unknownEventTypes?: 'skip' | 'dead-letter';
  /** Tries of a handler that keeps throwing before its event is dead-lettered (default 5). */
  maxAttempts?: number;
  /** Backoff between tries; transient database errors are retried for as long as they last. */
  backoff?: BackoffPolicy;
  isolationLevel?: IsolationLevel;
  /**
   * Runs of readable events of a partition that arrived together (up to `maxBatchEvents`) are
   * applied in one transaction: the inbox rows in one statement, then the events not seen before,
   * in order — by this handler if given (set-based, for replays and rebuilds; it must have the
   * same effect as the per-event handlers, which still decide which types are handled), else by
   * each event's own handler in turn. A run that fails is rolled back and applied again event by
   * event, with the usual retries and dead letters.
   */
  batchHandler?: BatchEventHandler;
  /** Most events in one transaction (default 500; 1 applies every event in its own). */
  maxBatchEvents?: number;
  /** Partitions processed at once (default 1); order is always kept within a partition. */
  partitionsConsumedConcurrently?: number;
  /** Commit the Kafka offset at least every this many events of a batch (default 100). */
  commitEvery?: number;
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  registry?: Registry;
  logger?: MessagingLogger;
  hooks?: ConsumerHooks;
}

/** The consumer stopped or lost the partition while an event was being retried. */
class ConsumerInterrupted extends Error {
  constructor() {
    super('consumer stopped or lost the partition');
    this.name = 'ConsumerInterrupted';
  }
}

interface RecordInContext {
  topic: string;
  partition: number;
  message: KafkaRecord;
  heartbeat: () => Promise<void>;
  active: () => boolean;
}

/** What a record holds for this group: an event and its handler, a type it skips, or poison. */
type ReadRecord =
  | { kind: 'event'; event: ReceivedEvent; handler: EventHandler }
  | { kind: 'skip' }
  | { kind: 'poison'; reason: DeadLetterReason; error: unknown; envelope?: EventEnvelope };

/** A record of a run: its event, or none for a type this group skips. */
interface RunItem {
  message: KafkaRecord;
  read: Exclude<ReadRecord, { kind: 'poison' }>;
  event?: ReceivedEvent;
}

/**
 * Consumes a group's topics idempotently. For each record: read the envelope, decode the payload,
 * then in a database transaction insert `(group, ce_source, ce_id)` into the inbox (a duplicate
 * inserts nothing and is skipped) and run the handler with that transaction's EntityManager;
 * commit; only then commit the Kafka offset. Offsets are committed by hand. Records of a
 * partition that arrive together share one transaction (see `batchHandler`); a run that fails is
 * applied again one record per transaction, which is where the rules below play out.
 *
 * Transient database errors are retried in process, with backoff, while heartbeating. A poison
 * record (unreadable envelope, undecodable payload, a handler's `PermanentEventError`, or a handler
 * failing `maxAttempts` times) is published to `<topic>.<group>.dlq` with the reason and its
 * original coordinates in headers, recorded in `inbox_dead_letter`, and the partition moves on.
 */
export class InboxConsumer {
  private readonly handlers = new Map<string, EventHandler>();
  private readonly store: InboxStore;
  private readonly deadLetters: ConsumerDeadLetters;
  private readonly metrics: ConsumerMetrics;
  private readonly logger: MessagingLogger;
  private consumer?: KafkaConsumer;
  private stopping = false;
  private joined?: Promise<void>;

  constructor(private readonly options: InboxConsumerOptions) {
    for (const [type, handler] of Object.entries(options.handlers ?? {})) this.on(type, handler as EventHandler);
    this.store = new InboxStore(options.dataSource, options.schema ?? schemaOf(options.dataSource));
    this.metrics = new ConsumerMetrics(options.registry, options.group);
    this.logger = options.logger ?? defaultMessagingLogger;
    this.deadLetters = new ConsumerDeadLetters(options.connection, this.store, options.group, this.logger);
  }

  get group(): string {
    return this.options.group;
  }

  get isRunning(): boolean {
    return this.consumer !== undefined;
  }

  /** Registers the handler of one event type. */
  on<TPayload>(type: string, handler: EventHandler<TPayload>): this {
    if (this.consumer) throw new Error(`${this.options.group}: handlers must be registered before start`);
    if (this.handlers.has(type)) throw new Error(`${this.options.group}: a handler for ${type} is already registered`);
    this.handlers.set(type, handler as EventHandler);
    return this;
  }

  /** Joins the group and starts consuming; resolves once the consumer is running. */
  async start(): Promise<void> {
    if (this.consumer) return;
    this.stopping = false;
    const consumer = this.options.connection.consumer({
      groupId: this.options.connection.groupId(this.options.group),
      sessionTimeoutMs: this.options.sessionTimeoutMs,
      heartbeatIntervalMs: this.options.heartbeatIntervalMs,
    });
    this.consumer = consumer;
    this.joined = new Promise((resolve) => {
      const remove = consumer.on(consumer.events.GROUP_JOIN, () => {
        remove();
        resolve();
      });
    });
    consumer.on(consumer.events.CRASH, (event) => {
      this.logger.error('consumer crashed', { group: this.options.group, error: describeError(event.payload.error), restart: event.payload.restart });
    });
    await consumer.connect();
    await consumer.subscribe({ topics: this.options.topics.map((t) => this.options.connection.topic(t)), fromBeginning: this.options.fromBeginning ?? true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
      eachBatch: (payload) => this.consumeBatch(payload),
    });
    this.logger.info('consumer started', { group: this.options.group, topics: this.options.topics });
  }

  /** Resolves once the consumer has joined its group and been given partitions. */
  async ready(timeoutMs = 60_000): Promise<void> {
    if (!this.joined) throw new Error('the consumer has not been started');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${this.options.group} did not join its group within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([this.joined, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Finishes the event in hand, commits what was applied, and leaves the group. */
  async stop(): Promise<void> {
    this.stopping = true;
    const consumer = this.consumer;
    this.consumer = undefined;
    this.joined = undefined;
    if (consumer) await consumer.disconnect();
    await this.deadLetters.close();
    this.logger.info('consumer stopped', { group: this.options.group });
  }

  private async consumeBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: KafkaBatchPayload): Promise<void> {
    const consumer = this.consumer;
    const active = () => !this.stopping && isRunning() && !isStale();
    let uncommitted: string | undefined;
    let sinceCommit = 0;
    const commit = async () => {
      if (uncommitted === undefined || !consumer) return;
      await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(uncommitted) + 1n).toString() }]);
      uncommitted = undefined;
      sinceCommit = 0;
    };
    try {
      const messages = batch.messages;
      for (let next = 0; next < messages.length && active(); ) {
        const run = this.readableRun(batch.topic, batch.partition, messages, next);
        const context = { topic: batch.topic, partition: batch.partition, heartbeat, active };
        const done =
          run.length > 1
            ? await this.consumeRun(run, context)
            : await this.consumeRecord({ ...context, message: messages[next] }, run[0]?.read).then(() => 1);
        for (const message of messages.slice(next, next + done)) resolveOffset(message.offset);
        if (done > 0) uncommitted = messages[next + done - 1].offset;
        next += done;
        sinceCommit += done;
        if (sinceCommit >= (this.options.commitEvery ?? 100)) await commit();
        await heartbeat();
      }
      await commit();
      this.metrics.recordLag(batch.topic, batch.partition, Number(BigInt(batch.highWatermark) - BigInt(batch.lastOffset()) - 1n));
    } catch (error) {
      // Keep what was applied; the rest is fetched again (by this or another member).
      await commit().catch(() => undefined);
      if (error instanceof ConsumerInterrupted) return;
      throw error;
    }
  }

  /** A run without a batch handler: each event's own handler, in order, in the run's transaction. */
  private readonly eachInTurn: BatchEventHandler = async (events, manager) => {
    for (const event of events) await (this.handlers.get(event.envelope.type) as EventHandler)(event, manager);
  };

  /**
   * The records from `from` on that can be applied together: readable envelope, decodable payload,
   * a handler for their type (or a type to skip). Stops before the first that cannot.
   */
  private readableRun(topic: string, partition: number, messages: readonly KafkaRecord[], from: number): RunItem[] {
    const run: RunItem[] = [];
    const limit = this.options.maxBatchEvents ?? 500;
    for (let i = from; i < messages.length && run.length < limit; i++) {
      const read = this.read(topic, partition, messages[i]);
      if (read.kind === 'poison') break;
      run.push({ message: messages[i], read, event: read.kind === 'event' ? read.event : undefined });
    }
    return run;
  }

  /** Reads a record's envelope and payload, and finds its handler. */
  private read(topic: string, partition: number, message: KafkaRecord): ReadRecord {
    let envelope: EventEnvelope;
    try {
      envelope = parseEnvelope(headersAsText(message.headers));
    } catch (error) {
      return { kind: 'poison', reason: 'unreadable-envelope', error };
    }
    const handler = this.handlers.get(envelope.type);
    if (!handler) {
      if ((this.options.unknownEventTypes ?? 'skip') === 'skip') return { kind: 'skip' };
      return { kind: 'poison', reason: 'unknown-event-type', error: new Error(`no handler for ${envelope.type}`), envelope };
    }
    let payload: unknown;
    try {
      payload = this.options.codec.decode(envelope.type, message.value ?? new Uint8Array());
    } catch (error) {
      return { kind: 'poison', reason: 'undecodable-payload', error, envelope };
    }
    const key = message.key ? message.key.toString('utf8') : null;
    return { kind: 'event', handler, event: { envelope, payload, key, topic, partition, offset: message.offset } };
  }

  /**
   * One transaction for a run: its inbox rows, then the batch handler with the events not seen
   * before. If it fails, each record is applied on its own instead. Returns how many records of
   * the run are done (fewer when the consumer stops or loses the partition meanwhile).
   */
  private async consumeRun(run: readonly RunItem[], context: Omit<RecordInContext, 'message'>): Promise<number> {
    const started = performance.now();
    const events = run.flatMap((item) => (item.event ? [item.event] : []));
    let fresh: ReceivedEvent[] = [];
    try {
      await this.options.dataSource.transaction(async (manager) => {
        const firstSeen = await this.store.recordDeliveries(
          manager,
          this.options.group,
          events.map((e) => ({ source: e.envelope.source, eventId: e.envelope.id, eventType: e.envelope.type, topic: e.topic, partition: e.partition, offset: e.offset })),
        );
        fresh = firstSeen.map((i) => events[i]);
        if (fresh.length > 0) await (this.options.batchHandler ?? this.eachInTurn)(fresh as ReceivedEvent<never>[], manager);
        for (const event of fresh) await this.options.hooks?.insideTransaction?.(event);
      });
    } catch (error) {
      this.logger.warn('a batched run failed; applying its events one by one', { group: this.options.group, events: run.length, error: describeError(error) });
      let done = 0;
      for (const item of run) {
        if (!context.active()) break;
        await this.consumeRecord({ ...context, message: item.message }, item.read);
        done += 1;
      }
      return done;
    }
    for (const event of fresh) await this.options.hooks?.afterDatabaseCommit?.(event);
    const seconds = (performance.now() - started) / 1_000 / run.length;
    const applied = new Set(fresh);
    for (const item of run) {
      this.metrics.recordOutcome(context.topic, !item.event ? 'skipped' : applied.has(item.event) ? 'applied' : 'duplicate', seconds);
    }
    return run.length;
  }

  /** Applies one record on its own (read again unless its reading is given). */
  private async consumeRecord(record: RecordInContext, read?: ReadRecord): Promise<void> {
    const started = performance.now();
    const outcome = await this.outcomeOf(record, read ?? this.read(record.topic, record.partition, record.message));
    this.metrics.recordOutcome(record.topic, outcome, (performance.now() - started) / 1_000);
  }

  private async outcomeOf(record: RecordInContext, read: ReadRecord): Promise<EventOutcome> {
    if (read.kind === 'poison') return this.deadLetter(record, read.reason, read.error, 1, read.envelope);
    if (read.kind === 'skip') return 'skipped';
    const { event, handler } = read;
    const envelope = event.envelope;

    const maxAttempts = this.options.maxAttempts ?? 5;
    let failures = 0;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.apply(event, handler);
      } catch (error) {
        // A record redelivered after it was dead-lettered (crash, rebalance), or another copy of
        // its event, is not retried again.
        if (attempt === 1 && (await this.alreadyDeadLettered(record, envelope))) return 'dead-lettered';
        if (isPermanentEventError(error)) return this.deadLetter(record, 'rejected', error, attempt, envelope);
        const transient = isTransientDatabaseError(error);
        if (!transient && ++failures >= maxAttempts) return this.deadLetter(record, 'failed-repeatedly', error, attempt, envelope);
        this.metrics.recordRetry(transient ? 'transient' : 'failure');
        this.logger.warn('event failed; retrying', {
          group: this.options.group,
          eventId: envelope.id,
          type: envelope.type,
          attempt,
          transient,
          error: describeError(error),
        });
        await this.pause(attempt, record);
      }
    }
  }

  /** One transaction: inbox row, then the handler's changes. */
  private async apply(event: ReceivedEvent, handler: EventHandler): Promise<EventOutcome> {
    let duplicate = false;
    const work = async (manager: EntityManager) => {
      const first = await this.store.recordDelivery(manager, {
        group: this.options.group,
        source: event.envelope.source,
        eventId: event.envelope.id,
        eventType: event.envelope.type,
        topic: event.topic,
        partition: event.partition,
        offset: event.offset,
      });
      if (!first) {
        duplicate = true;
        return;
      }
      await handler(event, manager);
      await this.options.hooks?.insideTransaction?.(event);
    };
    const isolation = this.options.isolationLevel;
    await (isolation ? this.options.dataSource.transaction(isolation, work) : this.options.dataSource.transaction(work));
    if (duplicate) return 'duplicate';
    await this.options.hooks?.afterDatabaseCommit?.(event);
    return 'applied';
  }

  /** Dead-letters a poison record; Kafka or Postgres being down is waited out (skipping would drop it). */
  private async deadLetter(
    record: RecordInContext,
    reason: DeadLetterReason,
    error: unknown,
    attempts: number,
    envelope?: EventEnvelope,
  ): Promise<EventOutcome> {
    const poison = { topic: record.topic, partition: record.partition, message: record.message, reason, error, attempts, envelope };
    const progress = {};
    for (let attempt = 1; ; attempt++) {
      try {
        if (await this.deadLetters.send(poison, progress)) this.metrics.recordDeadLetter(this.deadLetters.logicalTopic(record.topic), reason);
        return 'dead-lettered';
      } catch (failure) {
        this.logger.warn('could not dead-letter a record yet; retrying', { group: this.options.group, error: describeError(failure) });
        await this.pause(attempt, record);
      }
    }
  }

  private async alreadyDeadLettered(record: RecordInContext, envelope: EventEnvelope): Promise<boolean> {
    return this.deadLetters.alreadySent(record.topic, record.partition, record.message, envelope).catch(() => false);
  }

  /** Waits before the next try, heartbeating; gives up when the consumer stops or loses the partition. */
  private async pause(attempt: number, record: RecordInContext): Promise<void> {
    const until = Date.now() + backoffDelay(attempt, this.options.backoff ?? CONSUMER_BACKOFF);
    while (Date.now() < until) {
      if (!record.active()) throw new ConsumerInterrupted();
      await new Promise((resolve) => setTimeout(resolve, Math.min(500, until - Date.now())));
      await record.heartbeat();
    }
    if (!record.active()) throw new ConsumerInterrupted();
  }
}
