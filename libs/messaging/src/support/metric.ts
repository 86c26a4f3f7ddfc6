import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/**
 * Metrics registered once per registry: several relays or consumers in one process (tests, a
 * benchmark) share them. Without a registry a metric is kept but exported nowhere.
 */
export function counter<L extends string>(registry: Registry | undefined, name: string, help: string, labelNames: L[]): Counter<L> {
  const existing = registry?.getSingleMetric(name) as Counter<L> | undefined;
  return existing ?? new Counter({ name, help, labelNames, registers: registry ? [registry] : [] });
}

export function histogram<L extends string>(
  registry: Registry | undefined,
  name: string,
  help: string,
  labelNames: L[],
  buckets: number[],
): Histogram<L> {
  const existing = registry?.getSingleMetric(name) as Histogram<L> | undefined;
  return existing ?? new Histogram({ name, help, labelNames, buckets, registers: registry ? [registry] : [] });
}

/** A gauge read at scrape time from every source that joined it (each sets its own labels). */
export function sampledGauge<L extends string>(
  registry: Registry | undefined,
  name: string,
  help: string,
  labelNames: L[],
): { gauge: Gauge<L>; sources: Set<(gauge: Gauge<L>) => Promise<void>> } {
  const existing = registry?.getSingleMetric(name) as Gauge<L> | undefined;
  if (existing) {
    const sources = SOURCES.get(existing) as Set<(gauge: Gauge<L>) => Promise<void>> | undefined;
    if (sources) return { gauge: existing, sources };
  }
  const sources = new Set<(gauge: Gauge<L>) => Promise<void>>();
  const gauge = new Gauge<L>({
    name,
    help,
    labelNames,
    registers: registry ? [registry] : [],
    async collect() {
      await Promise.all([...sources].map((sample) => sample(this).catch(() => undefined)));
    },
  });
  SOURCES.set(gauge, sources as Set<(gauge: Gauge<string>) => Promise<void>>);
  return { gauge, sources };
}

const SOURCES = new WeakMap<Gauge<string>, Set<(gauge: Gauge<string>) => Promise<void>>>();
