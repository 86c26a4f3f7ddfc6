import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { developmentSigningKey, localAuthDirectory } from './development-signing-key';

const fresh = () => join(mkdtempSync(join(tmpdir(), 'dev-key-')), '.local', 'auth');

describe('the development signing key', () => {
  it('is made on first use, private file readable by its owner only, and the same key afterwards', async () => {
    const directory = fresh();
    const first = await developmentSigningKey(directory);
    expect(first.privateJwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' });
    expect(first.publicJwk).toEqual({ kty: 'OKP', crv: 'Ed25519', x: first.privateJwk.x, kid: first.keyId, alg: 'EdDSA', use: 'sig' });
    expect(statSync(first.file).mode & 0o777).toBe(0o600);
    expect((await developmentSigningKey(directory)).privateJwk).toEqual(first.privateJwk);
  });

  it('is one key when several services start at once and all find it missing', async () => {
    const directory = fresh();
    const keys = await Promise.all(Array.from({ length: 8 }, () => developmentSigningKey(directory)));
    expect(new Set(keys.map((k) => k.keyId)).size).toBe(1);
    expect(readdirSync(directory)).toEqual(['development-signing-key.jwk.json']);
  });

  it('says how to recover from a damaged key file', async () => {
    const directory = fresh();
    mkdirSync(directory, { recursive: true });
    writeFileSync(join(directory, 'development-signing-key.jwk.json'), '{"kty":"RSA"}');
    await expect(developmentSigningKey(directory)).rejects.toThrow(/not an Ed25519 private JWK; delete it/);
    writeFileSync(join(directory, 'development-signing-key.jwk.json'), 'garbage');
    await expect(developmentSigningKey(directory)).rejects.toThrow(/not JSON; delete it/);
  });

  it('lives in .local/auth at the repository root, found from code however deep', () => {
    const root = mkdtempSync(join(tmpdir(), 'repo-'));
    mkdirSync(join(root, 'infra/kafka'), { recursive: true });
    writeFileSync(join(root, 'infra/kafka/kafka.json'), '{}');
    const deep = join(root, 'dist/libs/auth/src/cli');
    mkdirSync(deep, { recursive: true });
    expect(localAuthDirectory(deep)).toBe(join(root, '.local/auth'));
  });

  it('is ignored by git', () => {
    const repositoryRoot = join(localAuthDirectory(), '..', '..');
    const lines = readFileSync(join(repositoryRoot, '.gitignore'), 'utf8').split('\n');
    expect(lines.filter((line) => /^\/?\.local\/?$/.test(line.trim()))).toHaveLength(1);
  });
});
