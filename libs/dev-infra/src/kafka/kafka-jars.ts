import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { findRepoRoot } from '../support/repo-paths';
import { mavenPropertyArgs, readKafkaRelease, type KafkaRelease } from './kafka-release';

/** Pinned: Maven 3.8 would otherwise pick dependency plugin 2.8. */
export const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies';

export interface KafkaJars {
  /** Directory holding the broker classpath (`<dir>/*`). */
  dir: string;
  /** Where the jars came from: the KAFKA_JARS_DIR override, the cache, or Maven just now. */
  origin: 'override' | 'cache' | 'maven';
}

export interface EnsureKafkaJarsOptions {
  release?: KafkaRelease;
  root?: string;
  env?: NodeJS.ProcessEnv;
  /** Progress lines (Maven runs take tens of seconds when ~/.m2 is cold). */
  log?: (line: string) => void;
}

/** `.local/kafka/<version>`: the cache of one release's classpath. */
export function kafkaCacheDir(release: KafkaRelease, root: string = findRepoRoot()): string {
  return join(root, '.local', 'kafka', release.version);
}

/** The Maven command line that copies the broker classpath into outputDirectory. */
export function mavenFetchArgs(release: KafkaRelease, pom: string, outputDirectory: string): string[] {
  return [
    '-B',
    '--no-transfer-progress',
    '-f',
    pom,
    DEPENDENCY_PLUGIN,
    '-DincludeScope=runtime',
    `-DoutputDirectory=${outputDirectory}`,
    ...mavenPropertyArgs(release),
  ];
}

/**
 * The broker classpath for the pinned release: KAFKA_JARS_DIR if set, else the cache under
 * .local/kafka/<version>/libs, filled by Maven on first use. A completion marker, written last,
 * tells a finished cache from an interrupted one; a second call with the marker never runs Maven.
 */
export async function ensureKafkaJars(options: EnsureKafkaJarsOptions = {}): Promise<KafkaJars> {
  const env = options.env ?? process.env;
  const root = options.root ?? findRepoRoot();
  const release = options.release ?? readKafkaRelease(join(root, 'infra', 'kafka', 'kafka.json'));

  if (env.KAFKA_JARS_DIR) {
    assertBrokerJars(env.KAFKA_JARS_DIR, release, 'KAFKA_JARS_DIR');
    return { dir: env.KAFKA_JARS_DIR, origin: 'override' };
  }

  const cache = kafkaCacheDir(release, root);
  const dir = join(cache, 'libs');
  const marker = join(cache, 'libs.complete.json');
  const expected = JSON.stringify({ version: release.version, scalaVersion: release.scalaVersion, log4jVersion: release.log4jVersion });
  if (await readText(marker) === expected && existsSync(dir)) return { dir, origin: 'cache' };

  const partial = join(cache, `libs.partial-${randomBytes(4).toString('hex')}`);
  await mkdir(cache, { recursive: true });
  try {
    const pom = join(root, 'infra', 'kafka', 'local', 'pom.xml');
    options.log?.(`Fetching Apache Kafka ${release.version} jars from Maven Central into ${dir}`);
    await runMaven(mavenFetchArgs(release, pom, partial), env);
    assertBrokerJars(partial, release, 'Maven output');
    // Another process may have filled the cache meanwhile: its result is as good as ours.
    if (await readText(marker) === expected && existsSync(dir)) return { dir, origin: 'cache' };
    await rm(marker, { force: true });
    await rm(dir, { recursive: true, force: true });
    await rename(partial, dir);
    await writeFile(marker, expected);
    return { dir, origin: 'maven' };
  } finally {
    await rm(partial, { recursive: true, force: true });
  }
}

function assertBrokerJars(dir: string, release: KafkaRelease, what: string): void {
  const brokerJar = `kafka_${release.scalaVersion}-${release.version}.jar`;
  const files = existsSync(dir) ? readdirSync(dir) : [];
  if (!files.includes(brokerJar)) throw new Error(`${what} ${dir} does not hold ${brokerJar}`);
}

async function readText(file: string): Promise<string | undefined> {
  return readFile(file, 'utf8').catch(() => undefined);
}

function runMaven(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const mvn = env.MAVEN_CMD || 'mvn';
  return new Promise((resolve, reject) => {
    execFile(mvn, args, { env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) return resolve();
      const tail = `${stdout}\n${stderr}`.trim().split('\n').slice(-30).join('\n');
      reject(new Error(`Maven could not fetch the Kafka broker jars (${mvn} ${args.join(' ')}):\n${tail}`));
    });
  });
}
