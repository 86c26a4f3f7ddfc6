import {
  IsIn,
  IsInt,
  IsJSON,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  Validate,
  ValidateIf,
  ValidatorConstraint,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';

const POSTGRES_URL = /^postgres(ql)?:\/\/[^\s]+$/;
const BROKER_LIST = /^[^\s,:]+:\d{1,5}(,[^\s,:]+:\d{1,5})*$/;
const SQL_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Who issues the platform's bearer tokens, and for whom: the defaults of the development tokens too. */
export const DEFAULT_AUTH_ISSUER = 'https://traininghubs.nhs.uk';
export const DEFAULT_AUTH_AUDIENCE = 'traininghubs-platform';

/** Production verifies tokens against the identity provider's keys, never the development key. */
@ValidatorConstraint({ name: 'jwksInProduction' })
class JwksInProduction implements ValidatorConstraintInterface {
  validate(mode: unknown, args: ValidationArguments): boolean {
    return (args.object as ServiceEnvironment).NODE_ENV !== 'production' || mode === 'jwks';
  }
  defaultMessage(args: ValidationArguments): string {
    return `${args.property} must be jwks when NODE_ENV=production (the local development key is refused in production)`;
  }
}

/** In production the identity provider's keys are fetched over TLS only. */
@ValidatorConstraint({ name: 'httpsInProduction' })
class HttpsInProduction implements ValidatorConstraintInterface {
  validate(url: unknown, args: ValidationArguments): boolean {
    return (args.object as ServiceEnvironment).NODE_ENV !== 'production' || (typeof url === 'string' && url.startsWith('https://'));
  }
  defaultMessage(args: ValidationArguments): string {
    return `${args.property} must be an https:// URL when NODE_ENV=production`;
  }
}

/**
 * Settings every platform service reads from its environment. A service extends this with its
 * own defaults (port, schema) and settings.
 */
export class ServiceEnvironment {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV = 'development';

  @IsInt()
  @Min(1)
  @Max(65535)
  PORT!: number;

  /** The service's own login role, e.g. postgres://hub_registry:secret@db:5432/traininghubs */
  @Matches(POSTGRES_URL, { message: 'must be a postgres:// URL' })
  DATABASE_URL!: string;

  /** The schema the service owns; its role has rights on this schema alone. */
  @Matches(SQL_IDENTIFIER, { message: 'must be a lower-case SQL identifier' })
  DATABASE_SCHEMA!: string;

  @IsInt()
  @Min(1)
  @Max(100)
  DATABASE_POOL_SIZE: number = 10;

  /** Comma-separated host:port list; use 127.0.0.1 rather than localhost (kafkajs cannot parse IPv6). */
  @Matches(BROKER_LIST, { message: 'must be a comma-separated list of host:port' })
  KAFKA_BROKERS!: string;

  /** Prefixed to every topic name; lets test suites and several environments share one cluster. */
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9._-]*$/, { message: 'must be lower-case letters, digits, dots, dashes or underscores' })
  KAFKA_TOPIC_PREFIX?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** How long a SIGTERM may take to drain in-flight work before the process exits anyway. */
  @IsInt()
  @Min(100)
  @Max(120_000)
  SHUTDOWN_TIMEOUT_MS: number = 10_000;

  /** Largest JSON request body the service reads; a larger one is refused with 413 problem+json. */
  @IsInt()
  @Min(1_024)
  @Max(64 * 1_048_576)
  JSON_BODY_LIMIT_BYTES: number = 1_048_576;

  /**
   * Largest body of a file import (POST …/import, …/snapshot-imports and the like), in bytes (25 MiB):
   * one limit read by the gateway and by the service alike, so a file is accepted or refused the same
   * whichever it reaches.
   */
  @IsInt()
  @Min(1_024)
  @Max(1_024 * 1_048_576)
  IMPORT_BODY_LIMIT_BYTES: number = 26_214_400;

  @IsOptional()
  @IsString()
  SERVICE_INSTANCE_ID?: string;

  /**
   * How callers' bearer tokens are verified: `jwks` against the identity provider's published keys
   * (AUTH_JWKS_URL; required in production), or `local` against the development signing key.
   */
  @IsIn(['local', 'jwks'])
  @Validate(JwksInProduction)
  AUTH_MODE: 'local' | 'jwks' = 'local';

  /** The identity provider's JSON Web Key Set, e.g. https://login.example.nhs.uk/.well-known/jwks.json */
  @ValidateIf((env: ServiceEnvironment) => env.AUTH_MODE === 'jwks' || env.AUTH_JWKS_URL !== undefined)
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { message: 'must be the http(s) URL of the identity provider\'s JSON Web Key Set (required when AUTH_MODE=jwks)' },
  )
  @Validate(HttpsInProduction)
  AUTH_JWKS_URL?: string;

  /** The `iss` every accepted token carries. */
  @IsString()
  @IsNotEmpty()
  AUTH_ISSUER = DEFAULT_AUTH_ISSUER;

  /** The `aud` every accepted token names: the platform as a whole, so one token serves the gateway and the services. */
  @IsString()
  @IsNotEmpty()
  AUTH_AUDIENCE = DEFAULT_AUTH_AUDIENCE;

  /**
   * In local mode, the development public key as a JWK (JSON), for containers that cannot read the
   * repository's `.local/auth/`. Unset, the key in `.local/auth/` is used (made on first use).
   */
  @IsOptional()
  @IsJSON({ message: 'must be a public JWK in JSON' })
  AUTH_LOCAL_PUBLIC_JWK?: string;

  get kafkaBrokers(): string[] {
    return this.KAFKA_BROKERS.split(',');
  }
}
