import { testConnection } from '../../test/support';
import { ConfigResourceTypes, type KafkaConnection } from '../kafka/kafka-connection';
import { loadTopicManifest, parseTopicManifestYaml } from './load-topic-manifest';
import { desiredTopics } from './topic-manifest';
import { provisionTopics } from './provision-topics';

describe('provisioning topics (real Kafka)', () => {
  let connection: KafkaConnection;
  let prefix: string;

  beforeAll(() => {
    connection = testConnection('provision');
    prefix = connection.options.topicPrefix!;
  });

  afterAll(async () => {
    const admin = await connection.adminClient();
    const mine = (await admin.listTopics()).filter((t) => t.startsWith(`${prefix}.`));
    if (mine.length > 0) await admin.deleteTopics({ topics: mine });
    await connection.close();
  });

  const topicState = async (names: string[]) => {
    const admin = await connection.adminClient();
    const { topics } = await admin.fetchTopicMetadata({ topics: names });
    const configs = await admin.describeConfigs({ includeSynonyms: false, resources: names.map((name) => ({ type: ConfigResourceTypes.TOPIC, name })) });
    return Object.fromEntries(
      topics.map((t) => {
        const entries = configs.resources.find((r) => r.resourceName === t.name)!.configEntries;
        const value = (name: string) => entries.find((e) => e.configName === name)?.configValue;
        return [t.name, { partitions: t.partitions.length, replicas: t.partitions[0].replicas.length, retention: value('retention.ms'), minInsync: value('min.insync.replicas') }];
      }),
    );
  };

  it('creates the platform topics and dead-letter topics fitted to the cluster, then changes nothing on a second run', async () => {
    const manifest = loadTopicManifest();
    const first = await provisionTopics(connection, manifest);
    const expected = desiredTopics(manifest).map((t) => `${prefix}.${t.name}`);
    expect(first.created.sort()).toEqual([...expected].sort());
    expect(first.changed).toBe(true);

    const state = await topicState(expected);
    const placement = state[`${prefix}.traininghubs.placements.placement.v1`];
    expect(placement).toEqual({ partitions: 6, replicas: 1, retention: '-1', minInsync: '1' });
    const deadLetter = state[`${prefix}.traininghubs.placements.placement.v1.kpi-reporting.projections.dlq`];
    expect(deadLetter).toMatchObject({ partitions: 1, replicas: 1, retention: '2592000000' });

    const second = await provisionTopics(connection, manifest);
    expect(second).toMatchObject({ created: [], partitionsIncreased: [], configsAltered: [], updated: [], changed: false });
    expect(second.unchanged.sort()).toEqual([...expected].sort());
  });

  it('raises partitions and corrects drifted settings, keeping other overrides', async () => {
    const yaml = (partitions: number, retention: string) => `
defaults: {partitions: 2, replicationFactor: 3, config: {retention.ms: "-1", min.insync.replicas: 2}}
deadLetters: {partitions: 1}
topics:
  - {name: traininghubs.test.grow.v1, owner: placements, key: id, partitions: ${partitions}, config: {retention.ms: "${retention}"}, events: [a.b.v1]}
consumers:
  - {group: growth, service: kpi-reporting, topics: [traininghubs.test.grow.v1]}
`;
    const name = `${prefix}.traininghubs.test.grow.v1`;
    expect((await provisionTopics(connection, parseTopicManifestYaml(yaml(2, '-1')))).created).toEqual([name, `${name}.growth.dlq`]);

    // Someone changes a setting by hand, and sets another the manifest does not mention.
    const admin = await connection.adminClient();
    await admin.alterConfigs({
      validateOnly: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name, configEntries: [{ name: 'retention.ms', value: '1000' }, { name: 'max.message.bytes', value: '2000000' }, { name: 'min.insync.replicas', value: '1' }] }],
    });

    const report = await provisionTopics(connection, parseTopicManifestYaml(yaml(4, '604800000')));
    expect(report.created).toEqual([]);
    expect(report.partitionsIncreased).toEqual([{ topic: name, from: 2, to: 4 }]);
    expect(report.configsAltered).toEqual([{ topic: name, changes: [{ setting: 'retention.ms', from: '1000', to: '604800000' }] }]);
    expect(report.updated).toEqual([name]);

    const state = await topicState([name]);
    expect(state[name]).toEqual({ partitions: 4, replicas: 1, retention: '604800000', minInsync: '1' });
    const { resources } = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name, configNames: ['max.message.bytes'] }] });
    expect(resources[0].configEntries[0].configValue).toBe('2000000');

    const again = await provisionTopics(connection, parseTopicManifestYaml(yaml(4, '604800000')));
    expect(again.changed).toBe(false);
    const lower = await provisionTopics(connection, parseTopicManifestYaml(yaml(3, '604800000')));
    expect(lower.changed).toBe(false);
    expect(lower.warnings).toEqual([`${name} has 4 partitions, the manifest asks for 3: partitions are never reduced`]);
  });
});
