import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

const POSTGRES_URL = /^postgres(ql)?:\/\/[^\s]+$/;
const BROKER_LIST = /^[^\s,:]+:\d{1,5}(,[^\s,:]+:\d{1,5})*$/;
const SQL_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

// Numbers need an explicit @Type: a property typed only by its initializer has design:type
// Object, so implicit conversion would leave '50' a string and @IsInt would reject it.
/** What a stand-alone messaging process (a relay, a consumer) reads from its environment. */
export class MessagingProcessEnvironment {
  /** The owning service's login role, e.g. postgres://placements:…@db:5432/traininghubs */
  @Matches(POSTGRES_URL, { message: 'must be a postgres:// URL' })
  DATABASE_URL!: string;

  /** The owning service's schema, where its outbox and inbox live. */
  @Matches(SQL_IDENTIFIER, { message: 'must be a lower-case SQL identifier' })
  DATABASE_SCHEMA!: string;

  @Matches(BROKER_LIST, { message: 'must be a comma-separated list of host:port' })
  KAFKA_BROKERS!: string;

  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9._-]*$/, { message: 'must be lower-case letters, digits, dots, dashes or underscores' })
  KAFKA_TOPIC_PREFIX?: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  DATABASE_POOL_SIZE = 4;

  /** How long SIGTERM may take to finish in-flight work. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(120_000)
  SHUTDOWN_TIMEOUT_MS = 10_000;

  @IsOptional()
  @IsString()
  SERVICE_INSTANCE_ID?: string;

  get kafkaBrokers(): string[] {
    return this.KAFKA_BROKERS.split(',');
  }
}

/** The outbox relay process's settings (see `OutboxRelayOptions`). */
export class OutboxRelayEnvironment extends MessagingProcessEnvironment {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  RELAY_BATCH_SIZE = 500;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  RELAY_MAX_EVENTS_PER_KEY = 100;

  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(600_000)
  RELAY_LEASE_MS = 30_000;

  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(600_000)
  RELAY_POLL_INTERVAL_MS = 1_000;

  @IsIn(['true', 'false'])
  RELAY_LISTEN = 'true';

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000)
  RELAY_MAX_ATTEMPTS = 30;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(600_000)
  RELAY_BACKOFF_INITIAL_MS = 1_000;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3_600_000)
  RELAY_BACKOFF_MAX_MS = 300_000;

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(20)
  RELAY_PRODUCER_RETRIES = 5;

  /** The relay's name in leases; defaults to host, pid and a random tag. */
  @IsOptional()
  @IsString()
  RELAY_OWNER?: string;
}
