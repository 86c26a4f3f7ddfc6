/**
 * What the messaging classes need from a logger. pino and the Nest logger fit behind a small
 * adapter; the default writes warnings and errors as JSON lines to stderr.
 */
export interface MessagingLogger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const write = (level: string) => (message: string, fields?: Record<string, unknown>) => {
  process.stderr.write(`${JSON.stringify({ level, time: new Date().toISOString(), msg: message, ...fields })}\n`);
};

export const defaultMessagingLogger: MessagingLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: write('warn'),
  error: write('error'),
};
