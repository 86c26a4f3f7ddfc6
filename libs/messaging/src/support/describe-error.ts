/** A short, single-line description of an error for headers, logs and `last_error` columns. */
export function describeError(error: unknown, maxLength = 2_000): string {
  const line = textOf(error).replace(/\s+/g, ' ').trim() || 'unknown error';
  return line.length > maxLength ? `${line.slice(0, maxLength - 1)}…` : line;
}

function textOf(error: unknown): string {
  // Duck-typed: errors from another realm (Node internals under a test runner) fail `instanceof`.
  if (error instanceof Error || (typeof error === 'object' && error !== null && typeof (error as Error).message === 'string')) {
    const { name, message } = error as Error;
    // Kafka and Postgres errors carry a machine-readable kind (`MESSAGE_TOO_LARGE`, `40001`).
    const kind = kindOf(error) ?? kindOf((error as { cause?: unknown }).cause);
    return `${name ?? 'Error'}${kind ? ` [${kind}]` : ''}: ${message}`;
  }
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}

function kindOf(error: unknown): string | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const { type, code } = error as { type?: unknown; code?: unknown };
  return typeof type === 'string' ? type : typeof code === 'string' ? code : undefined;
}
