import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { infraFile } from './infra-file';

describe('infraFile', () => {
  const root = mkdtempSync(join(tmpdir(), 'infra-file-'));
  mkdirSync(join(root, 'infra/postgres'), { recursive: true });
  writeFileSync(join(root, 'infra/postgres/databases.yaml'), 'database: th');
  const deep = join(root, 'dist/libs/persistence/src/provisioning');
  mkdirSync(deep, { recursive: true });

  it('finds the file from compiled code several levels down', () => {
    expect(infraFile('postgres/databases.yaml', deep, {})).toBe(join(root, 'infra/postgres/databases.yaml'));
  });

  it('says which file it could not find', () => {
    expect(() => infraFile('kafka/topics.yaml', deep, {})).toThrow(/Cannot find infra\/kafka\/topics.yaml/);
  });

  it('honours INFRA_DIR', () => {
    expect(infraFile('kafka/topics.yaml', deep, { INFRA_DIR: '/etc/traininghubs' })).toBe('/etc/traininghubs/kafka/topics.yaml');
  });
});
