import type { Registry } from 'prom-client';
import { counter, histogram, sampledGauge } from '../support/metric';

type Backlog = () => Promise<{ events: number; oldestAgeSeconds: number }>;

/** The relay's Prometheus metrics, labelled by the service schema whose outbox it drains. */
export class RelayMetrics {
  private readonly published;
  private readonly latency;
  private readonly deadLetters;
  private readonly failures;
  private readonly leaseLost;
  private readonly backlogSample: (gauge: { set(labels: { schema: string }, value: number): void }) => Promise<void>;
  private readonly ageSample: (gauge: { set(labels: { schema: string }, value: number): void }) => Promise<void>;
  private readonly backlogGauge;
  private readonly ageGauge;

  constructor(
    registry: Registry | undefined,
    private readonly schema: string,
    backlog: Backlog,
  ) {
    this.published = counter(registry, 'traininghubs_outbox_published_total', 'Outbox events acknowledged by Kafka', ['schema', 'topic']);
    this.latency = histogram(
      registry,
      'traininghubs_outbox_publish_latency_seconds',
      'Time from writing an outbox event to its acknowledgement by Kafka',
      ['schema'],
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    );
    this.deadLetters = counter(registry, 'traininghubs_outbox_dead_letters_total', 'Outbox events moved to the dead-letter table', [
      'schema',
      'topic',
      'reason',
    ]);
    this.failures = counter(registry, 'traininghubs_outbox_publish_failures_total', 'Failed publish attempts', ['schema', 'kind']);
    this.leaseLost = counter(
      registry,
      'traininghubs_outbox_lease_lost_total',
      'Claimed events another relay took over before this one could mark them',
      ['schema'],
    );
    this.backlogGauge = sampledGauge(registry, 'traininghubs_outbox_backlog_events', 'Outbox events not yet published', ['schema']);
    this.ageGauge = sampledGauge(
      registry,
      'traininghubs_outbox_oldest_unsent_age_seconds',
      'Age of the oldest unpublished outbox event',
      ['schema'],
    );
    // One query serves both gauges of a scrape.
    let pending: ReturnType<Backlog> | undefined;
    const sample = () => (pending ??= backlog().finally(() => setTimeout(() => (pending = undefined), 100)));
    this.backlogSample = async (gauge) => gauge.set({ schema }, (await sample()).events);
    this.ageSample = async (gauge) => gauge.set({ schema }, (await sample()).oldestAgeSeconds);
    // The backlog is reported whether or not the relay runs: a stopped relay is when it grows.
    this.backlogGauge.sources.add(this.backlogSample);
    this.ageGauge.sources.add(this.ageSample);
  }

  recordPublished(events: ReadonlyArray<{ topic: string; createdAt: Date }>, acknowledgedAt: number): void {
    for (const event of events) {
      this.published.inc({ schema: this.schema, topic: event.topic });
      this.latency.observe({ schema: this.schema }, Math.max(0, (acknowledgedAt - event.createdAt.getTime()) / 1_000));
    }
  }

  recordDeadLetters(events: ReadonlyArray<{ topic: string; reason: string }>): void {
    for (const event of events) this.deadLetters.inc({ schema: this.schema, topic: event.topic, reason: event.reason });
  }

  recordFailure(kind: string): void {
    this.failures.inc({ schema: this.schema, kind });
  }

  recordLeaseLost(events: number): void {
    if (events > 0) this.leaseLost.inc({ schema: this.schema }, events);
  }
}
