import { spawn } from 'node:child_process';
import type { Socket } from 'node:net';

/**
 * Keeps a long-running process this one started (the local Kafka broker, embedded Postgres)
 * from outliving it. Two layers:
 *
 * 1. `process.on('exit')` sends the stop signal to the process: covers a normal exit and
 *    process.exit(). (It does not run when Node dies from a signal or SIGKILL, and inside jest test files
 *    `process` is a sandboxed copy whose 'exit' never fires; hence layer 2.)
 * 2. A watchdog: a tiny detached Node process whose stdin is a pipe from this process. The kernel
 *    closes that pipe whenever this process ends, however it ends (crash, SIGKILL, OOM), so EOF
 *    on stdin means "the parent is gone". The watchdog then sends the stop signal, escalates to
 *    SIGKILL after `graceMs`, removes `cleanupDir` if given, and exits. It ignores SIGINT/SIGTERM/SIGHUP
 *    so a Ctrl-C in the terminal cannot take it down before it has done its job, and it exits
 *    by itself once the child is gone. Before signalling it checks (on Linux, via /proc) that
 *    the pid still runs a command line containing `marker`, so a recycled pid is never hit.
 *
 * `release()` after a normal stop removes both layers (the watchdog is SIGKILLed: it must not
 * clean up a directory the caller chose to keep).
 */
export interface ProcessGuard {
  release(): void;
}

export interface ProcessGuardOptions {
  /** Text the process's command line contains (e.g. its main class). */
  marker: string;
  /** How long the stop signal may take before SIGKILL. */
  graceMs: number;
  /** Removed by the watchdog after it has stopped an orphaned process. */
  cleanupDir?: string;
  /** The signal that asks the process to shut down cleanly. Default SIGTERM. */
  stopSignal?: NodeJS.Signals;
}

const WATCHDOG = `
const fs = require('node:fs');
const [pidArg, marker, graceArg, stopSignal, cleanupDir] = process.argv.slice(1);
const pid = Number(pidArg);
const parentAtStart = process.ppid;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => {});
const alive = () => {
  try { process.kill(pid, 0); } catch { return false; }
  try { return fs.readFileSync('/proc/' + pid + '/cmdline', 'utf8').includes(marker); } catch { return true; }
};
const finish = () => {
  if (cleanupDir) { try { fs.rmSync(cleanupDir, { recursive: true, force: true }); } catch {} }
  process.exit(0);
};
let stopping = false;
const parentGone = () => {
  if (stopping) return;
  stopping = true;
  if (!alive()) return finish();
  try { process.kill(pid, stopSignal); } catch {}
  const deadline = Date.now() + Number(graceArg);
  setInterval(() => {
    if (!alive()) return finish();
    if (Date.now() > deadline) { try { process.kill(pid, 'SIGKILL'); } catch {} }
  }, 100);
};
process.stdin.on('end', parentGone);
process.stdin.on('close', parentGone);
process.stdin.on('error', parentGone);
process.stdin.resume();
setInterval(() => {
  if (stopping || alive()) return;
  if (process.ppid !== parentAtStart) return parentGone();
  process.exit(0);
}, 1000);
`;

export function guardProcess(pid: number, options: ProcessGuardOptions): ProcessGuard {
  const stopSignal = options.stopSignal ?? 'SIGTERM';
  const onExit = () => {
    try {
      process.kill(pid, stopSignal);
    } catch {
      // already gone
    }
  };
  process.on('exit', onExit);

  const watchdog = spawn(
    process.execPath,
    ['-e', WATCHDOG, String(pid), options.marker, String(options.graceMs), stopSignal, options.cleanupDir ?? ''],
    { detached: true, stdio: ['pipe', 'ignore', 'ignore'], env: { ...process.env, NODE_OPTIONS: '' } },
  );
  watchdog.unref();
  (watchdog.stdin as Socket | null)?.unref();
  watchdog.stdin?.on('error', () => undefined);

  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      process.removeListener('exit', onExit);
      watchdog.kill('SIGKILL');
    },
  };
}
