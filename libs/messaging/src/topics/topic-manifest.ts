import { deadLetterTopicName } from '../dead-letters/dead-letter-topic';

/**
 * The platform's Kafka topic manifest (`infra/kafka/topics.yaml`): every topic, who owns it, what
 * it is keyed by, which consumer groups read it, and the settings provisioning applies.
 */
export interface TopicSettings {
  partitions: number;
  replicationFactor: number;
  /** Topic-level Kafka settings, as the broker spells them (`retention.ms: "-1"`). */
  config: Record<string, string>;
}

export interface StreamTopic extends TopicSettings {
  name: string;
  /** The only service that publishes to the topic. */
  owner: string;
  /** What the record key is; all events of one key keep their order. */
  key: string;
  /** CloudEvents types that appear on the topic. */
  events: string[];
}

export interface ConsumerGroup {
  group: string;
  service: string;
  topics: string[];
}

export interface TopicManifest {
  topics: StreamTopic[];
  deadLetters: TopicSettings;
  consumers: ConsumerGroup[];
}

/** A topic provisioning should make exist: a stream or a consumer group's dead-letter topic. */
export interface DesiredTopic extends TopicSettings {
  name: string;
  kind: 'stream' | 'dead-letter';
}

/** The manifest is unusable; `problems` names each fault by its place in the document. */
export class TopicManifestError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`${source}: invalid topic manifest\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'TopicManifestError';
  }
}

const TOPIC_NAME = /^[A-Za-z0-9._-]{1,249}$/;
const GROUP_NAME = /^[A-Za-z0-9._-]{1,200}$/;
const CONFIG_NAME = /^[a-z][a-z0-9.]*$/;
const MAX_TOPIC_NAME = 249;

type Problems = string[];
type Doc = Record<string, unknown>;

/** Validates a parsed manifest document and fills every topic's settings from the defaults. */
export function parseTopicManifest(document: unknown, source = 'topic manifest'): TopicManifest {
  const problems: Problems = [];
  const root = mapping(document, '(root)', problems, ['defaults', 'deadLetters', 'topics', 'consumers']);
  if (!root) throw new TopicManifestError(source, problems);

  const settingFields = ['partitions', 'replicationFactor', 'config'];
  const defaultsDoc = mapping(root.defaults, 'defaults', problems, settingFields);
  const defaults = defaultsDoc ? settings(defaultsDoc, 'defaults', problems, { required: true }) : {};
  const fallback: TopicSettings = {
    partitions: defaults.partitions ?? 1,
    replicationFactor: defaults.replicationFactor ?? 1,
    config: defaults.config ?? {},
  };
  const deadLettersDoc = mapping(root.deadLetters ?? {}, 'deadLetters', problems, settingFields);
  const deadLetterSettings = deadLettersDoc ? settings(deadLettersDoc, 'deadLetters', problems, { required: false }) : {};
  const deadLetters: TopicSettings = {
    partitions: deadLetterSettings.partitions ?? 1,
    replicationFactor: deadLetterSettings.replicationFactor ?? fallback.replicationFactor,
    config: deadLetterSettings.config ?? {},
  };

  const topics = list(root.topics, 'topics', problems, { required: true }).flatMap((item, i) => {
    const topic = streamTopic(item, `topics[${i}]`, fallback, problems);
    return topic ? [topic] : [];
  });
  duplicates(topics.map((t) => t.name), 'topics', 'topic', problems);

  const declared = new Set(topics.map((t) => t.name));
  const consumers = list(root.consumers ?? [], 'consumers', problems, { required: false }).flatMap((item, i) => {
    const consumer = consumerGroup(item, `consumers[${i}]`, declared, problems);
    return consumer ? [consumer] : [];
  });
  duplicates(consumers.map((c) => c.group), 'consumers', 'consumer group', problems);
  for (const consumer of consumers) {
    for (const topic of consumer.topics) {
      const name = deadLetterTopicName(topic, consumer.group);
      if (name.length > MAX_TOPIC_NAME) problems.push(`consumers: dead-letter topic ${name} is longer than ${MAX_TOPIC_NAME} characters`);
    }
  }

  if (problems.length > 0) throw new TopicManifestError(source, problems);
  return { topics, deadLetters, consumers };
}

/** Every topic the manifest asks for: the streams, then each group's dead-letter topics. */
export function desiredTopics(manifest: TopicManifest): DesiredTopic[] {
  const streams: DesiredTopic[] = manifest.topics.map((t) => ({
    name: t.name,
    kind: 'stream',
    partitions: t.partitions,
    replicationFactor: t.replicationFactor,
    config: t.config,
  }));
  const deadLetters: DesiredTopic[] = manifest.consumers.flatMap((c) =>
    c.topics.map((topic) => ({ name: deadLetterTopicName(topic, c.group), kind: 'dead-letter' as const, ...manifest.deadLetters })),
  );
  return [...streams, ...deadLetters];
}

function streamTopic(item: unknown, path: string, defaults: TopicSettings, problems: Problems): StreamTopic | undefined {
  const doc = mapping(item, path, problems, ['name', 'owner', 'key', 'events', 'partitions', 'replicationFactor', 'config']);
  if (!doc) return undefined;
  const name = text(doc.name, `${path}.name`, problems, TOPIC_NAME, 'letters, digits, dots, dashes or underscores');
  if (name === '.' || name === '..') problems.push(`${path}.name: "${name}" is not a legal topic name`);
  const owner = text(doc.owner, `${path}.owner`, problems);
  const key = text(doc.key, `${path}.key`, problems);
  const events = list(doc.events, `${path}.events`, problems, { required: true }).map((e, i) =>
    text(e, `${path}.events[${i}]`, problems),
  );
  duplicates(events, `${path}.events`, 'event type', problems);
  const own = settings(doc, path, problems, { required: false });
  if (!name || !owner || !key) return undefined;
  return {
    name,
    owner,
    key,
    events: events.filter((e): e is string => e !== undefined),
    partitions: own.partitions ?? defaults.partitions,
    replicationFactor: own.replicationFactor ?? defaults.replicationFactor,
    config: { ...defaults.config, ...own.config },
  };
}

function consumerGroup(item: unknown, path: string, declared: Set<string>, problems: Problems): ConsumerGroup | undefined {
  const doc = mapping(item, path, problems, ['group', 'service', 'topics']);
  if (!doc) return undefined;
  const group = text(doc.group, `${path}.group`, problems, GROUP_NAME, 'letters, digits, dots, dashes or underscores');
  const service = text(doc.service, `${path}.service`, problems);
  const topics = list(doc.topics, `${path}.topics`, problems, { required: true }).flatMap((t, i) => {
    const topic = text(t, `${path}.topics[${i}]`, problems);
    if (topic !== undefined && !declared.has(topic)) problems.push(`${path}.topics[${i}]: topic ${topic} is not declared under topics`);
    return topic === undefined ? [] : [topic];
  });
  duplicates(topics, `${path}.topics`, 'topic', problems);
  if (!group || !service) return undefined;
  return { group, service, topics };
}

/** Partitions, replication factor and config of a mapping; missing optional ones are undefined. */
function settings(doc: Doc, path: string, problems: Problems, { required }: { required: boolean }): Partial<TopicSettings> {
  return {
    partitions: count(doc.partitions, `${path}.partitions`, problems, required, 10_000),
    replicationFactor: count(doc.replicationFactor, `${path}.replicationFactor`, problems, required, 32),
    config: doc.config === undefined ? undefined : configMap(doc.config, `${path}.config`, problems),
  };
}

function configMap(value: unknown, path: string, problems: Problems): Record<string, string> | undefined {
  const doc = mapping(value, path, problems);
  if (!doc) return undefined;
  const config: Record<string, string> = {};
  for (const [name, setting] of Object.entries(doc)) {
    if (!CONFIG_NAME.test(name)) problems.push(`${path}: "${name}" is not a Kafka setting name`);
    else if (typeof setting === 'string' || typeof setting === 'number' || typeof setting === 'boolean') config[name] = String(setting);
    else problems.push(`${path}.${name}: must be a string, number or boolean`);
  }
  return config;
}

function mapping(value: unknown, path: string, problems: Problems, allowed?: string[]): Doc | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    problems.push(`${path}: must be a mapping`);
    return undefined;
  }
  const doc = value as Doc;
  if (allowed) {
    for (const key of Object.keys(doc)) {
      if (!allowed.includes(key)) problems.push(`${path}: unknown field "${key}" (expected one of ${allowed.join(', ')})`);
    }
  }
  return doc;
}

function list(value: unknown, path: string, problems: Problems, { required }: { required: boolean }): unknown[] {
  if (!Array.isArray(value)) {
    problems.push(`${path}: must be a list`);
    return [];
  }
  if (required && value.length === 0) problems.push(`${path}: must not be empty`);
  return value;
}

function text(value: unknown, path: string, problems: Problems, pattern?: RegExp, rule?: string): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    problems.push(`${path}: must be a non-empty string`);
    return undefined;
  }
  if (pattern && !pattern.test(value)) {
    problems.push(`${path}: "${value}" must be ${rule}`);
    return undefined;
  }
  return value;
}

function count(value: unknown, path: string, problems: Problems, required: boolean, max: number): number | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    problems.push(`${path}: must be a whole number from 1 to ${max}`);
    return undefined;
  }
  return value;
}

function duplicates(values: Array<string | undefined>, path: string, what: string, problems: Problems): void {
  const seen = new Set<string>();
  for (const value of values) {
    if (value === undefined) continue;
    if (seen.has(value)) problems.push(`${path}: ${what} ${value} appears more than once`);
    seen.add(value);
  }
}
