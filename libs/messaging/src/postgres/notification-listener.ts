import { Client, type ClientConfig } from 'pg';
import type { DataSourceOptions } from 'typeorm';
import { backoffDelay, type BackoffPolicy } from '../retry/backoff';
import { describeError } from '../support/describe-error';
import type { MessagingLogger } from '../support/messaging-logger';
import { quoteIdentifier } from './sql-names';

const RECONNECT: BackoffPolicy = { initialDelayMs: 500, maxDelayMs: 15_000 };

/** pg client settings for the same database a TypeORM data source uses. */
export function clientConfigFrom(options: DataSourceOptions, applicationName: string): ClientConfig {
  if (options.type !== 'postgres') throw new Error(`messaging needs a postgres data source, not ${options.type}`);
  return {
    connectionString: options.url,
    host: options.host,
    port: options.port,
    user: options.username,
    password: options.password,
    database: options.database,
    ssl: options.ssl as ClientConfig['ssl'],
    application_name: applicationName,
    keepAlive: true,
    connectionTimeoutMillis: 5_000,
  };
}

/**
 * Holds one dedicated connection that `LISTEN`s on a channel and calls `onNotify` for each
 * notification. Reconnects with backoff when the connection drops (and calls `onNotify` once on
 * reconnecting, since notifications sent meanwhile were lost).
 */
export class NotificationListener {
  private client?: Client;
  private stopped = false;
  private failures = 0;
  private retryTimer?: NodeJS.Timeout;
  private readonly lostClients = new WeakSet<Client>();

  constructor(
    private readonly config: ClientConfig,
    private readonly channel: string,
    private readonly onNotify: () => void,
    private readonly logger: MessagingLogger,
  ) {}

  start(): void {
    this.stopped = false;
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client(this.config);
    client.on('notification', (n) => {
      if (n.channel === this.channel) this.onNotify();
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    try {
      await client.connect();
      await client.query(`LISTEN ${quoteIdentifier(this.channel)}`);
      if (this.stopped) {
        await client.end();
        return;
      }
      this.client = client;
      if (this.failures > 0) this.onNotify();
      this.failures = 0;
    } catch (error) {
      this.lost(client, error);
    }
  }

  private lost(client: Client, error: unknown): void {
    if (this.stopped || this.lostClients.has(client)) return;
    this.lostClients.add(client);
    this.client = undefined;
    client.removeAllListeners('end');
    client.end().catch(() => undefined);
    this.failures += 1;
    const delay = backoffDelay(this.failures, RECONNECT);
    this.logger.warn('outbox listener lost its connection; polling continues', { channel: this.channel, error: describeError(error), retryInMs: delay });
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.connect(), delay);
  }
}
