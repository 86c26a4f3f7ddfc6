import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { guardProcess } from '../support/process-guard';
import { fileContainsSince, fileSize, tailOf } from '../support/log-file';
import { assertPortFree, freePort } from '../support/ports';
import { findRepoRoot } from '../support/repo-paths';
import { brokerArgs, DEFAULT_HEAP_MB, formatStorageArgs, javaExecutable, type JvmSettings } from './broker-command';
import { newClusterId } from './cluster-id';
import { ensureKafkaJars } from './kafka-jars';
import { renderServerProperties } from './server-properties';
import { waitForKafka } from './wait-for-kafka';

export interface LocalKafkaBrokerOptions {
  /** Broker data (server.properties, partition logs, broker.log). Default: a fresh `.local/kafka/data-<random>`. */
  dataDir?: string;
  /** Keep dataDir on stop. Default: true for a dataDir the caller chose, false for the fresh default. */
  keepData?: boolean;
  /** Client port on 127.0.0.1. Default: a free port chosen by the OS. */
  port?: number;
  /** KRaft controller port on 127.0.0.1. Default: a free port chosen by the OS. */
  controllerPort?: number;
  /** Maximum JVM heap in MiB. Default 512. */
  heapMb?: number;
  /** Broker classpath. Default: ensureKafkaJars() (KAFKA_JARS_DIR, the cache, or Maven). */
  jarsDir?: string;
  startTimeoutMs?: number;
  /** How long SIGTERM may take before SIGKILL. */
  stopTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface LocalKafkaBroker {
  /** Bootstrap addresses, e.g. ['127.0.0.1:40123']. */
  brokers: string[];
  pid: number;
  port: number;
  controllerPort: number;
  dataDir: string;
  /** stdout and stderr of the broker JVM. */
  logFile: string;
  /** Settles when the JVM has exited (for whatever reason). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, wait, SIGKILL after stopTimeoutMs; then removes dataDir unless kept. Idempotent. */
  stop(): Promise<void>;
}

const READY_LINE = 'Kafka Server started';
const MAIN_CLASS = 'kafka.Kafka';

/**
 * Starts a single-node KRaft Apache Kafka broker (the release pinned in infra/kafka/kafka.json)
 * as a child JVM on 127.0.0.1. Resolves once the log says "Kafka Server started" and an admin
 * describeCluster succeeds; rejects with the tail of the broker log on early exit or timeout.
 * The JVM never outlives this process (see support/process-guard.ts).
 */
export async function startLocalKafkaBroker(options: LocalKafkaBrokerOptions = {}): Promise<LocalKafkaBroker> {
  const root = findRepoRoot();
  const jarsDir = options.jarsDir ?? (await ensureKafkaJars({ root, log: options.log })).dir;
  const { port, controllerPort } = await choosePorts(options);
  const dataDir = options.dataDir ?? join(root, '.local', 'kafka', `data-${randomBytes(6).toString('hex')}`);
  const keepData = options.keepData ?? options.dataDir !== undefined;
  const stopTimeoutMs = options.stopTimeoutMs ?? 15_000;

  const propertiesFile = join(dataDir, 'server.properties');
  const logFile = join(dataDir, 'broker.log');
  const jvm: JvmSettings = {
    jarsDir,
    log4jConfig: join(root, 'infra', 'kafka', 'local', 'log4j2.xml'),
    logsDir: join(dataDir, 'logs'),
    heapMb: options.heapMb ?? DEFAULT_HEAP_MB,
  };
  const removeData = async () => {
    if (!keepData) await rm(dataDir, { recursive: true, force: true });
  };

  const kraftDir = join(dataDir, 'kraft');
  await mkdir(jvm.logsDir, { recursive: true });
  await writeFile(propertiesFile, renderServerProperties({ port, controllerPort, logDir: kraftDir }));
  // A kept data directory is formatted already (with its own cluster id, which a new format
  // would refuse to overwrite): it simply starts again, on whatever ports this run uses.
  if (!existsSync(join(kraftDir, 'meta.properties'))) {
    try {
      await runJava(formatStorageArgs(jvm, newClusterId(), propertiesFile), dataDir);
    } catch (error) {
      await removeData();
      throw error;
    }
  }

  const readFrom = fileSize(logFile);
  const out = openSync(logFile, 'a');
  const child = spawn(javaExecutable(), brokerArgs(jvm, propertiesFile), { cwd: dataDir, stdio: ['ignore', out, out] });
  closeSync(out);
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve((exit = { code, signal })));
  });
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (error) => reject(new Error(`Cannot run ${javaExecutable()}: ${error.message}`)));
  }).catch(async (error: unknown) => {
    await removeData();
    throw error;
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('The broker JVM has no pid');
  const guard = guardProcess(pid, { marker: MAIN_CLASS, graceMs: stopTimeoutMs, cleanupDir: keepData ? undefined : dataDir });

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      if (!exit) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
        await exited;
        clearTimeout(timer);
      }
      guard.release();
      await removeData();
    })());

  const brokers = [`127.0.0.1:${port}`];
  const startTimeoutMs = options.startTimeoutMs ?? 120_000;
  const started = Date.now();
  try {
    await waitForLine(logFile, readFrom, startTimeoutMs, () => exit);
    await waitForKafka(brokers, {
      timeoutMs: Math.max(5_000, startTimeoutMs - (Date.now() - started)),
      abortReason: () => (exit ? describeExit(exit) : undefined),
    });
  } catch (error) {
    const tail = await tailOf(logFile);
    await stop();
    throw new Error(
      `Local Kafka broker (${brokers[0]}, data ${dataDir}) did not become ready: ${(error as Error).message}\n--- broker log (last lines) ---\n${tail}`,
    );
  }
  options.log?.(`Kafka broker ready on ${brokers[0]} (pid ${pid}) in ${Date.now() - started} ms`);
  return { brokers, pid, port, controllerPort, dataDir, logFile, exited, stop };
}

async function choosePorts(options: LocalKafkaBrokerOptions): Promise<{ port: number; controllerPort: number }> {
  if (options.port !== undefined) await assertPortFree(options.port);
  if (options.controllerPort !== undefined) await assertPortFree(options.controllerPort);
  const port = options.port ?? (await freePort());
  let controllerPort = options.controllerPort ?? (await freePort());
  while (controllerPort === port) controllerPort = await freePort();
  return { port, controllerPort };
}

async function waitForLine(
  logFile: string,
  from: number,
  timeoutMs: number,
  exitOf: () => { code: number | null; signal: NodeJS.Signals | null } | undefined,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await fileContainsSince(logFile, READY_LINE, from)) return;
    const exit = exitOf();
    if (exit) throw new Error(describeExit(exit));
    if (Date.now() > deadline) throw new Error(`no "${READY_LINE}" in the log within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function describeExit(exit: { code: number | null; signal: NodeJS.Signals | null }): string {
  return `the broker JVM exited early (${exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`})`;
}

function runJava(args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(javaExecutable(), args, { cwd, timeout: 120_000 }, (error, stdout, stderr) => {
      if (!error) return resolve();
      const output = `${stdout}\n${stderr}`.trim() || error.message;
      reject(new Error(`Formatting the Kafka storage failed (${javaExecutable()} kafka.tools.StorageTool format):\n${output}`));
    });
  });
}
