import type { KafkaAdmin, KafkaConnection } from '../kafka/kafka-connection';

export interface ResetConsumerGroupOptions {
  /** Logical consumer group. */
  group: string;
  /** Logical topics whose offsets are reset. */
  topics: string[];
  /** `earliest` replays every topic from its first record (a full rebuild); `latest` skips to the end. */
  to: 'earliest' | 'latest';
}

/** The group still has members; stop them first. */
export class ConsumerGroupActiveError extends Error {
  constructor(group: string, state: string) {
    super(`consumer group ${group} is ${state}: stop its consumers before resetting its offsets`);
    this.name = 'ConsumerGroupActiveError';
  }
}

/**
 * Moves a stopped consumer group's offsets to the start (or end) of its topics. With the inbox
 * in place a full replay changes nothing that was already applied; a projection rebuilt from
 * scratch clears its own tables and inbox rows first.
 *
 * One short-lived member joins the group for all the topics at once and commits explicit offsets
 * (a real position, not a "reset" marker) — kafkajs's `admin.setOffsets` joins once per topic and
 * waits for a fetch each time, several seconds per topic.
 */
export async function resetConsumerGroup(connection: KafkaConnection, options: ResetConsumerGroupOptions): Promise<void> {
  const groupId = connection.groupId(options.group);
  const admin = await connection.adminClient();
  const assertEmpty = async () => {
    const [description] = (await admin.describeGroups([groupId])).groups;
    if (description && description.state !== 'Empty' && description.state !== 'Dead') {
      throw new ConsumerGroupActiveError(groupId, description.state);
    }
  };
  await assertEmpty();
  const topics = options.topics.map((t) => connection.topic(t));
  const offsets = (
    await Promise.all(
      topics.map(async (topic) =>
        (await admin.fetchTopicOffsets(topic)).map((p) => ({ topic, partition: p.partition, offset: options.to === 'earliest' ? p.low : p.high })),
      ),
    )
  ).flat();
  if (offsets.length === 0) return;

  const member = connection.consumer({ groupId, maxWaitTimeMs: 100 });
  await member.connect();
  try {
    await assertEmpty(); // no other member joined meanwhile
    await member.subscribe({ topics, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const joined = member.on(member.events.GROUP_JOIN, () => {
        joined();
        member.pause(topics.map((topic) => ({ topic })));
        resolve();
      });
      member.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: async () => undefined }).catch(reject);
    });
    // kafkajs ignores a commit until the member's fetch loop runs, just after the join: commit
    // until the group's offsets read back as asked.
    const deadline = Date.now() + 30_000;
    while (!(await committed(admin, groupId, offsets))) {
      if (Date.now() > deadline) throw new Error(`could not reset the offsets of consumer group ${groupId}`);
      await member.commitOffsets(offsets);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await member.disconnect().catch(() => undefined);
  }
}

async function committed(admin: KafkaAdmin, groupId: string, offsets: Array<{ topic: string; partition: number; offset: string }>): Promise<boolean> {
  const topics = [...new Set(offsets.map((o) => o.topic))];
  const current = new Map(
    (await admin.fetchOffsets({ groupId, topics })).flatMap((t) => t.partitions.map((p) => [`${t.topic}/${p.partition}`, p.offset] as const)),
  );
  return offsets.every((o) => current.get(`${o.topic}/${o.partition}`) === o.offset);
}
