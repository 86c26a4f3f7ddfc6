import { randomBytes } from 'node:crypto';

/** Longest Postgres identifier. */
const MAX_IDENTIFIER = 63;
let counter = 0;

/**
 * A fresh name for one test's topic, consumer group, schema or role: `<prefix>_<time><random>`,
 * lower-case letters, digits and underscores only, at most 63 characters, so it is a plain SQL
 * identifier and a valid part of a Kafka topic name. Time, a per-process counter and random bits
 * keep it unique across parallel suites (other workers, other machines' CI jobs on a shared
 * cluster) and across reruns, so tests never need to clean up before they start.
 */
export function uniqueName(prefix: string): string {
  const suffix = `${Date.now().toString(36)}${(counter++ % 1296).toString(36).padStart(2, '0')}${randomBytes(4).toString('hex')}`;
  let base = prefix.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  if (!/^[a-z_]/.test(base)) base = `t_${base}`.replace(/_+$/, '');
  return `${base.slice(0, MAX_IDENTIFIER - suffix.length - 1)}_${suffix}`;
}

/**
 * The Kafka bootstrap addresses the jest global set-up provided (KAFKA_BROKERS). Throws when
 * the test does not run under an integration config (jest.int.config.js).
 */
export function testKafkaBrokers(): string[] {
  const brokers = (process.env.KAFKA_BROKERS ?? '')
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  if (brokers.length === 0) throw missing('KAFKA_BROKERS');
  return brokers;
}

/**
 * A Postgres superuser URL from the jest global set-up (DATABASE_URL). Tests create their own
 * databases, schemas and roles with it. Throws when not run under an integration config.
 */
export function testDatabaseUrl(): string {
  const url = process.env.DATABASE_URL?.trim();
  if (!url) throw missing('DATABASE_URL');
  return url;
}

function missing(variable: string): Error {
  return new Error(
    `${variable} is not set. Integration tests get it from the jest global set-up ` +
      `(libs/testing/src/jest/global-setup.ts): run them with a project's jest.int.config.js, ` +
      `or set ${variable} yourself to use an existing server.`,
  );
}
