import { Module, type DynamicModule } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { ServiceRuntimeModule } from '@traininghubs/runtime';
import { AggregatedReadsController } from './aggregation/aggregated-reads.controller';
import { HubOverviewReader } from './aggregation/hub-overview.service';
import { IcbDashboardReader } from './aggregation/icb-dashboard.service';
import { ServiceClient } from './aggregation/service-client';
import type { GatewayEnvironment } from './gateway.environment';
import { CALLER_THROTTLER, CallerThrottlerGuard } from './limits/caller-throttler.guard';
import { ServiceDocuments } from './openapi/service-documents';
import { ServiceProxyController } from './routing/service-proxy.controller';
import { ServiceReadiness } from './service-readiness';

/** The one public ingress: authentication, scoped access, routing of commands and aggregated reads. */
@Module({})
export class GatewayModule {
  static register(config: GatewayEnvironment): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        ServiceRuntimeModule.forRoot({ serviceName: 'gateway', config }),
        ThrottlerModule.forRoot({ throttlers: [{ name: CALLER_THROTTLER, ttl: config.RATE_LIMIT_WINDOW_MS, limit: config.RATE_LIMIT_MAX }] }),
      ],
      // Aggregated reads first: the forwarding controller takes every other /api/v1 path.
      controllers: [AggregatedReadsController, ServiceProxyController],
      providers: [ServiceReadiness, ServiceClient, HubOverviewReader, IcbDashboardReader, ServiceDocuments, CallerThrottlerGuard],
    };
  }
}
