// The fault model's consumer as a child process of a fault test (`runInboxConsumerProcess`), with
// a fault armed from the environment:
//   FAULT_HOOK=insideTransaction|afterDatabaseCommit   where to stop
//   FAULT_AT=n                                         at the n-th event this process applies (default 1)
// At the hook it prints {"event":"hook",…} and hangs until the parent kills it. On SIGTERM it
// stops cleanly and prints {"event":"stopped","outcomes":{…}} (events by outcome, this process).
import { Registry } from 'prom-client';
import { jsonCodec } from '../envelope/payload-codec';
import type { ReceivedEvent } from '../inbox/received-event';
import { runInboxConsumerProcess } from '../main/messaging-process';
import type { MessagingLogger } from '../support/messaging-logger';
import { consumerOutcomes, QUICK_CONSUMER } from './fault-harness';
import { effectHandler, FAULT_EVENT_TYPE, FAULT_GROUP, FAULT_TOPIC, type AccountChanged } from './fault-model';

const say = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`);
const log = (level: string) => (msg: string, fields?: Record<string, unknown>) => say({ event: 'log', level, msg, ...fields });
const logger: MessagingLogger = { debug: () => undefined, info: log('info'), warn: log('warn'), error: log('error') };

const hook = process.env.FAULT_HOOK;
const at = Number(process.env.FAULT_AT ?? '1');
const schema = process.env.DATABASE_SCHEMA ?? '';
let applied = 0;

const fault = (name: string) => async (event: ReceivedEvent) => {
  if (name !== hook || ++applied !== at) return;
  const payload = event.payload as AccountChanged;
  say({ event: 'hook', hook: name, eventId: event.envelope.id, key: payload.key, version: payload.version, partition: event.partition, offset: event.offset });
  await new Promise<never>(() => undefined);
};

async function main(): Promise<void> {
  const registry = new Registry();
  const running = await runInboxConsumerProcess({
    group: FAULT_GROUP,
    topics: [FAULT_TOPIC],
    codec: jsonCodec,
    handlers: { [FAULT_EVENT_TYPE]: effectHandler(schema) },
    ...QUICK_CONSUMER,
    registry,
    logger,
    handleSignals: false,
    hooks: { insideTransaction: fault('insideTransaction'), afterDatabaseCommit: fault('afterDatabaseCommit') },
  });
  process.once('SIGTERM', () => {
    running.stop().then(
      async () => {
        say({ event: 'stopped', outcomes: await consumerOutcomes(registry) });
        process.exit(0);
      },
      (error: unknown) => {
        process.stderr.write(`consumer child did not stop cleanly: ${String(error)}\n`);
        process.exit(1);
      },
    );
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`consumer child failed: ${String(error)}\n`);
  process.exit(1);
});
