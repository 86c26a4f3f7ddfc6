/** The dead-letter topic of one consumer group for one topic: `<topic>.<group>.dlq`. */
export function deadLetterTopicName(topic: string, group: string): string {
  return `${topic}.${group}.dlq`;
}
