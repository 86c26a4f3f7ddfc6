import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ReadinessRegistry, SERVICE_CONFIG } from '@traininghubs/runtime';
import type { GatewayEnvironment } from './gateway.environment';

/** The gateway is ready only when every service behind it reports ready. */
@Injectable()
export class ServiceReadiness implements OnModuleInit {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: GatewayEnvironment,
    private readonly registry: ReadinessRegistry,
  ) {}

  onModuleInit(): void {
    for (const [name, baseUrl] of Object.entries(this.config.services)) {
      this.registry.register(name, () => this.checkService(baseUrl));
    }
  }

  /** Up when the service's own readiness is; down names what the service itself reports down. */
  private async checkService(baseUrl: string): Promise<Record<string, unknown>> {
    const response = await fetch(new URL('/health/ready', baseUrl), { signal: AbortSignal.timeout(this.config.SERVICE_CALL_TIMEOUT_MS) });
    if (response.status !== 200) {
      const body = (await response.json().catch(() => undefined)) as { down?: unknown } | undefined;
      const down = Array.isArray(body?.down) ? ` (down: ${body.down.join(', ')})` : '';
      throw new Error(`${baseUrl} is not ready: HTTP ${response.status}${down}`);
    }
    return { url: baseUrl };
  }
}
