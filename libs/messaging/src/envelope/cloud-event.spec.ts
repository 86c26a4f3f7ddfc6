import { encodeEnvelope, EnvelopeError, newEventId, parseEnvelope, type EventEnvelope } from './cloud-event';

const placementFilled: EventEnvelope = {
  id: '0190f5c4-7a3b-7cc0-9a51-5d5d2f8a1c01',
  source: '/traininghubs/placements',
  type: 'uk.nhs.traininghubs.placements.placement_filled.v1',
  time: new Date('2025-10-01T09:30:00.000Z'),
  subject: 'b3c1c0de-9f3a-4f8e-8d5c-2a1c6f0e9b11',
  traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  correlationId: 'req-7f3a',
  causationId: '0190f5c4-7a3b-7cc0-9a51-5d5d2f8a1c00',
};

function problemsOf(work: () => unknown): readonly string[] {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(EnvelopeError);
    return (error as EnvelopeError).problems;
  }
  throw new Error('expected an EnvelopeError');
}

describe('CloudEvents binary-mode envelope', () => {
  it('encodes every attribute as a Kafka header', () => {
    expect(encodeEnvelope(placementFilled)).toEqual({
      ce_specversion: '1.0',
      ce_id: '0190f5c4-7a3b-7cc0-9a51-5d5d2f8a1c01',
      ce_source: '/traininghubs/placements',
      ce_type: 'uk.nhs.traininghubs.placements.placement_filled.v1',
      ce_time: '2025-10-01T09:30:00.000Z',
      ce_subject: 'b3c1c0de-9f3a-4f8e-8d5c-2a1c6f0e9b11',
      'content-type': 'application/protobuf',
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      correlation_id: 'req-7f3a',
      causation_id: '0190f5c4-7a3b-7cc0-9a51-5d5d2f8a1c00',
    });
  });

  it('round-trips through parse', () => {
    expect(parseEnvelope(encodeEnvelope(placementFilled))).toEqual({ ...placementFilled, contentType: 'application/protobuf' });
  });

  it('carries when the event was recorded beside when it happened (ce_recordedtime), and drops a malformed one', () => {
    const late = { ...placementFilled, time: new Date('2020-06-01T23:00:00.000Z'), recordedTime: new Date('2026-12-03T10:15:00.000Z') };
    const headers = encodeEnvelope(late);
    expect(headers.ce_time).toBe('2020-06-01T23:00:00.000Z');
    expect(headers.ce_recordedtime).toBe('2026-12-03T10:15:00.000Z');
    expect(parseEnvelope(headers).recordedTime).toEqual(late.recordedTime);
    expect(parseEnvelope({ ...headers, ce_recordedtime: 'yesterday' }).recordedTime).toBeUndefined();
    expect(problemsOf(() => encodeEnvelope({ ...late, recordedTime: new Date('nonsense') }))).toContain('recordedTime must be a valid date');
  });

  it('omits optional headers that are not set', () => {
    const headers = encodeEnvelope({ id: placementFilled.id, source: '/traininghubs/placements', type: placementFilled.type, time: placementFilled.time });
    expect(Object.keys(headers).sort()).toEqual(['ce_id', 'ce_source', 'ce_specversion', 'ce_time', 'ce_type', 'content-type']);
  });

  it('mints UUIDv7 event ids that sort by creation time', () => {
    const first = newEventId();
    const second = newEventId();
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(second > first).toBe(true);
  });

  it('refuses to encode an envelope with bad attributes, naming each', () => {
    const problems = problemsOf(() =>
      encodeEnvelope({
        ...placementFilled,
        id: 'not-a-uuid',
        source: 'placements service',
        type: 'PlacementFilled',
        time: new Date('nonsense'),
        traceparent: '00-00000000000000000000000000000000-00f067aa0ba902b7-01',
        correlationId: 'has spaces',
      }),
    );
    expect(problems).toEqual([
      'ce_id is not a UUID',
      'ce_source is not a URI reference',
      'ce_type is not a dotted event type',
      'time must be a valid date',
      'traceparent is not a W3C trace context',
      'correlationId must be 1-128 letters, digits or ._:-',
    ]);
  });

  it('rejects records without the required attributes', () => {
    expect(problemsOf(() => parseEnvelope({}))).toEqual([
      'ce_specversion is missing',
      'ce_time is missing',
      'ce_id is missing',
      'ce_source is missing',
      'ce_type is missing',
    ]);
  });

  it('rejects another spec version and a time that is not RFC 3339', () => {
    const headers = { ...encodeEnvelope(placementFilled), ce_specversion: '0.3', ce_time: '01/10/2025 09:30' };
    expect(problemsOf(() => parseEnvelope(headers))).toEqual(['ce_specversion 0.3 is not 1.0', 'ce_time is not an RFC 3339 timestamp']);
  });

  it('accepts RFC 3339 times with offsets and keeps the instant', () => {
    const envelope = parseEnvelope({ ...encodeEnvelope(placementFilled), ce_time: '2025-10-01T10:30:00+01:00' });
    expect(envelope.time.toISOString()).toBe('2025-10-01T09:30:00.000Z');
  });

  it('drops malformed trace and correlation headers instead of rejecting the event', () => {
    const envelope = parseEnvelope({
      ...encodeEnvelope(placementFilled),
      traceparent: 'garbage',
      correlation_id: 'x'.repeat(200),
      causation_id: '',
    });
    expect(envelope.traceparent).toBeUndefined();
    expect(envelope.correlationId).toBeUndefined();
    expect(envelope.causationId).toBeUndefined();
    expect(envelope.id).toBe(placementFilled.id);
  });

  it('normalises upper-case event ids', () => {
    const envelope = parseEnvelope({ ...encodeEnvelope(placementFilled), ce_id: placementFilled.id.toUpperCase() });
    expect(envelope.id).toBe(placementFilled.id);
  });
});
