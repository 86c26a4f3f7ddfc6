import type { DesiredTopic } from './topic-manifest';

/** A topic as the cluster has it. */
export interface ExistingTopic {
  name: string;
  partitions: number;
  replicationFactor: number;
  /** Effective value of every setting the broker reported. */
  config: Record<string, string>;
  /** Settings overridden on the topic itself (kept when other settings are changed). */
  overrides: Record<string, string>;
}

export interface ConfigChange {
  setting: string;
  from: string | undefined;
  to: string;
}

export interface TopicPlan {
  create: DesiredTopic[];
  addPartitions: Array<{ topic: string; from: number; to: number }>;
  /** `overrides` is the full set of topic-level settings to apply (Kafka replaces the set). */
  alterConfig: Array<{ topic: string; changes: ConfigChange[]; overrides: Record<string, string> }>;
  unchanged: string[];
  warnings: string[];
}

/**
 * Fits a topic to the cluster: no more replicas than brokers, and `min.insync.replicas` no more
 * than the replicas (a single local broker runs with 1 and 1; production with 3 and 2).
 */
export function fitToCluster(topic: DesiredTopic, brokers: number, replicationFactor?: number): DesiredTopic {
  const replicas = Math.max(1, Math.min(replicationFactor ?? topic.replicationFactor, brokers));
  const config = { ...topic.config };
  const minInsync = Number(config['min.insync.replicas']);
  if (Number.isInteger(minInsync) && minInsync > replicas) config['min.insync.replicas'] = String(replicas);
  return { ...topic, replicationFactor: replicas, config };
}

/** What provisioning must do to make the cluster match the manifest. Never removes anything. */
export function planTopics(desired: readonly DesiredTopic[], existing: ReadonlyMap<string, ExistingTopic>): TopicPlan {
  const plan: TopicPlan = { create: [], addPartitions: [], alterConfig: [], unchanged: [], warnings: [] };
  for (const topic of desired) {
    const current = existing.get(topic.name);
    if (!current) {
      plan.create.push(topic);
      continue;
    }
    let changed = false;
    if (current.partitions < topic.partitions) {
      plan.addPartitions.push({ topic: topic.name, from: current.partitions, to: topic.partitions });
      changed = true;
    } else if (current.partitions > topic.partitions) {
      plan.warnings.push(
        `${topic.name} has ${current.partitions} partitions, the manifest asks for ${topic.partitions}: partitions are never reduced`,
      );
    }
    if (current.replicationFactor < topic.replicationFactor) {
      plan.warnings.push(
        `${topic.name} has replication factor ${current.replicationFactor}, the manifest asks for ${topic.replicationFactor}: ` +
          'raise it with a partition reassignment',
      );
    }
    const changes = Object.entries(topic.config)
      .filter(([setting, value]) => current.config[setting] !== value)
      .map(([setting, to]) => ({ setting, from: current.config[setting], to }));
    if (changes.length > 0) {
      plan.alterConfig.push({ topic: topic.name, changes, overrides: { ...current.overrides, ...topic.config } });
      changed = true;
    }
    if (!changed) plan.unchanged.push(topic.name);
  }
  return plan;
}
