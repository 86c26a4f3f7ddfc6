import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureKafkaJars, kafkaCacheDir } from './kafka-jars';
import type { KafkaRelease } from './kafka-release';

// `false` as the Maven command: any attempt to run Maven fails the call, so these tests prove
// when Maven is (not) called, without a network.
const NO_MAVEN = { PATH: process.env.PATH, MAVEN_CMD: 'false' };
const release: KafkaRelease = { version: '4.1.2', scalaVersion: '2.13', log4jVersion: '2.24.3', image: 'apache/kafka:4.1.2' };
const brokerJar = 'kafka_2.13-4.1.2.jar';

describe('ensureKafkaJars', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'kafka-jars-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const fillCache = (marker: object) => {
    const cache = kafkaCacheDir(release, root);
    mkdirSync(join(cache, 'libs'), { recursive: true });
    writeFileSync(join(cache, 'libs', brokerJar), '');
    writeFileSync(join(cache, 'libs.complete.json'), JSON.stringify(marker));
    return cache;
  };

  it('uses a completed cache under .local/kafka/<version> without calling Maven', async () => {
    const cache = fillCache({ version: '4.1.2', scalaVersion: '2.13', log4jVersion: '2.24.3' });
    expect(cache).toBe(join(root, '.local', 'kafka', '4.1.2'));
    await expect(ensureKafkaJars({ root, release, env: NO_MAVEN })).resolves.toEqual({ dir: join(cache, 'libs'), origin: 'cache' });
  });

  it('calls Maven when the cache has no completion marker, or one for other versions', async () => {
    const cache = fillCache({ version: '4.1.2', scalaVersion: '2.13', log4jVersion: '2.24.1' });
    await expect(ensureKafkaJars({ root, release, env: NO_MAVEN })).rejects.toThrow(/Maven could not fetch/);
    rmSync(join(cache, 'libs.complete.json'));
    await expect(ensureKafkaJars({ root, release, env: NO_MAVEN })).rejects.toThrow(/-Dkafka.version=4.1.2/);
  });

  it('takes KAFKA_JARS_DIR as it is, once it holds the broker jar of the pinned release', async () => {
    const dir = join(root, 'jars');
    mkdirSync(dir);
    await expect(ensureKafkaJars({ root, release, env: { ...NO_MAVEN, KAFKA_JARS_DIR: dir } })).rejects.toThrow(`does not hold ${brokerJar}`);
    writeFileSync(join(dir, brokerJar), '');
    await expect(ensureKafkaJars({ root, release, env: { ...NO_MAVEN, KAFKA_JARS_DIR: dir } })).resolves.toEqual({ dir, origin: 'override' });
  });
});
