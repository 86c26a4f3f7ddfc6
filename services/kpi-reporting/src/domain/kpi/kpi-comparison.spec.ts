import fc from 'fast-check';
import { emptyCounters, type KpiCounters } from './kpi-counters';
import { compareWithMedians, median } from './kpi-comparison';

const counters = (partial: Partial<KpiCounters>): KpiCounters => ({ ...emptyCounters(), ...partial });

describe('median', () => {
  it('takes the middle value of an odd count, whatever the order', () => {
    expect(median([9, 1, 5])).toBe(5);
    expect(median([7])).toBe(7);
  });

  it('takes the mean of the two middle values of an even count, to two decimals', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([10, 20])).toBe(15);
    expect(median([0.1, 0.2, 0.335, 100])).toBe(0.27);
  });

  it('leaves out missing values rather than counting them as zero', () => {
    expect(median([null, 3, undefined, 9, null])).toBe(6);
    expect(median([null, 5])).toBe(5);
    expect(median([0, null])).toBe(0);
  });

  it('is none when no value exists', () => {
    expect(median([])).toBeNull();
    expect(median([null, undefined])).toBeNull();
  });

  it('has as many values at or below it as at or above it', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 41 }), (values) => {
        const m = median(values) as number;
        expect(values.filter((v) => v <= m).length).toBeGreaterThanOrEqual(values.length / 2);
        expect(values.filter((v) => v >= m).length).toBeGreaterThanOrEqual(values.length / 2);
      }),
    );
  });
});

describe('comparison of a hub with its region and the nation', () => {
  const hubA = counters({ participants: 40, placements_offered: 4, placements_filled: 3 });
  const hubB = counters({ participants: 10, placements_offered: 0, placements_filled: 0 });
  const hubC = counters({ participants: 25, placements_offered: 2, placements_filled: 1 });
  const hubD = counters({ participants: 100, placements_offered: 10, placements_filled: 10 });

  it('computes each KPI per hub first, then takes the medians (rates are not ratios of sums here)', () => {
    const compared = compareWithMedians(hubA, [hubA, hubB, hubC], [hubA, hubB, hubC, hubD]);
    const participants = compared.find((k) => k.id === 'participants');
    expect(participants).toMatchObject({ value: 40, regionMedian: 25, nationalMedian: 32.5, regionHubsWithValue: 3, nationalHubsWithValue: 4 });
    const fillRate = compared.find((k) => k.id === 'placement_fill_rate');
    // hub B offered nothing: its rate is missing, not 0
    expect(fillRate).toMatchObject({ value: 75, regionMedian: 62.5, nationalMedian: 75, regionHubsWithValue: 2, nationalHubsWithValue: 3 });
  });

  it('has no medians when the region has no hubs', () => {
    const compared = compareWithMedians(hubA, [], [hubA]);
    expect(compared.find((k) => k.id === 'participants')).toMatchObject({ regionMedian: null, nationalMedian: 40, regionHubsWithValue: 0 });
  });
});
