import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

const MARKER = join('infra', 'kafka', 'kafka.json');

/**
 * The workspace root: the nearest directory above `from` holding infra/kafka/kafka.json. Works
 * from the TypeScript sources (tests) and from the compiled output under dist/ alike.
 */
export function findRepoRoot(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, MARKER))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`Cannot find the workspace root (no ${MARKER} above ${from})`);
    dir = parent;
  }
}

/** Git-ignored state of local development infrastructure: `<root>/.local/<parts>`. */
export function localStateDir(...parts: string[]): string {
  return join(findRepoRoot(), '.local', ...parts);
}
