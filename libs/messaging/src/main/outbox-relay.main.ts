// The outbox relay as a process of its own: `node dist/libs/messaging/src/main/outbox-relay.main.js`
// with DATABASE_URL, DATABASE_SCHEMA, KAFKA_BROKERS (and RELAY_* settings) in the environment.
import { ConfigurationError } from '@traininghubs/config';
import { describeError } from '../support/describe-error';
import { runOutboxRelayProcess } from './messaging-process';

runOutboxRelayProcess().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigurationError ? error.message : `outbox relay failed to start: ${describeError(error)}`}\n`);
  process.exit(1);
});
