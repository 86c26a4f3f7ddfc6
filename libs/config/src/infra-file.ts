import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * A file under the repository's `infra/` folder (topic manifest, database layout), found by
 * walking up from the calling code: works from the sources, from dist/, and in the image (which
 * ships infra/ beside dist/). INFRA_DIR overrides the search.
 */
export function infraFile(relativePath: string, from: string = __dirname, env: NodeJS.ProcessEnv = process.env): string {
  if (env.INFRA_DIR) return join(env.INFRA_DIR, relativePath);
  let dir = from;
  for (;;) {
    const candidate = join(dir, 'infra', relativePath);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`Cannot find infra/${relativePath} above ${from} (set INFRA_DIR)`);
    dir = parent;
  }
}
