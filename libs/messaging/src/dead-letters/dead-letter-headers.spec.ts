import { headersAsText } from '../kafka/record-headers';
import { deadLetterHeaders, parseDeadLetterHeaders, replayHeaders, type DeadLetterInfo } from './dead-letter-headers';

const info: DeadLetterInfo = {
  reason: 'undecodable-payload',
  error: 'Error: premature end of protobuf message',
  originalTopic: 'traininghubs.placements.placement.v1',
  originalPartition: 4,
  originalOffset: '1042',
  consumerGroup: 'kpi-reporting.projections',
  attempts: 1,
  deadLetteredAt: new Date('2025-10-01T10:00:00Z'),
};

describe('dead-letter headers', () => {
  it('keeps the original headers byte for byte and adds where and why', () => {
    const original = { ce_id: '0190f5c4-7a3b-7cc0-9a51-5d5d2f8a1c01', binary: Buffer.from([0xff, 0x00]) };
    const headers = deadLetterHeaders(original, info);
    expect(headers.binary).toEqual(Buffer.from([0xff, 0x00]));
    expect(headers).toMatchObject({
      ce_id: original.ce_id,
      dlq_reason: 'undecodable-payload',
      dlq_error: 'Error: premature end of protobuf message',
      dlq_original_topic: 'traininghubs.placements.placement.v1',
      dlq_original_partition: '4',
      dlq_original_offset: '1042',
      dlq_consumer_group: 'kpi-reporting.projections',
      dlq_attempts: '1',
      dlq_dead_lettered_at: '2025-10-01T10:00:00.000Z',
    });
  });

  it('reads back what it wrote', () => {
    expect(parseDeadLetterHeaders(headersAsText(deadLetterHeaders({}, info)))).toEqual(info);
  });

  it('refuses a record that is not a dead letter', () => {
    expect(() => parseDeadLetterHeaders({ ce_id: 'x' })).toThrow(/missing dlq_reason/);
  });

  it('replays with the original headers, marking where the replay came from', () => {
    const deadLettered = deadLetterHeaders({ ce_id: 'abc', replayed_from: 'old/0/1' }, info);
    expect(replayHeaders(deadLettered, { topic: 'dlq-topic', partition: 0, offset: '7' })).toEqual({ ce_id: 'abc', replayed_from: 'dlq-topic/0/7' });
  });

  it('replaces the dead-letter headers of an earlier failure when a replay fails again', () => {
    const again = deadLetterHeaders(deadLetterHeaders({ ce_id: 'abc' }, info), { ...info, reason: 'rejected', attempts: 5 });
    expect(headersAsText(again)).toMatchObject({ dlq_reason: 'rejected', dlq_attempts: '5' });
  });
});
