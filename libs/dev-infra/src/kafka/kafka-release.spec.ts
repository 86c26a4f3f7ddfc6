import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findRepoRoot } from '../support/repo-paths';
import { mavenFetchArgs } from './kafka-jars';
import { mavenPropertyArgs, mavenVersionProperties, parseKafkaRelease, readKafkaRelease } from './kafka-release';

const root = findRepoRoot();
const pom = readFileSync(join(root, 'infra', 'kafka', 'local', 'pom.xml'), 'utf8');
const release = readKafkaRelease();

describe('the pinned Kafka release (infra/kafka/kafka.json)', () => {
  it('is read from kafka.json, with an image of the same version', () => {
    const raw = JSON.parse(readFileSync(join(root, 'infra', 'kafka', 'kafka.json'), 'utf8'));
    expect(release).toEqual({ version: raw.version, scalaVersion: raw.scalaVersion, log4jVersion: raw.log4jVersion, image: raw.image });
    expect(release.image).toBe(`apache/kafka:${release.version}`);
  });

  it('rejects a release whose image tag differs from its version, or a missing field', () => {
    const valid = { version: '4.1.2', scalaVersion: '2.13', log4jVersion: '2.24.3', image: 'apache/kafka:4.1.2' };
    expect(parseKafkaRelease(valid)).toEqual(valid);
    expect(() => parseKafkaRelease({ ...valid, image: 'apache/kafka:4.1.1' })).toThrow(/image tag "4.1.1" must equal version "4.1.2"/);
    expect(() => parseKafkaRelease({ ...valid, log4jVersion: undefined })).toThrow(/"log4jVersion" is missing/);
    expect(() => parseKafkaRelease({ ...valid, version: '4.1' })).toThrow(/"version"/);
  });
});

describe('infra/kafka/local/pom.xml wiring', () => {
  const placeholders = [...new Set([...pom.matchAll(/\$\{([^}]+)\}/g)].map((m) => m[1]))].sort();

  it('reads every version from a property that kafka.json supplies', () => {
    expect(placeholders).toEqual(Object.keys(mavenVersionProperties(release)).sort());
  });

  it('pins no version itself: every dependency version is a property', () => {
    const versions = [...pom.matchAll(/<dependency>[\s\S]*?<version>([^<]*)<\/version>[\s\S]*?<\/dependency>/g)].map((m) => m[1]);
    expect(versions.length).toBe(3);
    for (const version of versions) expect(version).toMatch(/^\$\{[a-z0-9.]+\}$/);
    expect(pom).not.toContain(release.version);
    expect(pom).not.toContain(release.log4jVersion);
  });

  it('defines a placeholder for each property, so a run without -D fails saying where the versions live', () => {
    for (const name of placeholders) expect(pom).toContain(`<${name}>SET-FROM-infra-kafka-kafka.json</${name}>`);
  });

  it('hands the kafka.json versions to Maven as -D properties, with the dependency plugin pinned', () => {
    expect(mavenPropertyArgs(release)).toEqual([
      `-Dkafka.version=${release.version}`,
      `-Dscala.version=${release.scalaVersion}`,
      `-Dlog4j.version=${release.log4jVersion}`,
    ]);
    const args = mavenFetchArgs(release, '/repo/infra/kafka/local/pom.xml', '/cache/libs');
    expect(args).toEqual(
      expect.arrayContaining([
        'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies',
        '-DincludeScope=runtime',
        '-DoutputDirectory=/cache/libs',
        '-f',
        '/repo/infra/kafka/local/pom.xml',
        ...mavenPropertyArgs(release),
      ]),
    );
  });
});
