import { Inject, Injectable } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { SERVICE_CONFIG } from '@traininghubs/runtime';
import type { GatewayEnvironment } from '../gateway.environment';
import type { ServiceDocument } from './openapi-merge';

interface Cached {
  document: OpenAPIObject;
  fetchedAt: number;
}

/**
 * Each service's own OpenAPI document, fetched from `<service>/api/docs-json` when the gateway's
 * document is asked for, and kept for OPENAPI_CACHE_TTL_MS. A service that does not answer keeps
 * its last good document (marked stale) or, never fetched, is reported missing — the gateway's
 * document is never held up by a service for longer than SERVICE_CALL_TIMEOUT_MS.
 */
@Injectable()
export class ServiceDocuments {
  private readonly cache = new Map<string, Cached>();

  constructor(@Inject(SERVICE_CONFIG) private readonly config: GatewayEnvironment) {}

  all(): Promise<ServiceDocument[]> {
    return Promise.all(Object.entries(this.config.services).map(([service, base]) => this.one(service, base)));
  }

  private async one(service: string, base: string): Promise<ServiceDocument> {
    const cached = this.cache.get(service);
    if (cached && Date.now() - cached.fetchedAt < this.config.OPENAPI_CACHE_TTL_MS) return { service, document: cached.document };
    try {
      const response = await fetch(new URL('/api/docs-json', base), { signal: AbortSignal.timeout(this.config.SERVICE_CALL_TIMEOUT_MS) });
      if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
      const document = (await response.json()) as OpenAPIObject;
      if (typeof document !== 'object' || document === null || typeof document.paths !== 'object') throw new Error('not an OpenAPI document');
      this.cache.set(service, { document, fetchedAt: Date.now() });
      return { service, document };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return cached ? { service, document: cached.document, stale: true } : { service, missing: reason };
    }
  }
}
