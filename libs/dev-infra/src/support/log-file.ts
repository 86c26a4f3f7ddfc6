import { existsSync, statSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';

/** Size of a file now (0 if it does not exist): where to start looking for new lines. */
export function fileSize(file: string): number {
  return existsSync(file) ? statSync(file).size : 0;
}

/** Whether the file holds `text` after byte offset `from`. */
export async function fileContainsSince(file: string, text: string, from: number): Promise<boolean> {
  if (!existsSync(file)) return false;
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    if (size <= from) return false;
    const buffer = Buffer.alloc(size - from);
    await handle.read(buffer, 0, buffer.length, from);
    return buffer.toString('utf8').includes(text);
  } finally {
    await handle.close();
  }
}

/** The last `lines` lines of a file, for error messages ('' if it cannot be read). */
export async function tailOf(file: string, lines = 40): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
