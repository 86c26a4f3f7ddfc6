import { All, Controller, Inject, NotFoundException, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { createProxyMiddleware, type RequestHandler } from 'http-proxy-middleware';
import { currentContext } from '@traininghubs/observability';
import { PROBLEM_JSON, SERVICE_CONFIG, type ProblemDetails } from '@traininghubs/runtime';
import type { GatewayEnvironment } from '../gateway.environment';
import { writeBufferedBody } from '../limits/body-limits';
import { CallerThrottlerGuard } from '../limits/caller-throttler.guard';
import { owningService } from './service-routes';

/**
 * Commands and single-service reads: authenticated here by the global guard (analysts may only
 * read), then forwarded to the owning service with the caller's token and correlation id; the
 * service checks the caller's scope again on its own records.
 */
@ApiExcludeController()
@UseGuards(CallerThrottlerGuard)
@Controller()
export class ServiceProxyController {
  private readonly proxies: Map<string, RequestHandler<Request, Response>>;

  constructor(@Inject(SERVICE_CONFIG) config: GatewayEnvironment) {
    this.proxies = new Map(
      Object.entries(config.services).map(([name, target]) => [
        name,
        createProxyMiddleware<Request, Response>({
          target,
          xfwd: true,
          proxyTimeout: config.PROXY_TIMEOUT_MS,
          timeout: config.PROXY_TIMEOUT_MS,
          on: {
            // The body as the caller sent it (read raw, never parsed): no JSON round trip.
            proxyReq: (proxyReq, req) => writeBufferedBody(proxyReq, req),
            error: (error, req, res) => sendUnavailable(name, error as NodeJS.ErrnoException, req as Request, res as Response),
          },
        }),
      ]),
    );
  }

  @All('api/v1/*path')
  forward(@Req() req: Request, @Res() res: Response): Promise<void> {
    const service = owningService(req.originalUrl);
    const proxy = service ? this.proxies.get(service) : undefined;
    if (!proxy) throw new NotFoundException(`No resource at ${req.path}`);
    return new Promise((resolve) => {
      res.once('finish', resolve);
      res.once('close', resolve);
      void proxy(req, res, () => resolve());
    });
  }
}

function sendUnavailable(service: string, error: NodeJS.ErrnoException, req: Request, res: Response): void {
  const timedOut = error.code === 'ECONNRESET' || error.code === 'ETIMEDOUT' || /timeout/i.test(error.message);
  const status = timedOut ? 504 : 502;
  const problem: ProblemDetails = {
    type: `https://traininghubs.nhs.uk/problems/${timedOut ? 'service-timeout' : 'service-unavailable'}`,
    title: timedOut ? 'The service did not answer in time' : 'The service is not available',
    status,
    detail: `${service} could not complete the request; it is safe to retry a read. Quote the correlation id if you report it.`,
    instance: req.originalUrl,
    correlationId: currentContext()?.correlationId,
  };
  if (res.headersSent || res.writableEnded) return;
  res.status(status).type(PROBLEM_JSON).send(JSON.stringify(problem));
}
