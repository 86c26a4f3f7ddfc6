import { progressLine, rebuildProgress, type PartitionTarget } from './rebuild-progress';

const targets: PartitionTarget[] = [
  { topic: 'hub', partition: 0, low: 0n, high: 10n },
  { topic: 'hub', partition: 1, low: 5n, high: 25n },
  { topic: 'session', partition: 0, low: 0n, high: 0n },
];

describe('rebuild progress', () => {
  it('counts nothing processed before the group has committed', () => {
    expect(rebuildProgress(targets, new Map())).toMatchObject({ processed: 0, total: 30, percent: 0, done: false });
  });

  it("counts committed offsets from each partition's first record, up to its end when the rebuild began", () => {
    const progress = rebuildProgress(targets, new Map([['hub:0', 4n], ['hub:1', 15n]]));
    expect(progress).toMatchObject({ processed: 14, total: 30, percent: 46, done: false });
    expect(progress.partitions).toEqual([
      { topic: 'hub', partition: 0, processed: 4, total: 10 },
      { topic: 'hub', partition: 1, processed: 10, total: 20 },
      { topic: 'session', partition: 0, processed: 0, total: 0 },
    ]);
  });

  it('is done when every partition reaches its target, ignoring events appended since', () => {
    const progress = rebuildProgress(targets, new Map([['hub:0', 12n], ['hub:1', 25n], ['session:0', 3n]]));
    expect(progress).toMatchObject({ processed: 30, total: 30, percent: 100, done: true });
    expect(progressLine('r1', progress)).toBe('rebuild r1: 30/30 events (100%) done');
  });

  it('is done at once when there is nothing to replay', () => {
    expect(rebuildProgress([], new Map())).toMatchObject({ processed: 0, total: 0, percent: 100, done: true });
  });
});
