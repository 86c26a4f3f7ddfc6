import { HttpException } from '@nestjs/common';
import type { Caller } from '@traininghubs/auth';
import { HubScope } from './hub-scope';

const HUB = '0b9c8f52-4f6f-4c59-9f43-2a3f8d9a1e01';
const OTHER = '5d6e7f80-1a2b-4c3d-8e9f-0a1b2c3d4e5f';
const directory = {
  positionOf: async (id: string) => (id === HUB ? { hubId: HUB, icbCode: 'QOX', regionCode: 'Y58' } : undefined),
  on: async (id: string, day: string) =>
    id === HUB
      ? { name: 'BSW Training Hub', span: { activeFrom: '2020-04-01', activeUntil: null }, position: { hubId: HUB, icbCode: day < '2026-04-01' ? 'QOX' : 'QOX2', regionCode: 'Y58' } }
      : undefined,
};
const scope = new HubScope(directory, { unknownHubWaitMs: 200 });
const hubAdmin: Caller = { subject: 'admin', role: 'hub_admin', scope: { kind: 'hub', hubId: HUB } };
const icb: Caller = { subject: 'icb', role: 'icb', scope: { kind: 'icb', code: 'QOX' } };

const statusOf = async (work: Promise<unknown>) => {
  try {
    await work;
    return 200;
  } catch (error) {
    return error instanceof HttpException ? error.getStatus() : 500;
  }
};

describe('HubScope', () => {
  it('answers a hub it has not heard of with a retryable 503, after waiting a bounded time for it', async () => {
    const started = Date.now();
    await expect(scope.knownHub(OTHER)).rejects.toMatchObject({ response: { code: 'hub-not-known-yet', retryAfterSeconds: 2 } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    expect(await statusOf(scope.knownHub(OTHER))).toBe(503);
    expect(await scope.knownHub(HUB)).toEqual({ hubId: HUB, icbCode: 'QOX', regionCode: 'Y58' });
  });

  it('takes a hub that reaches the directory while it waits: register, then add a record at once', async () => {
    let arrived = false;
    const late = new HubScope(
      { positionOf: async (id: string) => (arrived && id === OTHER ? { hubId: OTHER, icbCode: 'QMF', regionCode: 'Y56' } : undefined), on: async () => undefined },
      { unknownHubWaitMs: 2_000 },
    );
    setTimeout(() => (arrived = true), 150);
    expect(await late.knownHub(OTHER)).toEqual({ hubId: OTHER, icbCode: 'QMF', regionCode: 'Y56' });
  });

  it("lets a hub admin and the hub's ICB at its hub's records, and hides other hubs' records", async () => {
    expect(await statusOf(scope.assertCanWrite(hubAdmin, HUB, 'x'))).toBe(200);
    expect(await statusOf(scope.assertCanRead(icb, HUB, 'x'))).toBe(200);
    expect(await statusOf(scope.assertCanRead(hubAdmin, OTHER, 'x'))).toBe(404);
  });

  it('places a record by its own day, and refuses a day before the hub operated with a coded 422', async () => {
    expect(await scope.knownHubOn(HUB, '2025-06-02')).toEqual({ hubId: HUB, icbCode: 'QOX', regionCode: 'Y58' });
    expect((await scope.knownHubOn(HUB, '2026-06-02')).icbCode).toBe('QOX2');
    await expect(scope.knownHubOn(HUB, '2020-03-31')).rejects.toMatchObject({
      response: { code: 'outside-hub-active-span', detail: 'BSW Training Hub is active from 2020-04-01: a record dated 2020-03-31 is before it' },
    });
    expect(await statusOf(scope.knownHubOn(OTHER, '2025-06-02'))).toBe(503);
  });
});
