import { Controller, Get } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator, type HealthCheckResult } from '@nestjs/terminus';
import { Public } from '@traininghubs/auth';
import { KafkaConnection } from '@traininghubs/messaging';
import { ReadinessRegistry } from './readiness-registry';

const CHECK_TIMEOUT_MS = 2_000;

/**
 * Liveness says the process runs; readiness says it can do its work (database, Kafka, extras).
 * Public: the orchestrator and the gateway's readiness probe call them without a token.
 */
@ApiExcludeController()
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly kafka: KafkaConnection,
    private readonly extras: ReadinessRegistry,
  ) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: CHECK_TIMEOUT_MS }),
      () => this.probe('kafka', async () => this.kafka.ping(CHECK_TIMEOUT_MS)),
      ...this.extras.entries().map(([name, check]) => () => this.probe(name, check)),
    ]);
  }

  private async probe(name: string, check: () => Promise<Record<string, unknown> | void>) {
    const indicator = this.indicators.check(name);
    try {
      const details = await check();
      return indicator.up(details ?? {});
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}
