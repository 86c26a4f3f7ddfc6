import { DEFAULT_AUTH_AUDIENCE, DEFAULT_AUTH_ISSUER } from '@traininghubs/config';
import { developmentSigningKey } from '../development-key/development-signing-key';
import { mintDevelopmentToken } from '../development-key/development-token';
import { parseTokenRequest, TOKEN_USAGE, UsageError } from './token-request';

/**
 * `npm run token -- <role> [scope]`: prints a development bearer token on stdout (and nothing
 * else, so `TOKEN=$(npm run --silent token -- icb QOX)` works). Issuer and audience follow
 * AUTH_ISSUER and AUTH_AUDIENCE, as the services read them.
 */
async function main(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  let request;
  try {
    request = parseTokenRequest(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`token: ${error.message}\n\n${TOKEN_USAGE}\n`);
    return 64; // EX_USAGE
  }
  if (request.kind === 'help') {
    process.stdout.write(`${TOKEN_USAGE}\n`);
    return 0;
  }
  if (env.NODE_ENV === 'production') {
    process.stderr.write('token: development tokens are not for production (NODE_ENV=production)\n');
    return 64;
  }
  const key = await developmentSigningKey();
  if (request.kind === 'public-jwk') {
    process.stdout.write(`${JSON.stringify(key.publicJwk)}\n`);
    return 0;
  }
  const token = await mintDevelopmentToken(request.caller, {
    key,
    issuer: env.AUTH_ISSUER || DEFAULT_AUTH_ISSUER,
    audience: env.AUTH_AUDIENCE || DEFAULT_AUTH_AUDIENCE,
    expiresIn: request.expiresIn,
  });
  process.stdout.write(`${token}\n`);
  return 0;
}

main(process.argv.slice(2), process.env).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`token: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
