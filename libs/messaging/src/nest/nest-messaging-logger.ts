import { Logger } from '@nestjs/common';
import type { MessagingLogger } from '../support/messaging-logger';

const logger = new Logger('Messaging');
const entry = (message: string, fields?: Record<string, unknown>) => (fields ? { message, ...fields } : message);

/** The messaging classes' log lines through the application's Nest logger (pino in services). */
export const nestMessagingLogger: MessagingLogger = {
  debug: (message, fields) => logger.debug(entry(message, fields)),
  info: (message, fields) => logger.log(entry(message, fields)),
  warn: (message, fields) => logger.warn(entry(message, fields)),
  error: (message, fields) => logger.error(entry(message, fields)),
};
