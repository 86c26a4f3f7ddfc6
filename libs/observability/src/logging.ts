import { RequestMethod, type DynamicModule } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { CORRELATION_HEADER, correlationIdFrom } from './correlation';

export interface LoggingOptions {
  serviceName: string;
  level: string;
}

const QUIET_PATHS = ['/health/live', '/health/ready', '/metrics'];

/** JSON logs (pino), one line per request with its correlation id; secrets redacted. */
export function loggingModule(options: LoggingOptions): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
      level: options.level,
      base: { service: options.serviceName, pid: process.pid },
      messageKey: 'message',
      genReqId: (req: IncomingMessage) => correlationIdFrom(req.headers[CORRELATION_HEADER]),
      customAttributeKeys: { reqId: 'correlationId' },
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'], censor: '[redacted]' },
      autoLogging: { ignore: (req: IncomingMessage) => QUIET_PATHS.includes((req.url ?? '').split('?')[0]) },
      serializers: {
        req: (req: { method: string; url: string; id: unknown }) => ({ method: req.method, url: req.url }),
      },
    },
    forRoutes: [{ path: '*path', method: RequestMethod.ALL }],
  });
}
