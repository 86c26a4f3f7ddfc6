import {
  create,
  equals,
  isFieldSet,
  ScalarType,
  toBinary,
  type DescField,
  type DescMessage,
  type MessageInitShape,
  type MessageShape,
} from '@bufbuild/protobuf';
import { eventCatalogue, UnknownEventTypeError } from './catalogue';
import { decodeEvent, encodeEvent, EventDecodeError, EventPayloadMismatchError, protobufEventCodec } from './codec';
import { LearnerType } from './gen/traininghubs/common/v1/learner_pb';
import { Profession } from './gen/traininghubs/common/v1/workforce_pb';
import { CourseDeliveredSchema } from './gen/traininghubs/trainingcatalogue/v1/session_events_pb';
import { localDateFromIso } from './local-date';

/** A value for every field, none of them the protobuf default, so a field lost on the way shows. */
function sampleScalar(type: ScalarType, seed: number): unknown {
  switch (type) {
    case ScalarType.STRING:
      return `sample-${seed}-£é`;
    case ScalarType.BOOL:
      return true;
    case ScalarType.BYTES:
      return new Uint8Array([seed, 0, 255]);
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      return seed + 0.5;
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
      // beyond Number.MAX_SAFE_INTEGER, so pence totals must survive as bigint
      return -(BigInt(Number.MAX_SAFE_INTEGER) + BigInt(seed));
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return BigInt(Number.MAX_SAFE_INTEGER) + BigInt(seed);
    default:
      return seed;
  }
}

function sampleValue(field: DescField, kind: 'scalar' | 'enum' | 'message', seed: number, depth: number): unknown {
  if (kind === 'enum') return field.enum!.values[field.enum!.values.length - 1]!.number;
  if (kind === 'message') return sampleInit(field.message!, depth + 1);
  return sampleScalar(field.scalar!, seed);
}

function sampleInit(schema: DescMessage, depth = 0): Record<string, unknown> {
  const init: Record<string, unknown> = {};
  if (depth > 4) return init;
  for (const field of schema.fields) {
    const seed = field.number + depth * 100;
    let value: unknown;
    switch (field.fieldKind) {
      case 'list':
        value = [sampleValue(field, field.listKind, seed, depth), sampleValue(field, field.listKind, seed + 1, depth)];
        break;
      case 'map':
        value = { [String(sampleScalar(field.mapKey, seed))]: sampleValue(field, field.mapKind, seed, depth) };
        break;
      default:
        value = sampleValue(field, field.fieldKind, seed, depth);
    }
    if (field.oneof) {
      if (init[field.oneof.localName] === undefined) init[field.oneof.localName] = { case: field.localName, value };
    } else {
      init[field.localName] = value;
    }
  }
  return init;
}

function sample<Desc extends DescMessage>(schema: Desc): MessageShape<Desc> {
  return create(schema, sampleInit(schema) as MessageInitShape<Desc>);
}

describe('encodeEvent / decodeEvent', () => {
  it.each(eventCatalogue.map((definition) => [definition.type, definition] as const))(
    '%s survives the round trip with every field',
    (type, definition) => {
      const message = sample(definition.schema);
      const unset = definition.schema.fields.filter((field) => !field.oneof && !isFieldSet(message, field)).map((field) => field.name);
      expect(unset).toEqual([]);

      const bytes = encodeEvent(type, message);
      const decoded = decodeEvent(type, bytes);

      expect(decoded.$typeName).toBe(definition.schema.typeName);
      expect(equals(definition.schema, decoded, message)).toBe(true);
      expect(toBinary(definition.schema, decoded)).toEqual(bytes);
    },
  );

  it('encodes a plain initialiser object and reads back the figures the KPI return counts', () => {
    const bytes = encodeEvent('uk.nhs.traininghubs.trainingcatalogue.course_delivered.v1', {
      hubId: '0b7c2a52-1f0a-4d1e-9a8e-5b2f0c1d2e3f',
      courseId: '8d1e6f3a-2b4c-4d5e-8f9a-0b1c2d3e4f5a',
      sessionId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
      participants: 18,
      participantsByProfession: [
        { profession: Profession.NURSE, participants: 12 },
        { profession: Profession.PHARMACIST, participants: 6 },
      ],
      durationMinutes: 180,
      cpdMinutesDelivered: 3240n,
    });
    const delivered = decodeEvent('uk.nhs.traininghubs.trainingcatalogue.course_delivered.v1', bytes);
    expect(delivered.participantsByProfession.reduce((sum, count) => sum + count.participants, 0)).toBe(delivered.participants);
    expect(delivered.cpdMinutesDelivered).toBe(BigInt(delivered.participants * delivered.durationMinutes));
  });

  it('keeps the placement dates from which placement weeks are derived', () => {
    const type = 'uk.nhs.traininghubs.placements.placement_filled.v1';
    const bytes = encodeEvent(type, {
      hubId: 'c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f',
      learnerType: LearnerType.STUDENT_NURSE,
      pattern: { startDate: localDateFromIso('2025-09-01'), endDate: localDateFromIso('2025-10-26'), wteHundredths: 100, sessionsPerWeek: 10 },
    });
    const { pattern } = decodeEvent(type, bytes);
    const days = (Date.UTC(pattern!.endDate!.year, pattern!.endDate!.month - 1, pattern!.endDate!.day) -
      Date.UTC(pattern!.startDate!.year, pattern!.startDate!.month - 1, pattern!.startDate!.day)) / 86_400_000 + 1;
    expect(days / 7).toBe(8);
  });

  it('refuses a message of another event', () => {
    const delivered = create(CourseDeliveredSchema, { participants: 3 });
    expect(() =>
      // @ts-expect-error a CourseDelivered is not the payload of placement_filled
      encodeEvent('uk.nhs.traininghubs.placements.placement_filled.v1', delivered),
    ).toThrow(EventPayloadMismatchError);
  });

  it('refuses a type that is not in the catalogue', () => {
    expect(() => decodeEvent('uk.nhs.traininghubs.placements.placement_moved.v1', new Uint8Array())).toThrow(UnknownEventTypeError);
    expect(() =>
      // @ts-expect-error not an event type of the platform
      encodeEvent('uk.nhs.traininghubs.placements.placement_moved.v1', {}),
    ).toThrow(UnknownEventTypeError);
  });

  it('reports bytes that do not decode, for the dead-letter topic', () => {
    // field 1 (hub_id) announced as 255 bytes long, but the record ends after 2
    const truncated = new Uint8Array([0x0a, 0xff, 0x01, 0x41, 0x42]);
    let error: unknown;
    try {
      decodeEvent('uk.nhs.traininghubs.placements.placement_filled.v1', truncated);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EventDecodeError);
    expect((error as EventDecodeError).eventType).toBe('uk.nhs.traininghubs.placements.placement_filled.v1');
    expect((error as EventDecodeError).cause).toBeInstanceOf(Error);
  });

  it('serves the messaging library as a payload codec keyed by the ce_type string', () => {
    const type = 'uk.nhs.traininghubs.kpireporting.kpi_return_approved.v1' as string;
    const bytes = protobufEventCodec.encode(type, { hubId: '6e1f0a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b', periodKey: '2025-26-H1', submissionNumber: 2 });
    const approved = protobufEventCodec.decode(type, bytes);
    expect(approved.$typeName).toBe('traininghubs.kpireporting.v1.KpiReturnApproved');
    expect(approved).toMatchObject({ periodKey: '2025-26-H1', submissionNumber: 2 });
    expect(protobufEventCodec.contentType).toBe('application/protobuf');
    expect(() => protobufEventCodec.encode(type, 'not a message')).toThrow(EventPayloadMismatchError);
    expect(() => protobufEventCodec.decode('uk.nhs.traininghubs.kpireporting.kpi_return_rejected.v1', bytes)).toThrow(UnknownEventTypeError);
  });
});
