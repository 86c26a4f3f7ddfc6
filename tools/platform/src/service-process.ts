import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync, type WriteStream } from 'node:fs';
import { guardProcess, type ProcessGuard } from '@traininghubs/dev-infra';

/** How a service process ended. */
export interface ServiceExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * One platform service running as a child process, its output appended to a log file. A guard
 * (dev-infra's watchdog) stops it if the runner itself dies, however it dies, so a service never
 * outlives the process that started it.
 */
export class ServiceProcess {
  private child?: ChildProcess;
  private guard?: ProcessGuard;
  private log?: WriteStream;
  private exited?: Promise<ServiceExit>;
  private exit: ServiceExit | undefined;
  private stopping = false;

  constructor(
    readonly name: string,
    private readonly entryPoint: string,
    private readonly env: NodeJS.ProcessEnv,
    readonly logFile: string,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.exit === undefined;
  }

  /** Starts the process; `onUnexpectedExit` hears of an exit nobody asked for. */
  start(onUnexpectedExit: (exit: ServiceExit) => void): void {
    this.stopping = false;
    this.exit = undefined;
    this.log ??= createWriteStream(this.logFile, { flags: 'a' });
    const child = spawn(process.execPath, ['--enable-source-maps', this.entryPoint], { env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.pipe(this.log, { end: false });
    child.stderr?.pipe(this.log, { end: false });
    this.child = child;
    if (child.pid !== undefined) this.guard = guardProcess(child.pid, { marker: this.entryPoint, graceMs: 10_000 });
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        this.guard?.release();
        if (!this.stopping) onUnexpectedExit(this.exit);
        resolve(this.exit);
      });
    });
  }

  /** Polls the service's readiness until it answers 200; fails early if the process dies. */
  async waitReady(baseUrl: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`${this.name} exited (${describeExit(this.exit)}) before it was ready:\n${this.tail()}`);
      try {
        const response = await fetch(new URL('/health/ready', baseUrl), { signal: AbortSignal.timeout(2_000) });
        if (response.status === 200) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`${this.name} was not ready within ${timeoutMs} ms:\n${this.tail()}`);
  }

  /** SIGTERM, then SIGKILL if it has not drained within the grace period. */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    if (!this.child || !this.running) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** Stops the process for good and closes its log. */
  async close(graceMs: number): Promise<void> {
    await this.stop(graceMs);
    await new Promise<void>((resolve) => (this.log ? this.log.end(resolve) : resolve()));
  }

  tail(lines = 20): string {
    try {
      return readFileSync(this.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no output)';
    }
  }
}

export function describeExit(exit: ServiceExit | undefined): string {
  if (!exit) return 'still running';
  return exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
}
