import { backoffCeiling, backoffDelay, RELAY_BACKOFF } from './backoff';

describe('backoff', () => {
  it('doubles from one second to a five-minute ceiling', () => {
    const ceilings = Array.from({ length: 12 }, (_, i) => backoffCeiling(i + 1, RELAY_BACKOFF));
    expect(ceilings).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 256_000, 300_000, 300_000, 300_000]);
  });

  it('never overflows for very large attempt numbers', () => {
    expect(backoffCeiling(10_000, RELAY_BACKOFF)).toBe(300_000);
  });

  it('draws the delay from the top half of the ceiling', () => {
    expect(backoffDelay(3, RELAY_BACKOFF, () => 0)).toBe(4_000);
    expect(backoffDelay(3, RELAY_BACKOFF, () => 0.999999)).toBe(2_000);
    expect(backoffDelay(3, RELAY_BACKOFF, () => 0.5)).toBe(3_000);
  });

  it('spreads delays of many retries of the same attempt', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(5, RELAY_BACKOFF)));
    expect(delays.size).toBeGreaterThan(10);
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(8_000);
      expect(delay).toBeLessThanOrEqual(16_000);
    }
  });

  it('can be used without jitter', () => {
    expect(backoffDelay(2, { initialDelayMs: 100, maxDelayMs: 1_000, jitter: 0 }, () => 0.7)).toBe(200);
  });

  it('rejects attempt numbers below one', () => {
    expect(() => backoffCeiling(0, RELAY_BACKOFF)).toThrow(RangeError);
  });
});
