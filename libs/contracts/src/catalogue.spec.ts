import { readFileSync } from 'node:fs';
import path from 'node:path';
import { create, type DescMessage } from '@bufbuild/protobuf';
import { parse } from 'yaml';
import { eventCatalogue, eventDefinition, eventDefinitionOf, isEventType, topics, UnknownEventTypeError } from './catalogue';
import { PlacementFilledSchema, PlacementPatternSchema } from './gen/traininghubs/placements/v1/placement_events_pb';
import { localDateFromIso } from './local-date';

interface ManifestTopic {
  name: string;
  owner: string;
  key: string;
  events: string[];
}

const root = path.resolve(__dirname, '../../..');
const manifest = parse(readFileSync(path.join(root, 'infra/kafka/topics.yaml'), 'utf8')) as { topics: ManifestTopic[] };
const manifestEvents = manifest.topics.flatMap((topic) => topic.events.map((type) => ({ type, topic })));

/** Every message reachable from a payload, the payload included. */
function reachableMessages(schema: DescMessage, seen = new Set<string>()): DescMessage[] {
  if (seen.has(schema.typeName)) return [];
  seen.add(schema.typeName);
  return [schema, ...schema.fields.flatMap((field) => (field.message ? reachableMessages(field.message, seen) : []))];
}

describe('event catalogue against infra/kafka/topics.yaml', () => {
  it('has every ce_type of the manifest, on its topic, with its key and owner', () => {
    const mismatches = manifestEvents.flatMap(({ type, topic }) => {
      if (!isEventType(type)) return [`${type}: missing from the catalogue`];
      const definition = eventDefinition(type);
      const actual = { topic: definition.topic, owner: definition.owner, keyDescription: definition.keyDescription };
      const expected = { topic: topic.name, owner: topic.owner, keyDescription: topic.key };
      return JSON.stringify(actual) === JSON.stringify(expected) ? [] : [`${type}: ${JSON.stringify(actual)} != manifest ${JSON.stringify(expected)}`];
    });
    expect(mismatches).toEqual([]);
  });

  it('has no event the manifest does not declare, and lists them in manifest order', () => {
    expect(eventCatalogue.map((definition) => definition.type)).toEqual(manifestEvents.map((event) => event.type));
  });

  it('declares exactly the manifest topics', () => {
    const declared = Object.values(topics).map(({ name, owner, keyDescription }) => ({ name, owner, key: keyDescription }));
    expect(declared).toEqual(manifest.topics.map(({ name, owner, key }) => ({ name, owner, key })));
  });
});

describe('event payloads', () => {
  const entries = eventCatalogue.map((definition) => [definition.type, definition] as const);

  it.each(entries)('%s is carried by the message named after it', (type, definition) => {
    // uk.nhs.traininghubs.placements.placement_filled.v1 -> traininghubs.placements.v1.PlacementFilled,
    // the rule the AsyncAPI generator (tools/contracts/asyncapi.mjs) relies on.
    const [, context, event, version] = /^uk\.nhs\.traininghubs\.([a-z]+)\.([a-z_]+)\.(v\d+)$/.exec(type) ?? [];
    const name = (event ?? '').replace(/(^|_)([a-z])/g, (_match, _separator, letter: string) => letter.toUpperCase());
    expect(definition.schema.typeName).toBe(`traininghubs.${context}.${version}.${name}`);
  });

  it.each(entries)('%s says which hub it belongs to', (type, definition) => {
    const hubField = definition.schema.fields.find((field) => field.name === 'hub_id' || field.name === 'hub_ids');
    // An organisation (its succession, or its record) can concern several hubs, so it lists them; every other event belongs to one.
    const expected = type.endsWith('.organisation_succeeded.v1') || type.endsWith('.organisation_recorded.v1')
      ? { name: 'hub_ids', fieldKind: 'list', number: expect.any(Number) }
      : { name: 'hub_id', fieldKind: 'scalar', number: 1 };
    expect({ name: hubField?.name, fieldKind: hubField?.fieldKind, number: hubField?.number }).toEqual(expected);
  });

  it.each(entries)('%s does not repeat the CloudEvents envelope in its payload', (_type, definition) => {
    const envelope = ['id', 'source', 'specversion', 'type', 'time', 'subject', 'datacontenttype', 'dataschema'];
    const lookalikes = ['event_id', 'event_type', 'event_time', 'occurred_at', 'traceparent', 'correlation_id', 'causation_id'];
    const names = definition.schema.fields.map((field) => field.name);
    expect(names.filter((name) => envelope.includes(name) || lookalikes.includes(name))).toEqual([]);
  });

  it('never carries direct identifiers of staff, learners or participants', () => {
    const identifying = /(^|_)(first_name|forename|surname|last_name|full_name|date_of_birth|nhs_number|gmc_number|nmc_number|gphc_number|hcpc_number|national_insurance)($|_)/;
    const offending = eventCatalogue.flatMap((definition) =>
      reachableMessages(definition.schema).flatMap((message) =>
        message.fields.filter((field) => identifying.test(field.name)).map((field) => `${message.typeName}.${field.name}`),
      ),
    );
    expect(offending).toEqual([]);
  });
});

describe('lookups', () => {
  it('finds an entry by ce_type and rejects an unknown one', () => {
    expect(eventDefinition('uk.nhs.traininghubs.placements.placement_filled.v1').topic).toBe('traininghubs.placements.placement.v1');
    expect(isEventType('uk.nhs.traininghubs.placements.placement_filled.v2')).toBe(false);
    expect(() => eventDefinition('uk.nhs.traininghubs.placements.placement_filled.v2')).toThrow(UnknownEventTypeError);
  });

  it('finds the entry of a payload message, and none for a message that is not an event', () => {
    const filled = create(PlacementFilledSchema, { hubId: '5f0c8e0e-7d5b-4a53-9d0c-0d6f1f3a9b21' });
    expect(eventDefinitionOf(filled)?.type).toBe('uk.nhs.traininghubs.placements.placement_filled.v1');
    expect(eventDefinitionOf(create(PlacementPatternSchema))).toBeUndefined();
    expect(eventDefinitionOf(localDateFromIso('2026-04-01'))).toBeUndefined();
  });
});
