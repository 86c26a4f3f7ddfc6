import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findRepoRoot } from '../support/repo-paths';

/** The one pinned Apache Kafka release (infra/kafka/kafka.json). */
export interface KafkaRelease {
  /** Apache Kafka version, e.g. 4.1.2. */
  version: string;
  /** Scala binary version of the broker artifact (kafka_<scalaVersion>). */
  scalaVersion: string;
  /** log4j2 version of the logging backend added to the broker classpath. */
  log4jVersion: string;
  /** Container image of the same release, e.g. apache/kafka:4.1.2. */
  image: string;
}

const VERSION = /^\d+\.\d+(\.\d+)?$/;

export function kafkaReleaseFile(root: string = findRepoRoot()): string {
  return join(root, 'infra', 'kafka', 'kafka.json');
}

/** Reads and checks infra/kafka/kafka.json. */
export function readKafkaRelease(file: string = kafkaReleaseFile()): KafkaRelease {
  return parseKafkaRelease(JSON.parse(readFileSync(file, 'utf8')), file);
}

export function parseKafkaRelease(raw: unknown, source = 'kafka.json'): KafkaRelease {
  const value = (raw ?? {}) as Record<string, unknown>;
  const field = (name: keyof KafkaRelease, pattern: RegExp): string => {
    const v = value[name];
    if (typeof v !== 'string' || !pattern.test(v)) throw new Error(`${source}: "${name}" is missing or malformed`);
    return v;
  };
  const release: KafkaRelease = {
    version: field('version', /^\d+\.\d+\.\d+$/),
    scalaVersion: field('scalaVersion', VERSION),
    log4jVersion: field('log4jVersion', /^\d+\.\d+\.\d+$/),
    image: field('image', /^[a-z0-9./_-]+:[A-Za-z0-9._-]+$/),
  };
  const tag = release.image.slice(release.image.lastIndexOf(':') + 1);
  if (tag !== release.version) {
    throw new Error(`${source}: image tag "${tag}" must equal version "${release.version}"`);
  }
  return release;
}

/**
 * The Maven user properties infra/kafka/local/pom.xml reads. The pom pins no version itself, so
 * kafka.json stays the only place a version is written.
 */
export function mavenVersionProperties(release: KafkaRelease): Record<string, string> {
  return {
    'kafka.version': release.version,
    'scala.version': release.scalaVersion,
    'log4j.version': release.log4jVersion,
  };
}

export function mavenPropertyArgs(release: KafkaRelease): string[] {
  return Object.entries(mavenVersionProperties(release)).map(([key, value]) => `-D${key}=${value}`);
}
