import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { KafkaConnection, KafkaProducer } from '../kafka/kafka-connection';
import { classifyPublishError, type PublishFailureKind } from '../kafka/publish-errors';
import { clientConfigFrom, NotificationListener } from '../postgres/notification-listener';
import { schemaOf } from '../postgres/sql-names';
import { backoffDelay, RELAY_BACKOFF, type BackoffPolicy } from '../retry/backoff';
import { describeError } from '../support/describe-error';
import { defaultMessagingLogger, type MessagingLogger } from '../support/messaging-logger';
import { sleep } from '../support/sleep';
import { orderingKey, type ClaimedEvent } from './claimed-event';
import { OutboxStore, type DeadLetterEntry } from './outbox-store';
import { RelayMetrics } from './relay-metrics';
import { planRetry, topicRecords } from './relay-plan';

/** Points where fault tests can stall or kill a relay. */
export interface RelayHooks {
  /** After the claim committed, before publishing. */
  afterClaim?(events: readonly ClaimedEvent[]): Promise<void> | void;
  /** After Kafka acknowledged the events, before they are marked sent. */
  afterPublish?(events: readonly ClaimedEvent[]): Promise<void> | void;
}

export interface OutboxRelayOptions {
  dataSource: DataSource;
  connection: KafkaConnection;
  /** The outbox's schema; defaults to the data source's. */
  schema?: string;
  /** This instance's name in leases; defaults to host, process id and a random tag. */
  owner?: string;
  /** Most events per publish (default 500). */
  batchSize?: number;
  /** Most events of one key per publish (default 100). */
  maxEventsPerKey?: number;
  /** How long a claim is this relay's alone (default 30 s). */
  leaseMs?: number;
  /** Fallback polling when no notification arrives (default 1 s). */
  pollIntervalMs?: number;
  /** Wake on `NOTIFY` from writers (default true). */
  listen?: boolean;
  /** Attempts before an event that keeps failing with retriable errors is dead-lettered (default 30). */
  maxAttempts?: number;
  /** Per-key backoff after a failed attempt (default 1 s doubling to 5 min, jittered). */
  backoff?: BackoffPolicy;
  /** Retries inside the Kafka client before a failure comes back to the relay (default 5). */
  producerRetries?: number;
  /** How long the broker may wait for all in-sync replicas to acknowledge (default 10 s, well inside the lease). */
  acknowledgementTimeoutMs?: number;
  registry?: Registry;
  logger?: MessagingLogger;
  hooks?: RelayHooks;
}

/** What one claim-publish-mark cycle did. */
export interface RelayCycle {
  claimed: number;
  published: number;
  deadLettered: number;
  backedOff: number;
  /** Claimed events this relay could not mark because its lease had passed to another. */
  leaseLost: number;
  failure?: PublishFailureKind;
}

/** A leased batch and when its claim committed (the lease runs from then). */
interface Claim {
  events: ClaimedEvent[];
  claimedAt: number;
}

/** The relay's own pause after a failed cycle (the broker is likely down): 200 ms doubling to 30 s. */
const LOOP_BACKOFF: BackoffPolicy = { initialDelayMs: 200, maxDelayMs: 30_000 };

/**
 * Publishes a service's outbox to Kafka, in order per key, at least once.
 *
 * Each cycle claims a batch (see `OutboxStore.claim`), sends it with `acks: -1` (every in-sync
 * replica), and deletes the acknowledged rows — delete-on-send keeps the table as small as the
 * backlog. Several relays may run against one outbox: claims take whole key runs, and a relay
 * whose lease lapsed (paused, partitioned) cannot mark anything; its late publish only duplicates
 * records, which consumers' inboxes absorb.
 */
export class OutboxRelay {
  readonly owner: string;
  readonly store: OutboxStore;
  private readonly metrics: RelayMetrics;
  private readonly logger: MessagingLogger;
  private readonly settings: Required<Pick<OutboxRelayOptions, 'batchSize' | 'maxEventsPerKey' | 'leaseMs' | 'pollIntervalMs' | 'maxAttempts' | 'backoff' | 'acknowledgementTimeoutMs'>>;
  private producer?: KafkaProducer;
  private producerConnected = false;
  private listener?: NotificationListener;
  private running = false;
  private loopDone?: Promise<void>;
  private wake = new AbortController();
  private stopping = new AbortController();

  constructor(private readonly options: OutboxRelayOptions) {
    const schema = options.schema ?? schemaOf(options.dataSource);
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
    this.store = new OutboxStore(options.dataSource, schema);
    this.logger = options.logger ?? defaultMessagingLogger;
    this.metrics = new RelayMetrics(options.registry, schema, () => this.store.backlog());
    this.settings = {
      batchSize: options.batchSize ?? 500,
      maxEventsPerKey: options.maxEventsPerKey ?? 100,
      leaseMs: options.leaseMs ?? 30_000,
      pollIntervalMs: options.pollIntervalMs ?? 1_000,
      maxAttempts: options.maxAttempts ?? 30,
      backoff: options.backoff ?? RELAY_BACKOFF,
      acknowledgementTimeoutMs: options.acknowledgementTimeoutMs ?? 10_000,
    };
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Starts the publishing loop in the background; Kafka or Postgres being down is retried. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopping = new AbortController();
    if (this.options.listen ?? true) {
      this.listener = new NotificationListener(
        clientConfigFrom(this.options.dataSource.options, `outbox-relay ${this.owner}`),
        this.store.tables.channel,
        () => this.poke(),
        this.logger,
      );
      this.listener.start();
    }
    this.loopDone = this.loop();
    this.logger.info('outbox relay started', { owner: this.owner, schema: this.store.tables.schema });
  }

  /** Stops after the batch in flight is published and marked; then disconnects (also after `runOnce` alone). */
  async stop(): Promise<void> {
    const wasRunning = this.running;
    this.running = false;
    this.stopping.abort();
    this.poke();
    await this.loopDone;
    this.loopDone = undefined;
    await this.listener?.stop();
    this.listener = undefined;
    if (this.producer) await this.producer.disconnect().catch(() => undefined);
    this.producer = undefined;
    this.producerConnected = false;
    if (wasRunning) this.logger.info('outbox relay stopped', { owner: this.owner });
  }

  /** One cycle: claim, publish, mark. Public so tests can drive the relay step by step. */
  async runOnce(): Promise<RelayCycle> {
    return this.deliver(await this.claim());
  }

  /** Leases the next batch (see `OutboxStore.claim`), ahead of `inFlight` while that batch is being published. */
  private async claim(inFlight: readonly ClaimedEvent[] = []): Promise<Claim> {
    const events = await this.store.claim(this.owner, {
      behindBatch: inFlight.map((e) => e.seq),
      batchSize: this.settings.batchSize,
      maxKeys: this.settings.batchSize,
      maxRowsPerKey: this.settings.maxEventsPerKey,
      // Enough of the oldest due rows to find a batch's worth of keys; more only costs time.
      scanWindow: Math.max(Math.ceil(this.settings.batchSize * 1.5), 100),
      leaseMs: this.settings.leaseMs,
    });
    return { events, claimedAt: performance.now() };
  }

  /** Publishes a claimed batch and marks it sent (or backs off, or dead-letters). */
  private async deliver({ events, claimedAt }: Claim): Promise<RelayCycle> {
    const { leaseMs } = this.settings;
    const cycle: RelayCycle = { claimed: events.length, published: 0, deadLettered: 0, backedOff: 0, leaseLost: 0 };
    if (events.length === 0) return cycle;
    await this.options.hooks?.afterClaim?.(events);
    // Publishing on a lease about to lapse would race the relay that takes the key over next.
    if (performance.now() - claimedAt > leaseMs - Math.min(leaseMs / 4, 5_000)) {
      this.logger.warn('outbox claim expired before publishing; leaving it to the next claim', { owner: this.owner, events: events.length });
      cycle.leaseLost = events.length;
      this.metrics.recordLeaseLost(events.length);
      return cycle;
    }

    try {
      const producer = await this.connectedProducer();
      await producer.sendBatch({ acks: -1, timeout: this.settings.acknowledgementTimeoutMs, topicMessages: this.records(events) });
    } catch (error) {
      cycle.failure = classifyPublishError(error);
      this.metrics.recordFailure(cycle.failure);
      this.logger.warn('outbox publish failed', { owner: this.owner, events: events.length, kind: cycle.failure, error: describeError(error) });
      if (cycle.failure === 'retriable') await this.retryLater(events, describeError(error), cycle);
      else await this.publishOneByOne(events, cycle);
      return cycle;
    }
    const acknowledgedAt = Date.now();
    await this.options.hooks?.afterPublish?.(events);
    await this.markSent(events, acknowledgedAt, cycle);
    return cycle;
  }

  /**
   * Claims and delivers until stopped. While a batch is being published the next one is claimed
   * (the database and the broker work at the same time). That claim may continue the keys in
   * flight, so it is published only after the batch before it was sent and marked in full; after
   * any failure, lost lease or stop it is given back unpublished, and nothing is claimed ahead
   * until a cycle goes cleanly again.
   */
  private async loop(): Promise<void> {
    let failures = 0;
    let ahead: Promise<Claim> | undefined;
    while (this.running) {
      let cycle: RelayCycle | undefined;
      try {
        const claim = await (ahead ?? this.claim());
        ahead = undefined;
        if (claim.events.length > 0 && failures === 0 && this.running) {
          ahead = this.claim(claim.events);
          ahead.catch(() => undefined); // surfaces when awaited next round
        }
        cycle = await this.deliver(claim);
        failures = cycle.failure === 'retriable' ? failures + 1 : 0;
      } catch (error) {
        failures += 1;
        this.logger.error('outbox relay cycle failed', { owner: this.owner, error: describeError(error) });
      }
      if (ahead && (!cycle || cycle.published < cycle.claimed || !this.running)) {
        await this.giveBack(ahead);
        ahead = undefined;
      }
      if (!this.running) break;
      if (failures > 0) await sleep(backoffDelay(failures, LOOP_BACKOFF), this.stopping.signal);
      else if (!cycle || cycle.claimed === 0) await this.idle();
    }
  }

  /** Releases a claim made ahead that must not be published now (see `loop`). */
  private async giveBack(claim: Promise<Claim>): Promise<void> {
    try {
      const { events } = await claim;
      await this.store.release(this.owner, events.map((e) => e.seq));
    } catch (error) {
      // The lease lapses on its own; nothing is lost.
      this.logger.warn('could not release a prefetched outbox claim', { owner: this.owner, error: describeError(error) });
    }
  }

  /** Waits for a notification, the polling interval or stop. */
  private async idle(): Promise<void> {
    // A notification during the last cycle has already aborted `wake`: go round again at once.
    await sleep(this.settings.pollIntervalMs, this.wake.signal);
    if (this.wake.signal.aborted) this.wake = new AbortController();
  }

  private poke(): void {
    this.wake.abort();
  }

  private async connectedProducer(): Promise<KafkaProducer> {
    this.producer ??= this.options.connection.producer({ retries: this.options.producerRetries });
    if (!this.producerConnected) {
      await this.producer.connect();
      this.producerConnected = true;
    }
    return this.producer;
  }

  private records(events: readonly ClaimedEvent[]) {
    return topicRecords(events, (logical) => this.options.connection.topic(logical));
  }

  private async markSent(events: readonly ClaimedEvent[], acknowledgedAt: number, cycle: RelayCycle): Promise<void> {
    const marked = new Set(await this.store.markSent(this.owner, events.map((e) => e.seq)));
    const sent = events.filter((e) => marked.has(e.seq));
    cycle.published += sent.length;
    this.metrics.recordPublished(sent, acknowledgedAt);
    const lost = events.length - sent.length;
    if (lost > 0) {
      cycle.leaseLost += lost;
      this.metrics.recordLeaseLost(lost);
      this.logger.warn('outbox lease lost: events published late are duplicates', { owner: this.owner, events: lost });
    }
  }

  private async retryLater(events: readonly ClaimedEvent[], error: string, cycle: RelayCycle): Promise<void> {
    const plan = planRetry(events, error, this.settings.maxAttempts, this.settings.backoff);
    cycle.backedOff += (await this.store.backOff(this.owner, plan.backOff)).length;
    await this.deadLetter(events, plan.deadLetter, cycle);
    await this.store.release(this.owner, plan.release);
  }

  /**
   * A batch held a record Kafka will never accept: publish one event at a time to find it. A
   * rejected event is dead-lettered and its key moves on; a retriable failure holds its key back.
   */
  private async publishOneByOne(events: readonly ClaimedEvent[], cycle: RelayCycle): Promise<void> {
    const producer = await this.connectedProducer();
    const blocked = new Set<string>();
    const sent: ClaimedEvent[] = [];
    const rejected: DeadLetterEntry[] = [];
    const failed: ClaimedEvent[] = [];
    const released: string[] = [];
    let failure = '';
    for (const event of events) {
      const key = orderingKey(event);
      if (blocked.has(key)) {
        released.push(event.seq);
        continue;
      }
      try {
        await producer.sendBatch({ acks: -1, timeout: this.settings.acknowledgementTimeoutMs, topicMessages: this.records([event]) });
        sent.push(event);
      } catch (error) {
        if (classifyPublishError(error) === 'record-rejected') {
          rejected.push({ seq: event.seq, reason: 'record-rejected', error: describeError(error) });
        } else {
          blocked.add(key);
          failed.push(event);
          failure = describeError(error);
        }
      }
    }
    await this.options.hooks?.afterPublish?.(sent);
    await this.markSent(sent, Date.now(), cycle);
    await this.deadLetter(events, rejected, cycle);
    const retry = planRetry(failed, failure, this.settings.maxAttempts, this.settings.backoff);
    cycle.backedOff += (await this.store.backOff(this.owner, retry.backOff)).length;
    await this.deadLetter(events, retry.deadLetter, cycle);
    await this.store.release(this.owner, released);
  }

  private async deadLetter(events: readonly ClaimedEvent[], entries: readonly DeadLetterEntry[], cycle: RelayCycle): Promise<void> {
    if (entries.length === 0) return;
    const moved = new Set(await this.store.deadLetter(this.owner, entries));
    cycle.deadLettered += moved.size;
    const bySeq = new Map(events.map((e) => [e.seq, e]));
    const dead = entries.filter((e) => moved.has(e.seq)).map((e) => ({ topic: bySeq.get(e.seq)?.topic ?? 'unknown', reason: e.reason }));
    this.metrics.recordDeadLetters(dead);
    for (const entry of entries.filter((e) => moved.has(e.seq))) {
      this.logger.error('outbox event dead-lettered', { owner: this.owner, seq: entry.seq, reason: entry.reason, error: entry.error });
    }
  }
}
