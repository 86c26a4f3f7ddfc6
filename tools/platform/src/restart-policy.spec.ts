import { RestartPolicy } from './restart-policy';

describe('restarting a service that exited', () => {
  it('restarts at once, then after doubling delays up to the maximum', () => {
    const policy = new RestartPolicy({ initialDelayMs: 1_000, maxDelayMs: 5_000, stableAfterMs: 60_000 });
    expect([1, 2, 3, 4, 5].map(() => policy.delayAfterExit(500))).toEqual([0, 1_000, 2_000, 4_000, 5_000]);
    expect(policy.consecutiveFailures).toBe(5);
  });

  it('starts again from no delay after a stable run', () => {
    const policy = new RestartPolicy({ stableAfterMs: 60_000 });
    policy.delayAfterExit(100);
    policy.delayAfterExit(100);
    expect(policy.delayAfterExit(61_000)).toBe(0);
    expect(policy.delayAfterExit(100)).toBe(1_000);
  });
});
