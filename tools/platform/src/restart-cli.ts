import { readRunnerState, requestRestart, RESTART_SIGNAL } from './runner-state';

/**
 * `npm run platform:restart -- <service>`: asks the running `npm start` to restart one service
 * (stop it gracefully, start it, wait until it is ready), while the others keep serving. Exits 0
 * once the service is ready again, 1 if it is not within PLATFORM_READY_TIMEOUT_MS (90 s), 2 for a
 * wrong service name or no running platform.
 */
const TIMEOUT_MS = Number(process.env.PLATFORM_READY_TIMEOUT_MS ?? 90_000);

async function main(): Promise<number> {
  const name = process.argv[2];
  const state = readRunnerState();
  if (!state || !isAlive(state.runnerPid)) {
    process.stderr.write('No running platform found (start it with npm start).\n');
    return 2;
  }
  const names = Object.keys(state.services);
  if (!name || !names.includes(name)) {
    process.stderr.write(`Say which service to restart: one of ${names.join(', ')}.\n`);
    return 2;
  }
  const before = state.services[name];
  requestRestart(name);
  process.kill(state.runnerPid, RESTART_SIGNAL);
  process.stdout.write(`restarting ${name} (pid ${before.pid ?? '–'})…\n`);
  for (const deadline = Date.now() + TIMEOUT_MS; Date.now() < deadline; ) {
    await new Promise((r) => setTimeout(r, 250));
    const now = readRunnerState()?.services[name];
    if (now && now.ready && now.pid !== undefined && now.pid !== before.pid) {
      process.stdout.write(`${name} is ready again on ${now.url} (pid ${now.pid})\n`);
      return 0;
    }
  }
  process.stderr.write(`${name} was not ready again within ${TIMEOUT_MS} ms; see .local/platform/logs/${name}.log\n`);
  return 1;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

void main().then((code) => process.exit(code));
