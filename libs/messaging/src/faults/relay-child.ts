// The outbox relay as a child process of a fault test (`runOutboxRelayProcess`), with a fault
// armed from the environment:
//   FAULT_HOOK=afterClaim|afterPublish  where to stop
//   FAULT_AT_CYCLE=n                    on the n-th non-empty cycle (default 1)
//   FAULT_ACTION=hang|stop              hang: wait there for the parent's SIGKILL;
//                                       stop: SIGSTOP itself (the parent resumes it with SIGCONT)
// It prints {"event":"hook",…} (with the claimed event ids) before either, and its log as JSON lines.
import type { ClaimedEvent } from '../relay/claimed-event';
import { runOutboxRelayProcess } from '../main/messaging-process';
import type { MessagingLogger } from '../support/messaging-logger';

const say = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`);
const log = (level: string) => (msg: string, fields?: Record<string, unknown>) => say({ event: 'log', level, msg, ...fields });
const logger: MessagingLogger = { debug: () => undefined, info: log('info'), warn: log('warn'), error: log('error') };

const hook = process.env.FAULT_HOOK;
const atCycle = Number(process.env.FAULT_AT_CYCLE ?? '1');
const action = process.env.FAULT_ACTION ?? 'hang';
let cycles = 0;

const fault = (name: string) => async (events: readonly ClaimedEvent[]) => {
  if (name !== hook || ++cycles !== atCycle) return;
  say({ event: 'hook', hook: name, cycle: cycles, eventIds: events.map((e) => e.eventId), keys: [...new Set(events.map((e) => e.partitionKey))] });
  if (action === 'stop') {
    process.kill(process.pid, 'SIGSTOP');
    say({ event: 'resumed', hook: name });
    return;
  }
  await new Promise<never>(() => undefined);
};

runOutboxRelayProcess({ logger, hooks: { afterClaim: fault('afterClaim'), afterPublish: fault('afterPublish') } }).catch((error: unknown) => {
  process.stderr.write(`relay child failed: ${String(error)}\n`);
  process.exit(1);
});
