import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync, type WriteStream } from 'node:fs';

/** One platform service running as a child process, its output in a log file. */
export class ServiceProcess {
  private child?: ChildProcess;
  private log?: WriteStream;
  private exited?: Promise<number | null>;
  private exitCode: number | null | undefined;

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
    return this.child !== undefined && this.exitCode === undefined;
  }

  start(onUnexpectedExit: (code: number | null) => void): void {
    this.log = createWriteStream(this.logFile, { flags: 'a' });
    const child = spawn(process.execPath, ['--enable-source-maps', this.entryPoint], { env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.pipe(this.log, { end: false });
    child.stderr?.pipe(this.log, { end: false });
    this.child = child;
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitCode = code ?? (signal ? null : 0);
        if (!this.stopping) onUnexpectedExit(this.exitCode);
        resolve(this.exitCode);
      });
    });
  }

  private stopping = false;

  /** Polls the service's readiness until it answers 200; fails early if the process dies. */
  async waitReady(baseUrl: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`${this.name} exited (code ${this.exitCode}) before it was ready:\n${this.tail()}`);
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
    if (!this.child || !this.running) return this.closeLog();
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
    await this.closeLog();
  }

  tail(lines = 20): string {
    try {
      return readFileSync(this.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no output)';
    }
  }

  private closeLog(): Promise<void> {
    return new Promise((resolve) => (this.log ? this.log.end(resolve) : resolve()));
  }
}
