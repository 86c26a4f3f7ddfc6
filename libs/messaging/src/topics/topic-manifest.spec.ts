import { parseTopicManifestYaml, loadTopicManifest } from './load-topic-manifest';
import { desiredTopics, TopicManifestError } from './topic-manifest';

const minimal = `
defaults:
  partitions: 6
  replicationFactor: 3
  config:
    cleanup.policy: delete
    retention.ms: "-1"
    min.insync.replicas: 2
deadLetters:
  partitions: 1
  config:
    retention.ms: "2592000000"
topics:
  - name: traininghubs.placements.placement.v1
    owner: placements
    key: placement id (uuid)
    events: [uk.nhs.traininghubs.placements.placement_filled.v1]
  - name: traininghubs.workforce.plan.v1
    owner: workforce-planning
    key: PCN ODS code
    partitions: 12
    config:
      retention.ms: "86400000"
    events: [uk.nhs.traininghubs.workforce.arrs_plan_submitted.v1]
consumers:
  - group: kpi-reporting.projections
    service: kpi-reporting
    topics: [traininghubs.placements.placement.v1, traininghubs.workforce.plan.v1]
`;

function problemsOf(yamlText: string): readonly string[] {
  try {
    parseTopicManifestYaml(yamlText, 'test.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(TopicManifestError);
    expect((error as Error).message).toContain('test.yaml: invalid topic manifest');
    return (error as TopicManifestError).problems;
  }
  throw new Error('expected a TopicManifestError');
}

describe('topic manifest', () => {
  it('fills each topic from the defaults and lets a topic override them', () => {
    const manifest = parseTopicManifestYaml(minimal);
    expect(manifest.topics[0]).toMatchObject({
      name: 'traininghubs.placements.placement.v1',
      partitions: 6,
      replicationFactor: 3,
      config: { 'cleanup.policy': 'delete', 'retention.ms': '-1', 'min.insync.replicas': '2' },
    });
    expect(manifest.topics[1]).toMatchObject({
      partitions: 12,
      config: { 'cleanup.policy': 'delete', 'retention.ms': '86400000', 'min.insync.replicas': '2' },
    });
  });

  it('asks for a dead-letter topic per consumer group and topic it reads', () => {
    const names = desiredTopics(parseTopicManifestYaml(minimal)).map((t) => `${t.kind} ${t.name} ${t.partitions}`);
    expect(names).toEqual([
      'stream traininghubs.placements.placement.v1 6',
      'stream traininghubs.workforce.plan.v1 12',
      'dead-letter traininghubs.placements.placement.v1.kpi-reporting.projections.dlq 1',
      'dead-letter traininghubs.workforce.plan.v1.kpi-reporting.projections.dlq 1',
    ]);
    const deadLetter = desiredTopics(parseTopicManifestYaml(minimal))[2];
    expect(deadLetter.replicationFactor).toBe(3);
    expect(deadLetter.config).toEqual({ 'retention.ms': '2592000000' });
  });

  it('names every problem by its place in the document', () => {
    const problems = problemsOf(`
defaults:
  partitions: 0
  replicationFactor: 3
topics:
  - name: bad topic name
    owner: placements
    key: id
    events: []
  - name: traininghubs.hub.v1
    owner: hub-registry
    events: [a.b.v1, a.b.v1]
    partition: 3
  - name: traininghubs.hub.v1
    owner: hub-registry
    key: hub id
    events: [a.c.v1]
    config:
      retention.ms: [1]
consumers:
  - group: kpi-reporting.projections
    service: kpi-reporting
    topics: [traininghubs.unknown.v1]
`);
    expect(problems).toEqual([
      'defaults.partitions: must be a whole number from 1 to 10000',
      'topics[0].name: "bad topic name" must be letters, digits, dots, dashes or underscores',
      'topics[0].events: must not be empty',
      'topics[1]: unknown field "partition" (expected one of name, owner, key, events, partitions, replicationFactor, config)',
      'topics[1].key: must be a non-empty string',
      'topics[1].events: event type a.b.v1 appears more than once',
      'topics[2].config.retention.ms: must be a string, number or boolean',
      'consumers[0].topics[0]: topic traininghubs.unknown.v1 is not declared under topics',
    ]);
  });

  it('reports duplicate topics and consumer groups', () => {
    const topic = `  - name: t.v1\n    owner: o\n    key: k\n    events: [a.b.v1]\n`;
    const problems = problemsOf(
      `defaults: {partitions: 1, replicationFactor: 1}\ntopics:\n${topic}${topic}consumers:\n  - {group: g, service: s, topics: [t.v1]}\n  - {group: g, service: s, topics: [t.v1]}\n`,
    );
    expect(problems).toEqual(['topics: topic t.v1 appears more than once', 'consumers: consumer group g appears more than once']);
  });

  it('requires the defaults and at least one topic', () => {
    expect(problemsOf('consumers: []\n')).toEqual(['defaults: must be a mapping', 'topics: must be a list']);
  });

  it('reports YAML syntax errors and duplicate keys', () => {
    expect(problemsOf('defaults: {partitions: 1\n')[0]).toMatch(/line 1|flow/i);
    expect(problemsOf('defaults: {partitions: 1, replicationFactor: 1}\ndefaults: {}\ntopics: []\n')[0]).toMatch(/unique/i);
  });

  it('loads the platform manifest from the workspace', () => {
    const manifest = loadTopicManifest();
    expect(manifest.topics.map((t) => t.name)).toContain('traininghubs.placements.placement.v1');
    for (const topic of manifest.topics) expect(topic.events.length).toBeGreaterThan(0);
    const deadLetters = desiredTopics(manifest).filter((t) => t.kind === 'dead-letter');
    expect(deadLetters.length).toBe(manifest.consumers.reduce((n, c) => n + c.topics.length, 0));
  });

  it('says where it looked when the manifest file is missing', () => {
    expect(() => loadTopicManifest('infra/kafka/no-such-manifest.yaml')).toThrow(/file not found/);
  });
});
