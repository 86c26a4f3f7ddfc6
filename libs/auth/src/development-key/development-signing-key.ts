import { randomUUID } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { JWK } from 'jose';
import { infraFile } from '@traininghubs/config';
import { loadJose } from '../verification/jose';

/** The development tokens' signature algorithm (Ed25519). */
export const DEVELOPMENT_ALGORITHM = 'EdDSA';
const KEY_FILE = 'development-signing-key.jwk.json';

/** The development signing key: the private half signs tokens (`npm run token`), the public half verifies them. */
export interface DevelopmentSigningKey {
  privateJwk: JWK;
  publicJwk: JWK;
  keyId: string;
  file: string;
}

/**
 * `.local/auth/` at the repository root (git-ignored), found by walking up from this code to the
 * pinned Kafka release file that marks the root. Works from the sources and from dist/.
 */
export function localAuthDirectory(from: string = __dirname): string {
  const marker = infraFile('kafka/kafka.json', from, {});
  return join(resolve(dirname(marker), '..', '..'), '.local', 'auth');
}

/**
 * The development key pair in `directory`, made on first use. Several services starting at once
 * may all find it missing: each writes its own candidate and hard-links it into place, which only
 * one can do, so every process ends up with the same key.
 */
export async function developmentSigningKey(directory: string = localAuthDirectory()): Promise<DevelopmentSigningKey> {
  const file = join(directory, KEY_FILE);
  const existing = readKeyFile(file);
  if (existing) return existing;
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  const candidate = `${file}.${process.pid}.${randomUUID()}.tmp`;
  writeFileSync(candidate, `${JSON.stringify(await generatePrivateJwk(), null, 2)}\n`, { mode: 0o600 });
  try {
    linkSync(candidate, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(candidate);
  }
  const made = readKeyFile(file);
  if (!made) throw new Error(`${file} vanished while it was being made`);
  return made;
}

/** The public half of a JWK: what a container is given in AUTH_LOCAL_PUBLIC_JWK. */
export function publicJwkOf(jwk: JWK): JWK {
  const { kty, crv, x, kid, alg } = jwk;
  return { kty, crv, x, kid, alg, use: 'sig' };
}

async function generatePrivateJwk(): Promise<JWK> {
  const { generateKeyPair, exportJWK, calculateJwkThumbprint } = await loadJose();
  const { privateKey } = await generateKeyPair(DEVELOPMENT_ALGORITHM, { crv: 'Ed25519', extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: DEVELOPMENT_ALGORITHM, use: 'sig' };
}

function readKeyFile(file: string): DevelopmentSigningKey | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let jwk: JWK;
  try {
    jwk = JSON.parse(text) as JWK;
  } catch {
    throw new Error(`${file} is not JSON; delete it to make a new development key`);
  }
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.d !== 'string' || typeof jwk.x !== 'string' || typeof jwk.kid !== 'string') {
    throw new Error(`${file} is not an Ed25519 private JWK; delete it to make a new development key`);
  }
  return { privateJwk: jwk, publicJwk: publicJwkOf(jwk), keyId: jwk.kid, file };
}
