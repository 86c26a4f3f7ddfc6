/**
 * The local Apache Kafka broker from the command line (release pinned in infra/kafka/kafka.json).
 *
 *   node dist/libs/dev-infra/src/cli/kafka-local.js start [--port 9092] [--controller-port 9093]
 *                                                        [--data-dir DIR] [--keep-data] [--heap-mb 512]
 *   node dist/libs/dev-infra/src/cli/kafka-local.js fetch
 *
 * `start` runs one broker in the foreground until Ctrl-C (SIGINT) or SIGTERM; `--port 0` picks a
 * free port. `fetch` only downloads the broker jars into the cache (CI pre-fetches with it).
 */
import { parseArgs } from 'node:util';
import { ensureKafkaJars } from '../kafka/kafka-jars';
import { readKafkaRelease } from '../kafka/kafka-release';
import { startLocalKafkaBroker, type LocalKafkaBroker } from '../kafka/local-broker';
import { tailOf } from '../support/log-file';

const USAGE = `usage: kafka-local start [--port N] [--controller-port N] [--data-dir DIR] [--keep-data] [--heap-mb N]
       kafka-local fetch`;

const say = (line: string) => process.stdout.write(`[kafka-local] ${line}\n`);

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      'controller-port': { type: 'string' },
      'data-dir': { type: 'string' },
      'keep-data': { type: 'boolean' },
      'heap-mb': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command] = positionals;
  if (values.help || positionals.length !== 1 || (command !== 'start' && command !== 'fetch')) {
    process.stderr.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const release = readKafkaRelease();

  if (command === 'fetch') {
    const started = Date.now();
    const jars = await ensureKafkaJars({ release, log: say });
    say(`Apache Kafka ${release.version} jars in ${jars.dir} (${jars.origin}, ${Date.now() - started} ms)`);
    return 0;
  }

  const port = integer(values.port ?? '9092', '--port');
  const started = Date.now();
  const broker = await startLocalKafkaBroker({
    port: port === 0 ? undefined : port,
    controllerPort: values['controller-port'] ? integer(values['controller-port'], '--controller-port') : port === 0 ? undefined : port + 1,
    dataDir: values['data-dir'],
    keepData: values['keep-data'],
    heapMb: values['heap-mb'] ? integer(values['heap-mb'], '--heap-mb', 65536) : undefined,
    log: say,
  });
  say(`Apache Kafka ${release.version} ready in ${Date.now() - started} ms (pid ${broker.pid}, data ${broker.dataDir})`);
  say(`KAFKA_BROKERS=${broker.brokers.join(',')}`);
  say('Ctrl-C stops it.');
  return runUntilSignal(broker);
}

function runUntilSignal(broker: LocalKafkaBroker): Promise<number> {
  return new Promise((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      say(`${signal}: stopping the broker…`);
      const started = Date.now();
      broker.stop().then(
        () => {
          say(`stopped in ${Date.now() - started} ms`);
          resolve(0);
        },
        (error: unknown) => {
          say(`stop failed: ${String(error)}`);
          resolve(1);
        },
      );
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    process.on('SIGHUP', stop);
    broker.exited.then(async (exit) => {
      if (stopping) return;
      stopping = true;
      say(`the broker exited unexpectedly (code ${exit.code}, signal ${exit.signal}); last log lines:\n${await tailOf(broker.logFile)}`);
      await broker.stop().catch(() => undefined);
      resolve(1);
    });
  });
}

function integer(value: string, name: string, max = 65535): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > max) throw new Error(`${name} must be a whole number from 0 to ${max}, got "${value}"`);
  return n;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`[kafka-local] ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
