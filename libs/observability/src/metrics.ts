import { Controller, Get, Header, Inject, Injectable, Module, type DynamicModule, type NestMiddleware } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@traininghubs/auth';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** The process's Prometheus registry; every metric of the service registers here. */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');

export function createMetricsRegistry(serviceName: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service: serviceName });
  collectDefaultMetrics({ register: registry });
  return registry;
}

@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  private readonly duration: Histogram<'method' | 'route' | 'status'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    const name = 'http_server_request_duration_seconds';
    // Nest may build the middleware more than once; the histogram is one per registry.
    const existing = registry.getSingleMetric(name) as Histogram<'method' | 'route' | 'status'> | undefined;
    this.duration = existing ?? new Histogram({
      name,
      help: 'Duration of HTTP requests served, by method, route and status code',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
  }

  use(req: IncomingMessage & { route?: { path?: string } }, res: ServerResponse, next: () => void): void {
    const stop = this.duration.startTimer();
    res.on('finish', () => {
      // The matched route pattern keeps label cardinality bounded (never the raw URL with ids).
      const route = req.route?.path ?? 'unmatched';
      stop({ method: req.method ?? 'GET', route: String(route), status: String(res.statusCode) });
    });
    next();
  }
}

/** Public: Prometheus scrapes it without a token. */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(METRICS_REGISTRY) private readonly registry: Registry) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}

@Module({})
export class MetricsModule {
  static forService(serviceName: string): DynamicModule {
    return {
      module: MetricsModule,
      global: true,
      controllers: [MetricsController],
      providers: [{ provide: METRICS_REGISTRY, useValue: createMetricsRegistry(serviceName) }, HttpMetricsMiddleware],
      exports: [METRICS_REGISTRY, HttpMetricsMiddleware],
    };
  }
}
