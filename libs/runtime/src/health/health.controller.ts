import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import { Public, TokenVerifier } from '@traininghubs/auth';
import { KafkaConnection } from '@traininghubs/messaging';
import { SERVICE_NAME } from '../service-name';
import { ReadinessRegistry, type ReadinessCheck } from './readiness-registry';

const CHECK_TIMEOUT_MS = 2_000;
const BEARER = /^Bearer +(\S+)$/i;

/** One dependency's state as readiness reports it. */
export interface CheckResult {
  status: 'up' | 'down';
  /** `dependency` (the service's database, Kafka) or `service` (a service behind the gateway). */
  kind: 'dependency' | 'service';
  latencyMs: number;
  /** Operators only: what the check saw (an address, the reason it is down). */
  details?: Record<string, unknown>;
}

export interface Readiness {
  status: 'ready' | 'not-ready';
  service: string;
  /** The checks that are down, by name: what an on-call engineer reads first. */
  down: string[];
  checks: Record<string, CheckResult>;
}

/**
 * Liveness says the process runs (nothing else is checked: a restart would not mend a database
 * that is down); readiness says it can do its work, naming each dependency (its database,
 * Kafka, and for the gateway each service) with its status, 200 when all are up, 503 otherwise.
 * Public, for the orchestrator's probes; what a check saw (internal addresses, error messages)
 * is shown only to an operator, a caller with a valid national token.
 */
@ApiExcludeController()
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly kafka: KafkaConnection,
    private readonly extras: ReadinessRegistry,
    private readonly verifier: TokenVerifier,
    @Inject(SERVICE_NAME) private readonly serviceName: string,
  ) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<Readiness> {
    const checks: Array<[string, CheckResult['kind'], ReadinessCheck]> = [
      ['database', 'dependency', async () => void (await this.dataSource.query('SELECT 1'))],
      ['kafka', 'dependency', async () => this.kafka.ping(CHECK_TIMEOUT_MS)],
      ...this.extras.entries().map(([name, check]) => [name, 'service', check] as [string, CheckResult['kind'], ReadinessCheck]),
    ];
    const [results, operator] = await Promise.all([Promise.all(checks.map(([name, kind, check]) => probe(name, kind, check))), this.isOperator(request)]);
    const readiness: Readiness = { status: 'ready', service: this.serviceName, down: [], checks: {} };
    for (const [name, result] of results) {
      readiness.checks[name] = operator ? result : { status: result.status, kind: result.kind, latencyMs: result.latencyMs };
      if (result.status === 'down') readiness.down.push(name);
    }
    if (readiness.down.length > 0) {
      readiness.status = 'not-ready';
      response.status(503);
    }
    response.setHeader('Cache-Control', 'no-store');
    return readiness;
  }

  private async isOperator(request: Request): Promise<boolean> {
    const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
    if (!token) return false;
    try {
      return (await this.verifier.verify(token)).role === 'national';
    } catch {
      return false;
    }
  }
}

async function probe(name: string, kind: CheckResult['kind'], check: ReadinessCheck): Promise<[string, CheckResult]> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS)));
    const details = (await Promise.race([check(), timeout])) ?? {};
    return [name, { status: 'up', kind, latencyMs: Math.round(performance.now() - started), details }];
  } catch (error) {
    return [name, { status: 'down', kind, latencyMs: Math.round(performance.now() - started), details: { reason: error instanceof Error ? error.message : String(error) } }];
  } finally {
    clearTimeout(timer);
  }
}
