import type { OpenAPIObject } from '@nestjs/swagger';
import { owningService } from '../routing/service-routes';

/** One service's own OpenAPI document, or why it could not be had. */
export type ServiceDocument = { service: string; document: OpenAPIObject; stale?: boolean } | { service: string; missing: string };

const SCHEMA_REF = '#/components/schemas/';

/**
 * The gateway's public API in one document: its own routes (aggregated reads) and, from each
 * service's own document, the routes the gateway forwards to that service — only paths under
 * /api/v1 whose resource the service owns in RESOURCE_OWNERS, so the document shows exactly
 * what the gateway routes. Schema names are prefixed with the service (`placements.X`) so two
 * services' `PageQuery` or `LearnerType` never collide; `$ref`s are rewritten to match. A
 * service whose document could not be fetched is listed under `x-traininghubs-missing-services`.
 */
export function mergeDocuments(gateway: OpenAPIObject, services: ServiceDocument[]): OpenAPIObject {
  const merged: OpenAPIObject = structuredClone(gateway);
  merged.paths ??= {};
  merged.components ??= {};
  merged.components.schemas ??= {};
  const tags = new Map((merged.tags ?? []).map((t) => [t.name, t]));
  const missing: Array<{ service: string; reason: string }> = [];
  const stale: string[] = [];

  for (const entry of services) {
    if ('missing' in entry) {
      missing.push({ service: entry.service, reason: entry.missing });
      continue;
    }
    if (entry.stale) stale.push(entry.service);
    const document = renameSchemas(entry.service, entry.document);
    for (const [path, item] of Object.entries(document.paths ?? {})) {
      if (owningService(path) !== entry.service || merged.paths[path]) continue;
      for (const operation of Object.values(item as Record<string, unknown>)) {
        if (operation && typeof operation === 'object' && 'responses' in operation) (operation as Record<string, unknown>)['x-traininghubs-service'] = entry.service;
      }
      merged.paths[path] = item;
    }
    Object.assign(merged.components.schemas, document.components?.schemas ?? {});
    for (const tag of document.tags ?? []) if (!tags.has(tag.name)) tags.set(tag.name, tag);
  }
  merged.paths = Object.fromEntries(Object.entries(merged.paths).sort(([a], [b]) => a.localeCompare(b)));
  if (tags.size) merged.tags = [...tags.values()];
  const extensions = merged as unknown as Record<string, unknown>;
  if (missing.length) extensions['x-traininghubs-missing-services'] = missing;
  if (stale.length) extensions['x-traininghubs-stale-services'] = stale;
  return merged;
}

function renameSchemas(service: string, document: OpenAPIObject): OpenAPIObject {
  const prefixed = (name: string) => `${service}.${name}`;
  const rewritten = rewriteRefs(document, (ref) => (ref.startsWith(SCHEMA_REF) ? SCHEMA_REF + prefixed(ref.slice(SCHEMA_REF.length)) : ref)) as OpenAPIObject;
  const schemas = rewritten.components?.schemas ?? {};
  return { ...rewritten, components: { ...rewritten.components, schemas: Object.fromEntries(Object.entries(schemas).map(([name, schema]) => [prefixed(name), schema])) } };
}

function rewriteRefs(value: unknown, rewrite: (ref: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => rewriteRefs(v, rewrite));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, key === '$ref' && typeof v === 'string' ? rewrite(v) : rewriteRefs(v, rewrite)]));
}
