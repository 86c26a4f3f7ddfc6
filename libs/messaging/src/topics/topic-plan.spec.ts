import type { DesiredTopic } from './topic-manifest';
import { fitToCluster, planTopics, type ExistingTopic } from './topic-plan';

const placements: DesiredTopic = {
  name: 'traininghubs.placements.placement.v1',
  kind: 'stream',
  partitions: 6,
  replicationFactor: 3,
  config: { 'cleanup.policy': 'delete', 'retention.ms': '-1', 'min.insync.replicas': '2' },
};

const existing = (topic: Partial<ExistingTopic>): ExistingTopic => ({
  name: placements.name,
  partitions: 6,
  replicationFactor: 3,
  config: { 'cleanup.policy': 'delete', 'retention.ms': '-1', 'min.insync.replicas': '2', 'segment.bytes': '1073741824' },
  overrides: { 'retention.ms': '-1', 'min.insync.replicas': '2' },
  ...topic,
});

describe('fitting topics to the cluster', () => {
  it('runs a production topic on one local broker with one replica and one in-sync replica', () => {
    const fitted = fitToCluster(placements, 1);
    expect(fitted.replicationFactor).toBe(1);
    expect(fitted.config['min.insync.replicas']).toBe('1');
    expect(placements.config['min.insync.replicas']).toBe('2');
  });

  it('keeps the manifest settings on a cluster big enough', () => {
    expect(fitToCluster(placements, 5)).toEqual(placements);
  });

  it('lets the caller ask for fewer replicas than the manifest', () => {
    const fitted = fitToCluster(placements, 5, 2);
    expect(fitted.replicationFactor).toBe(2);
    expect(fitted.config['min.insync.replicas']).toBe('2');
  });
});

describe('planning topic changes', () => {
  it('creates topics that are missing', () => {
    const plan = planTopics([placements], new Map());
    expect(plan.create).toEqual([placements]);
    expect(plan.unchanged).toEqual([]);
  });

  it('changes nothing when the cluster matches', () => {
    const plan = planTopics([placements], new Map([[placements.name, existing({})]]));
    expect(plan).toEqual({ create: [], addPartitions: [], alterConfig: [], unchanged: [placements.name], warnings: [] });
  });

  it('raises partition counts but never lowers them', () => {
    const raise = planTopics([placements], new Map([[placements.name, existing({ partitions: 3 })]]));
    expect(raise.addPartitions).toEqual([{ topic: placements.name, from: 3, to: 6 }]);
    const lower = planTopics([placements], new Map([[placements.name, existing({ partitions: 12 })]]));
    expect(lower.addPartitions).toEqual([]);
    expect(lower.unchanged).toEqual([placements.name]);
    expect(lower.warnings[0]).toMatch(/12 partitions.*never reduced/);
  });

  it('alters settings that differ and keeps other topic-level overrides', () => {
    const current = existing({
      config: { 'cleanup.policy': 'delete', 'retention.ms': '604800000', 'min.insync.replicas': '2', 'max.message.bytes': '2000000' },
      overrides: { 'retention.ms': '604800000', 'max.message.bytes': '2000000' },
    });
    const plan = planTopics([placements], new Map([[placements.name, current]]));
    expect(plan.alterConfig).toEqual([
      {
        topic: placements.name,
        changes: [{ setting: 'retention.ms', from: '604800000', to: '-1' }],
        overrides: { 'retention.ms': '-1', 'max.message.bytes': '2000000', 'cleanup.policy': 'delete', 'min.insync.replicas': '2' },
      },
    ]);
  });

  it('warns when a topic has fewer replicas than asked for', () => {
    const plan = planTopics([placements], new Map([[placements.name, existing({ replicationFactor: 1 })]]));
    expect(plan.warnings[0]).toMatch(/replication factor 1/);
  });
});
