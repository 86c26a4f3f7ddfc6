import type { KpiCounters } from './kpi-counters';
import { computeKpis, type KpiValue } from './kpi-definitions';

/**
 * The median of the values that exist: a hub whose KPI has no value (a rate with no
 * denominator) is left out rather than counted as zero. Odd count: the middle value; even: the
 * mean of the two middle values (to two decimals); none at all: null.
 */
export function median(values: readonly (number | null | undefined)[]): number | null {
  const present = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (present.length === 0) return null;
  const middle = Math.floor(present.length / 2);
  const value = present.length % 2 === 1 ? present[middle] : (present[middle - 1] + present[middle]) / 2;
  return Math.round(value * 100) / 100;
}

export interface KpiComparison extends KpiValue {
  regionMedian: number | null;
  nationalMedian: number | null;
  /** Hubs of the region (at the period end) whose KPI has a value. */
  regionHubsWithValue: number;
  nationalHubsWithValue: number;
}

/** A hub's KPIs beside the medians of its region's hubs and of every hub, each hub's KPIs computed from its own counters. */
export function compareWithMedians(hub: KpiCounters, regionHubs: readonly KpiCounters[], nationalHubs: readonly KpiCounters[]): KpiComparison[] {
  const region = regionHubs.map(computeKpis);
  const nation = nationalHubs.map(computeKpis);
  const valuesOf = (all: KpiValue[][], index: number) => all.map((kpis) => kpis[index].value);
  return computeKpis(hub).map((kpi, index) => {
    const regionValues = valuesOf(region, index);
    const nationalValues = valuesOf(nation, index);
    return {
      ...kpi,
      regionMedian: median(regionValues),
      nationalMedian: median(nationalValues),
      regionHubsWithValue: regionValues.filter((v) => v !== null).length,
      nationalHubsWithValue: nationalValues.filter((v) => v !== null).length,
    };
  });
}
