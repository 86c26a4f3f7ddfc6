import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { findRepoRoot } from '../support/repo-paths';

/**
 * For integration tests that need this library in a separate, plain Node process (one the test
 * can kill, or one outside jest's module sandbox): the workspace libs compiled with the repo's
 * own swc set-up into .local/test-build/<random>, under the repo so node_modules resolve.
 */
export class CompiledLibs {
  readonly outDir: string;
  private readonly root = findRepoRoot();

  constructor() {
    this.outDir = join(this.root, '.local', 'test-build', randomBytes(4).toString('hex'));
    execFileSync(join(this.root, 'node_modules', '.bin', 'swc'), ['libs', '-d', this.outDir, '--quiet'], { cwd: this.root, stdio: 'pipe' });
  }

  /** Absolute path of a compiled module, e.g. module('dev-infra/src/kafka/local-broker'). */
  module(path: string): string {
    return join(this.outDir, 'libs', `${path}.js`);
  }

  /** Runs `script` (CommonJS) in a new Node process; its stdout lines are JSON messages. */
  run(script: string): CompiledProcess {
    const child = spawn(process.execPath, ['-e', script], { cwd: this.root, stdio: ['pipe', 'pipe', 'pipe'] });
    return new CompiledProcess(child);
  }

  remove(): void {
    rmSync(this.outDir, { recursive: true, force: true });
  }
}

export class CompiledProcess {
  private readonly messages: unknown[] = [];
  private readonly waiters: Array<() => void> = [];
  private stderr = '';
  readonly exited: Promise<number | null>;

  constructor(readonly child: ChildProcess) {
    if (!child.stdout || !child.stderr || !child.stdin) throw new Error('CompiledProcess needs piped stdio');
    createInterface({ input: child.stdout }).on('line', (line) => {
      try {
        this.messages.push(JSON.parse(line));
      } catch {
        return;
      }
      this.waiters.splice(0).forEach((wake) => wake());
    });
    child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    this.exited.then(() => this.waiters.splice(0).forEach((wake) => wake()));
  }

  /** The next JSON message on stdout; rejects (with the child's stderr) if it exits first or on timeout. */
  async next<T>(timeoutMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let exited = false;
    this.exited.then(() => (exited = true));
    while (this.messages.length === 0) {
      if (exited) throw new Error(`The process exited before sending a message:\n${this.stderr}`);
      if (Date.now() > deadline) throw new Error(`No message within ${timeoutMs} ms:\n${this.stderr}`);
      await new Promise<void>((wake) => {
        this.waiters.push(wake);
        setTimeout(wake, 250);
      });
    }
    return this.messages.shift() as T;
  }

  send(line: string): void {
    this.child.stdin?.write(`${line}\n`);
  }
}
