import type { Registry } from 'prom-client';
import { counter, histogram } from '../support/metric';
import { Gauge } from 'prom-client';

export type EventOutcome = 'applied' | 'duplicate' | 'skipped' | 'dead-lettered';

/** A consumer group's Prometheus metrics. */
export class ConsumerMetrics {
  private readonly events;
  private readonly deadLetters;
  private readonly retries;
  private readonly duration;
  private readonly lag: Gauge<'group' | 'topic' | 'partition'>;

  constructor(
    registry: Registry | undefined,
    private readonly group: string,
  ) {
    this.events = counter(registry, 'traininghubs_consumer_events_total', 'Events consumed, by outcome', ['group', 'topic', 'outcome']);
    this.deadLetters = counter(registry, 'traininghubs_consumer_dead_letters_total', 'Records sent to a dead-letter topic', ['group', 'topic', 'reason']);
    this.retries = counter(registry, 'traininghubs_consumer_retries_total', 'In-process retries of an event', ['group', 'kind']);
    this.duration = histogram(registry, 'traininghubs_consumer_event_duration_seconds', 'Time to apply one event, retries included', ['group'], [
      0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5, 30,
    ]);
    const name = 'traininghubs_consumer_lag';
    this.lag =
      (registry?.getSingleMetric(name) as Gauge<'group' | 'topic' | 'partition'> | undefined) ??
      new Gauge({ name, help: 'Records behind the end of the partition after the last batch', labelNames: ['group', 'topic', 'partition'], registers: registry ? [registry] : [] });
  }

  recordOutcome(topic: string, outcome: EventOutcome, seconds: number): void {
    this.events.inc({ group: this.group, topic, outcome });
    this.duration.observe({ group: this.group }, seconds);
  }

  recordDeadLetter(topic: string, reason: string): void {
    this.deadLetters.inc({ group: this.group, topic, reason });
  }

  recordRetry(kind: 'transient' | 'failure'): void {
    this.retries.inc({ group: this.group, kind });
  }

  recordLag(topic: string, partition: number, lag: number): void {
    this.lag.set({ group: this.group, topic, partition: String(partition) }, Math.max(0, lag));
  }
}
