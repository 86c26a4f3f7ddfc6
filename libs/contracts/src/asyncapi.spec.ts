import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { eventCatalogue } from './catalogue';
import { CLOUD_EVENTS_SPEC_VERSION, ENVELOPE_HEADERS, PROTOBUF_CONTENT_TYPE } from './headers';

interface SchemaDoc {
  description?: string;
  properties?: Record<string, SchemaDoc>;
  oneOf?: { const: string; description?: string; 'x-protobuf-number': number }[];
  const?: string;
  'x-protobuf-message'?: string;
  'x-protobuf-enum'?: string;
}

interface AsyncApiDoc {
  channels: Record<string, { address: string; messages: Record<string, { $ref: string }> }>;
  components: {
    messages: Record<string, { title: string; payload: { $ref: string }; bindings: { kafka: { key: { description: string } } }; 'x-protobuf-message': string }>;
    schemas: Record<string, SchemaDoc>;
  };
}

const root = path.resolve(__dirname, '../../..');
const committedFile = path.join(root, 'docs/events/asyncapi.yaml');

describe('docs/events/asyncapi.yaml', () => {
  let fresh: string;
  let doc: AsyncApiDoc;

  beforeAll(() => {
    fresh = execFileSync(process.execPath, [path.join(root, 'tools/contracts/asyncapi.mjs'), '--stdout'], { cwd: root, encoding: 'utf8' });
    doc = parse(fresh) as AsyncApiDoc;
  });

  it('is what tools/contracts/asyncapi.mjs generates from the manifest and proto/ now', () => {
    const committed = readFileSync(committedFile, 'utf8');
    if (committed !== fresh) {
      throw new Error('docs/events/asyncapi.yaml is out of date: run `npm run contracts:asyncapi` and commit the result');
    }
  });

  it('documents every event of the catalogue on its topic, with its payload and key', () => {
    const documented = eventCatalogue.map((definition) => {
      const name = definition.schema.name;
      const message = doc.components.messages[name];
      return {
        type: message?.title,
        topic: doc.channels[definition.topic]?.messages[name]?.$ref,
        payload: message?.['x-protobuf-message'],
        key: message?.bindings.kafka.key.description,
      };
    });
    expect(documented).toEqual(
      eventCatalogue.map((definition) => ({
        type: definition.type,
        topic: `#/components/messages/${definition.schema.name}`,
        payload: definition.schema.typeName,
        key: definition.keyDescription,
      })),
    );
  });

  it('describes every field and enum value of the contracts', () => {
    const undocumented = Object.entries(doc.components.schemas)
      .filter(([name]) => name.startsWith('traininghubs.'))
      .flatMap(([name, schema]) => [
        ...(schema.description ? [] : [name]),
        ...Object.entries(schema.properties ?? {})
          .filter(([, field]) => !field.description)
          .map(([field]) => `${name}.${field}`),
        ...(schema.oneOf ?? [])
          .filter((value) => value['x-protobuf-number'] !== 0 && !value.description)
          .map((value) => `${name}.${value.const}`),
      ]);
    expect(undocumented).toEqual([]);
  });

  it('lists the headers the library names, with the fixed spec version and content type', () => {
    const headers = doc.components.schemas['CloudEventsKafkaHeaders']!;
    expect(Object.keys(headers.properties ?? {}).sort()).toEqual(Object.values(ENVELOPE_HEADERS).sort());
    expect(headers.properties?.[ENVELOPE_HEADERS.specversion]?.const).toBe(CLOUD_EVENTS_SPEC_VERSION);
    expect(headers.properties?.[ENVELOPE_HEADERS.contentType]?.const).toBe(PROTOBUF_CONTENT_TYPE);
  });
});
