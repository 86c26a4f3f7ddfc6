import { ConfigResourceTypes, ConfigSource, withPrefix, type KafkaAdmin, type KafkaConnection } from '../kafka/kafka-connection';
import { desiredTopics, type TopicManifest } from './topic-manifest';
import { fitToCluster, planTopics, type ConfigChange, type ExistingTopic } from './topic-plan';

export interface ProvisionOptions {
  /** Replicas per partition; defaults to the manifest's. Always clamped to the broker count. */
  replicationFactor?: number;
  /** Prefixed to every topic name; defaults to the connection's topic prefix. */
  prefix?: string;
  timeoutMs?: number;
}

export interface ProvisionReport {
  brokers: number;
  created: string[];
  partitionsIncreased: Array<{ topic: string; from: number; to: number }>;
  configsAltered: Array<{ topic: string; changes: ConfigChange[] }>;
  /** Existing topics that got more partitions or new settings. */
  updated: string[];
  unchanged: string[];
  warnings: string[];
  /** True when the cluster was changed in any way. */
  changed: boolean;
}

/**
 * Makes the cluster match the manifest: creates missing topics (streams and every consumer
 * group's dead-letter topics) and waits for their leaders, raises partition counts, and corrects
 * topic settings. Running it again changes nothing. It never deletes topics or lowers partitions.
 */
export async function provisionTopics(
  connection: KafkaConnection,
  manifest: TopicManifest,
  options: ProvisionOptions = {},
): Promise<ProvisionReport> {
  const admin = await connection.adminClient();
  const { brokers } = await admin.describeCluster();
  const prefix = options.prefix ?? connection.options.topicPrefix;
  const desired = desiredTopics(manifest).map((topic) =>
    fitToCluster({ ...topic, name: withPrefix(prefix, topic.name) }, brokers.length, options.replicationFactor),
  );

  const present = new Set(await admin.listTopics());
  const existing = await describeTopics(admin, desired.map((t) => t.name).filter((name) => present.has(name)));
  const plan = planTopics(desired, existing);
  const timeout = options.timeoutMs ?? 30_000;

  if (plan.create.length > 0) {
    await connection.createTopicsAndWait(
      plan.create.map((t) => ({
        topic: t.name,
        numPartitions: t.partitions,
        replicationFactor: t.replicationFactor,
        configEntries: Object.entries(t.config).map(([name, value]) => ({ name, value })),
      })),
      timeout,
    );
  }
  if (plan.addPartitions.length > 0) {
    await admin.createPartitions({ timeout, topicPartitions: plan.addPartitions.map((p) => ({ topic: p.topic, count: p.to })) });
    await connection.waitForPartitionLeaders(plan.addPartitions.map((p) => ({ topic: p.topic, partitions: p.to })), timeout);
  }
  if (plan.alterConfig.length > 0) {
    // The client speaks only the original AlterConfigs request, which replaces a topic's whole
    // set of overrides; the plan therefore carries the current overrides plus the manifest's.
    await admin.alterConfigs({
      validateOnly: false,
      resources: plan.alterConfig.map((a) => ({
        type: ConfigResourceTypes.TOPIC,
        name: a.topic,
        configEntries: Object.entries(a.overrides).map(([name, value]) => ({ name, value })),
      })),
    });
  }

  return {
    brokers: brokers.length,
    created: plan.create.map((t) => t.name),
    partitionsIncreased: plan.addPartitions,
    configsAltered: plan.alterConfig.map(({ topic, changes }) => ({ topic, changes })),
    updated: [...new Set([...plan.addPartitions.map((p) => p.topic), ...plan.alterConfig.map((a) => a.topic)])],
    unchanged: plan.unchanged,
    warnings: plan.warnings,
    changed: plan.create.length + plan.addPartitions.length + plan.alterConfig.length > 0,
  };
}

async function describeTopics(admin: KafkaAdmin, names: string[]): Promise<Map<string, ExistingTopic>> {
  const topics = new Map<string, ExistingTopic>();
  if (names.length === 0) return topics;
  const metadata = await admin.fetchTopicMetadata({ topics: names });
  const configs = await admin.describeConfigs({
    includeSynonyms: false,
    resources: names.map((name) => ({ type: ConfigResourceTypes.TOPIC, name })),
  });
  for (const topic of metadata.topics) {
    const resource = configs.resources.find((r) => r.resourceName === topic.name);
    const config: Record<string, string> = {};
    const overrides: Record<string, string> = {};
    for (const entry of resource?.configEntries ?? []) {
      if (entry.configValue === null || entry.isSensitive) continue;
      config[entry.configName] = entry.configValue;
      if (entry.configSource === ConfigSource.TOPIC_CONFIG) overrides[entry.configName] = entry.configValue;
    }
    topics.set(topic.name, {
      name: topic.name,
      partitions: topic.partitions.length,
      replicationFactor: Math.min(...topic.partitions.map((p) => p.replicas.length)),
      config,
      overrides,
    });
  }
  return topics;
}
