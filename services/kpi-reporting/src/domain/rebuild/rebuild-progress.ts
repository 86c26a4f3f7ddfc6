/**
 * Progress of a projections rebuild: per topic partition, the events between the start of the
 * partition and its end when the rebuild began (the target), and how far the group has committed.
 */
export interface PartitionTarget {
  topic: string;
  partition: number;
  /** First offset on the partition when the rebuild began. */
  low: bigint;
  /** Offset after the last record when the rebuild began. */
  high: bigint;
}

export interface PartitionProgress {
  topic: string;
  partition: number;
  processed: number;
  total: number;
}

export interface RebuildProgress {
  processed: number;
  total: number;
  /** Whole percent, 100 when there was nothing to replay. */
  percent: number;
  done: boolean;
  partitions: PartitionProgress[];
}

/**
 * How far the group is through each partition's target; `committed` is the group's committed
 * offset (the next record it will read) by `topic:partition`, absent or negative when none.
 * Events appended after the rebuild began do not count.
 */
export function rebuildProgress(targets: readonly PartitionTarget[], committed: ReadonlyMap<string, bigint>): RebuildProgress {
  const partitions = targets.map((t) => {
    const total = Number(t.high - t.low);
    const position = committed.get(`${t.topic}:${t.partition}`) ?? -1n;
    const processed = position < t.low ? 0 : Math.min(total, Number(position - t.low));
    return { topic: t.topic, partition: t.partition, processed, total };
  });
  const processed = partitions.reduce((sum, p) => sum + p.processed, 0);
  const total = partitions.reduce((sum, p) => sum + p.total, 0);
  return { processed, total, percent: total === 0 ? 100 : Math.floor((processed * 100) / total), done: processed === total, partitions };
}

/** One line for a log or a terminal, e.g. `rebuild 3f…: 120000/200000 events (60%)`. */
export function progressLine(id: string, progress: RebuildProgress): string {
  return `rebuild ${id}: ${progress.processed}/${progress.total} events (${progress.percent}%)${progress.done ? ' done' : ''}`;
}
