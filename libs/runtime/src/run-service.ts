import 'reflect-metadata';
import type { INestApplication, Type, DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { ConfigurationError, loadConfig, type ServiceEnvironment } from '@traininghubs/config';
import { bodyLimitsOf, bodyProblems, guardRequestBodies, parseBodies } from './body';

export interface RunServiceOptions<E extends ServiceEnvironment> {
  serviceName: string;
  environment: new () => E;
  module: (config: E) => Type<unknown> | DynamicModule;
  /** Properties read from differently named variables, e.g. { PORT: 'GATEWAY_PORT' }. */
  aliases?: Partial<Record<keyof E & string, string>>;
  /**
   * The service's OpenAPI document, served at /api/docs-json with the UI at /api/docs (the
   * gateway merges every service's); built from the controllers' decorators when first asked
   * for. Defaults to a document titled with the service name; `false` for none (the gateway
   * serves the merged one itself).
   */
  openApi?: { title: string; description?: string } | false;
  /**
   * Extra set-up of the application before it listens. It runs after the body guard and before the
   * body parsers, so its middleware sees bodies unread (the gateway forwards them raw).
   */
  configure?: (app: INestApplication, config: E) => void | Promise<void>;
  env?: NodeJS.ProcessEnv;
}

/**
 * Starts a platform service: validates its environment (a bad one stops it with a message
 * naming the variable), runs its migrations, listens, and shuts down gracefully on SIGTERM.
 */
export async function runService<E extends ServiceEnvironment>(options: RunServiceOptions<E>): Promise<INestApplication> {
  let config: E;
  try {
    config = loadConfig(options.serviceName, options.environment, options.env, options.aliases);
  } catch (error) {
    if (error instanceof ConfigurationError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const app = await createServiceApp(options, config);
  // Once per process, here rather than per application: tests create many applications in one process.
  armShutdownDeadline(config.SHUTDOWN_TIMEOUT_MS);
  await app.listen(config.PORT, '0.0.0.0');
  app.get(Logger).log(`${options.serviceName} is listening on port ${config.PORT}`, 'Bootstrap');
  return app;
}

export async function createServiceApp<E extends ServiceEnvironment>(options: RunServiceOptions<E>, config: E): Promise<INestApplication> {
  // Nest's own body parsers stay off: bodies are guarded and parsed below, one limit per route.
  const app = await NestFactory.create<NestExpressApplication>(options.module(config), { bufferLogs: true, abortOnError: false, bodyParser: false });
  app.useLogger(app.get(Logger));
  const bodyLimits = bodyLimitsOf(config);
  // First of all, before anything reads a body: a body on GET/HEAD, a declared length over the
  // route's limit, a compressed body or non-UTF-8 JSON is refused at once and the connection closed.
  app.use(guardRequestBodies(bodyLimits));
  if (options.openApi !== false) serveOpenApi(app, options.openApi ?? { title: options.serviceName });
  (app.getHttpAdapter().getInstance() as { disable(setting: string): void }).disable('x-powered-by');
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await options.configure?.(app, config);
  // After the application's own set-up (the gateway reads bodies raw there and forwards them
  // unparsed): JSON and forms within the route's limit, JSON's depth counted before it is parsed.
  for (const parser of parseBodies(bodyLimits)) app.use(parser);
  app.use(bodyProblems(bodyLimits));
  return app;
}

/** Serves the service's own OpenAPI document (bearer-authenticated API), built on first request. */
function serveOpenApi(app: INestApplication, info: { title: string; description?: string }): void {
  const builder = new DocumentBuilder().setTitle(info.title).setVersion('1').addBearerAuth();
  if (info.description) builder.setDescription(info.description);
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, builder.build()));
}

/** If draining takes longer than the deadline after SIGTERM, exit anyway rather than hang. */
function armShutdownDeadline(timeoutMs: number): void {
  const arm = () => setTimeout(() => {
    process.stderr.write(`shutdown took longer than ${timeoutMs} ms; exiting\n`);
    process.exit(1);
  }, timeoutMs).unref();
  process.once('SIGTERM', arm);
  process.once('SIGINT', arm);
}
