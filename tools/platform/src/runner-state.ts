import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { localStateDir } from '@traininghubs/dev-infra';

/**
 * What a running `npm start` tells the operator's commands: its own pid and each service's pid,
 * URL and restarts, in `<state dir>/runner.json`; and where they ask it to restart a service
 * (`<state dir>/restart-requests/<service>`, then SIGUSR2 to the runner).
 */
export interface RunnerState {
  runnerPid: number;
  gateway?: string;
  services: Record<string, { pid?: number; url: string; restarts: number; ready: boolean }>;
}

export const RESTART_SIGNAL: NodeJS.Signals = 'SIGUSR2';

export function runnerStateDir(): string {
  return process.env.PLATFORM_STATE_DIR ?? localStateDir('platform');
}

const stateFile = () => join(runnerStateDir(), 'runner.json');
const requestDir = () => join(runnerStateDir(), 'restart-requests');

export function writeRunnerState(state: RunnerState): void {
  mkdirSync(runnerStateDir(), { recursive: true });
  const file = stateFile();
  writeFileSync(`${file}.tmp`, JSON.stringify(state, null, 2));
  // rename is atomic: a reader never sees half a file
  renameSync(`${file}.tmp`, file);
}

export function readRunnerState(): RunnerState | undefined {
  try {
    return JSON.parse(readFileSync(stateFile(), 'utf8')) as RunnerState;
  } catch {
    return undefined;
  }
}

export function clearRunnerState(): void {
  rmSync(stateFile(), { force: true });
  rmSync(requestDir(), { recursive: true, force: true });
}

export function requestRestart(service: string): void {
  mkdirSync(requestDir(), { recursive: true });
  writeFileSync(join(requestDir(), service), String(Date.now()));
}

/** The services asked to restart since last read; the requests are taken (removed). */
export function takeRestartRequests(): string[] {
  let names: string[] = [];
  try {
    names = readdirSync(requestDir());
  } catch {
    return [];
  }
  for (const name of names) rmSync(join(requestDir(), name), { force: true });
  return names;
}
