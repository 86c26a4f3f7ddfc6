import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { localStateDir, provideKafka, providePostgres } from '@traininghubs/dev-infra';
import { provisionPlatform } from './provision';
import { RestartPolicy } from './restart-policy';
import { clearRunnerState, RESTART_SIGNAL, takeRestartRequests, writeRunnerState, type RunnerState } from './runner-state';
import { describeExit, ServiceProcess, type ServiceExit } from './service-process';
import { DOMAIN_SERVICES, GATEWAY, serviceEntryPoint, type PlatformService } from './services';

/**
 * `npm start`: the whole platform on one machine. Postgres (DATABASE_URL, else the server on
 * 127.0.0.1:5432, else an embedded Postgres), Kafka (KAFKA_BROKERS, else a local broker from the
 * pinned release), provisioning, the five services, then the gateway.
 *
 * It supervises what it started: a service that exits is restarted (at once, then with doubling
 * delays while it keeps failing), its log and the runner's output say why, and the others keep
 * serving. `npm run platform:restart -- <service>` restarts one on request. Ctrl-C or SIGTERM
 * (also to the npm process) stops everything it started.
 */
const READY_TIMEOUT_MS = Number(process.env.PLATFORM_READY_TIMEOUT_MS ?? 90_000);
const STOP_GRACE_MS = 15_000;
const say = (message: string) => process.stdout.write(`[platform] ${message}\n`);

interface Supervised {
  service: PlatformService;
  url: string;
  child: ServiceProcess;
  policy: RestartPolicy;
  startedAt: number;
  restarts: number;
  ready: boolean;
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  const offset = Number(process.env.PLATFORM_PORT_OFFSET ?? 0);
  const logDir = localStateDir('platform', 'logs');
  mkdirSync(logDir, { recursive: true });

  const stoppers: Array<() => Promise<void>> = [];
  const supervised = new Map<string, Supervised>();
  let gatewayUrl: string | undefined;
  let stopping: Promise<void> | undefined;
  // During start-up an exit fails the start (with the service's last lines); once every service
  // is ready, an exit is restarted.
  let supervising = false;

  const publishState = () => {
    const state: RunnerState = { runnerPid: process.pid, gateway: gatewayUrl, services: {} };
    for (const [name, s] of supervised) state.services[name] = { pid: s.child.running ? s.child.pid : undefined, url: s.url, restarts: s.restarts, ready: s.ready };
    writeRunnerState(state);
  };

  const stopAll = (exitCode: number) => {
    stopping ??= (async () => {
      say('stopping…');
      await Promise.allSettled([...supervised.values()].reverse().map((s) => s.child.close(STOP_GRACE_MS)));
      for (const stop of stoppers.reverse()) await stop().catch((e: unknown) => say(`clean-up failed: ${String(e)}`));
      clearRunnerState();
      say('stopped');
      process.exit(exitCode);
    })();
    return stopping;
  };
  process.once('SIGINT', () => void stopAll(0));
  process.once('SIGTERM', () => void stopAll(0));
  process.once('SIGHUP', () => void stopAll(0));

  /** Starts (or starts again) one service and waits until it is ready. */
  const run = async (s: Supervised): Promise<void> => {
    s.startedAt = Date.now();
    s.ready = false;
    s.child.start((exit) => void restartAfterExit(s, exit));
    publishState();
    await s.child.waitReady(s.url, READY_TIMEOUT_MS);
    s.ready = true;
    publishState();
  };

  const restartAfterExit = async (s: Supervised, exit: ServiceExit) => {
    if (stopping || !supervising) return;
    const delay = s.policy.delayAfterExit(Date.now() - s.startedAt);
    s.restarts += 1;
    s.ready = false;
    publishState();
    say(`${s.service.name} exited unexpectedly (${describeExit(exit)}); restarting it in ${delay / 1000}s (restart ${s.restarts}); the others keep serving. Last lines of ${s.child.logFile}:\n${s.child.tail()}`);
    await new Promise((r) => setTimeout(r, delay));
    if (stopping) return;
    try {
      await run(s);
      say(`${s.service.name} ready again on ${s.url} (pid ${s.child.pid})`);
    } catch (error) {
      // its exit has already scheduled the next attempt
      say(`${s.service.name} did not come back: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    }
  };

  process.on(RESTART_SIGNAL, () => {
    for (const name of takeRestartRequests()) {
      const s = supervised.get(name);
      if (!s) {
        say(`restart asked for ${name}, which this runner does not run`);
        continue;
      }
      say(`restarting ${name} on request`);
      void (async () => {
        await s.child.stop(STOP_GRACE_MS);
        s.restarts += 1;
        await run(s);
        say(`${name} ready again on ${s.url} (pid ${s.child.pid})`);
      })().catch((error: unknown) => say(`${name} did not come back: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`));
    }
  });

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
    const supervise = (service: PlatformService, url: string, env: NodeJS.ProcessEnv): Supervised => {
      const child = new ServiceProcess(service.name, serviceEntryPoint(service.name), { ...common, ...env, DATABASE_URL: provisioned.databaseUrls[service.name] }, join(logDir, `${service.name}.log`));
      const s: Supervised = { service, url, child, policy: new RestartPolicy(), startedAt: Date.now(), restarts: 0, ready: false };
      supervised.set(service.name, s);
      return s;
    };

    const domain = DOMAIN_SERVICES.map((service) => supervise(service, urlOf(service), { PORT: String(service.port + offset) }));
    await Promise.all(domain.map((s) => run(s).then(() => say(`${s.service.name} ready on ${s.url} (pid ${s.child.pid})`))));

    const serviceUrls = Object.fromEntries(DOMAIN_SERVICES.map((s) => [s.urlVariable, urlOf(s)]));
    gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
    const gateway = supervise(GATEWAY, gatewayUrl, { ...serviceUrls, GATEWAY_PORT: String(gatewayPort) });
    await run(gateway);
    say(`gateway ready on ${gatewayUrl} (pid ${gateway.child.pid})`);

    supervising = true;
    const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
    say(`Training Hubs platform is ready in ${seconds}s: gateway ${gatewayUrl} (logs in ${logDir}). Ctrl-C stops it.`);
  } catch (error) {
    say(`start failed: ${error instanceof Error ? error.message : String(error)}`);
    await stopAll(1);
  }
}

void main();
