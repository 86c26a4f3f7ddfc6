import type { ClaimedEvent } from './claimed-event';
import { keyRuns, planRetry, topicRecords } from './relay-plan';

const event = (seq: number, topic: string, key: string, attempts = 0): ClaimedEvent => ({
  seq: String(seq),
  eventId: `00000000-0000-7000-8000-${String(seq).padStart(12, '0')}`,
  topic,
  partitionKey: key,
  eventType: 'uk.nhs.traininghubs.placements.placement_filled.v1',
  payload: Buffer.from(`event ${seq}`),
  headers: { ce_id: String(seq) },
  attempts,
  createdAt: new Date(0),
});

const PLACEMENT = 'traininghubs.placements.placement.v1';
const HUB = 'traininghubs.hubregistry.hub.v1';

describe('relay planning', () => {
  it('turns claimed events into records per topic, in seq order, under the physical topic name', () => {
    const records = topicRecords([event(1, PLACEMENT, 'a'), event(2, HUB, 'h'), event(3, PLACEMENT, 'b'), event(4, PLACEMENT, 'a')], (t) => `test.${t}`);
    expect(records.map((r) => [r.topic, r.messages.map((m) => `${m.key}:${m.value.toString()}`)])).toEqual([
      [`test.${PLACEMENT}`, ['a:event 1', 'b:event 3', 'a:event 4']],
      [`test.${HUB}`, ['h:event 2']],
    ]);
  });

  it('groups events into runs per topic and key, oldest first (seq compared as numbers)', () => {
    const runs = keyRuns([event(10, PLACEMENT, 'a'), event(9, PLACEMENT, 'a'), event(100, PLACEMENT, 'b'), event(11, HUB, 'a')]);
    expect(runs.map((run) => run.map((e) => e.seq))).toEqual([['9', '10'], ['11'], ['100']]);
  });

  it('backs off each key at its head and releases the events behind it', () => {
    const plan = planRetry([event(1, PLACEMENT, 'a', 2), event(2, PLACEMENT, 'a'), event(3, PLACEMENT, 'b')], 'broker down', 30, {
      initialDelayMs: 1_000,
      maxDelayMs: 300_000,
      jitter: 0,
    });
    expect(plan.backOff).toEqual([
      { seq: '1', delayMs: 4_000, error: 'broker down' },
      { seq: '3', delayMs: 1_000, error: 'broker down' },
    ]);
    expect(plan.release).toEqual(['2']);
    expect(plan.deadLetter).toEqual([]);
  });

  it('dead-letters a head that has used up its attempts and frees its key', () => {
    const plan = planRetry([event(1, PLACEMENT, 'a', 4), event(2, PLACEMENT, 'a')], 'timeout', 5, { initialDelayMs: 1, maxDelayMs: 1 });
    expect(plan.deadLetter).toEqual([{ seq: '1', reason: 'attempts-exhausted', error: 'timeout' }]);
    expect(plan.backOff).toEqual([]);
    expect(plan.release).toEqual(['2']);
  });
});
