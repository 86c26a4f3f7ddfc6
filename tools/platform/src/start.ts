import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { localStateDir, provideKafka, providePostgres } from '@traininghubs/dev-infra';
import { provisionPlatform } from './provision';
import { ServiceProcess } from './service-process';
import { DOMAIN_SERVICES, GATEWAY, serviceEntryPoint, type PlatformService } from './services';

/**
 * `npm start`: the whole platform on one machine. Postgres (DATABASE_URL, else the server on
 * 127.0.0.1:5432, else an embedded Postgres), Kafka (KAFKA_BROKERS, else a local broker from the
 * pinned release), provisioning, the five services, then the gateway. Ctrl-C or SIGTERM stops
 * everything it started.
 */
const READY_TIMEOUT_MS = Number(process.env.PLATFORM_READY_TIMEOUT_MS ?? 90_000);
const STOP_GRACE_MS = 15_000;
const say = (message: string) => process.stdout.write(`[platform] ${message}\n`);

async function main(): Promise<void> {
  const startedAt = Date.now();
  const offset = Number(process.env.PLATFORM_PORT_OFFSET ?? 0);
  const logDir = localStateDir('platform', 'logs');
  mkdirSync(logDir, { recursive: true });

  const stoppers: Array<() => Promise<void>> = [];
  const processes: ServiceProcess[] = [];
  let stopping: Promise<void> | undefined;
  const stopAll = (exitCode: number) => {
    stopping ??= (async () => {
      say('stopping…');
      await Promise.allSettled([...processes].reverse().map((p) => p.stop(STOP_GRACE_MS)));
      for (const stop of stoppers.reverse()) await stop().catch((e: unknown) => say(`clean-up failed: ${String(e)}`));
      say('stopped');
      process.exit(exitCode);
    })();
    return stopping;
  };
  process.once('SIGINT', () => void stopAll(0));
  process.once('SIGTERM', () => void stopAll(0));

  try {
    const postgres = await providePostgres({ allowContainers: false, dataDir: localStateDir('platform', 'postgres') });
    stoppers.push(() => postgres.stop());
    say(`postgres: ${postgres.source}`);
    const kafka = await provideKafka({ allowContainers: false, dataDir: localStateDir('platform', 'kafka'), keepData: true });
    stoppers.push(() => kafka.stop());
    say(`kafka: ${kafka.source} at ${kafka.brokers.join(',')}`);

    const provisioned = await provisionPlatform({ adminUrl: postgres.adminUrl, brokers: kafka.brokers, topicPrefix: process.env.KAFKA_TOPIC_PREFIX });
    provisioned.summary.forEach(say);

    const urlOf = (s: PlatformService) => `http://127.0.0.1:${s.port + offset}`;
    const gatewayPort = Number(process.env.GATEWAY_PORT ?? GATEWAY.port + offset);
    const common = { ...process.env, KAFKA_BROKERS: kafka.brokers.join(','), NODE_ENV: process.env.NODE_ENV ?? 'development' };
    const launch = (service: PlatformService, env: NodeJS.ProcessEnv) => {
      const child = new ServiceProcess(service.name, serviceEntryPoint(service.name), { ...common, ...env, DATABASE_URL: provisioned.databaseUrls[service.name] }, join(logDir, `${service.name}.log`));
      child.start((code) => {
        say(`${service.name} exited unexpectedly (code ${code}); last lines of ${child.logFile}:\n${child.tail()}`);
        void stopAll(1);
      });
      processes.push(child);
      return child;
    };

    const domain = DOMAIN_SERVICES.map((s) => ({ service: s, child: launch(s, { PORT: String(s.port + offset) }) }));
    await Promise.all(domain.map(({ service, child }) => child.waitReady(urlOf(service), READY_TIMEOUT_MS).then(() => say(`${service.name} ready on ${urlOf(service)} (pid ${child.pid})`))));

    const serviceUrls = Object.fromEntries(DOMAIN_SERVICES.map((s) => [s.urlVariable, urlOf(s)]));
    const gateway = launch(GATEWAY, { ...serviceUrls, GATEWAY_PORT: String(gatewayPort) });
    await gateway.waitReady(`http://127.0.0.1:${gatewayPort}`, READY_TIMEOUT_MS);
    say(`gateway ready on http://127.0.0.1:${gatewayPort} (pid ${gateway.pid})`);

    const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
    say(`Training Hubs platform is ready in ${seconds}s: gateway http://127.0.0.1:${gatewayPort} (logs in ${logDir}). Ctrl-C stops it.`);
  } catch (error) {
    say(`start failed: ${error instanceof Error ? error.message : String(error)}`);
    await stopAll(1);
  }
}

void main();
