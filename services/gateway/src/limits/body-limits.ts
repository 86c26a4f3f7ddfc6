import type { ClientRequest, IncomingMessage } from 'node:http';
import { bufferedBodyOf } from '@traininghubs/runtime';

// The gateway's body limits are the platform's (libs/runtime/src/body): the same routes, variables
// and checks as every service's — the runtime's guard refuses a body by its head (GET/HEAD,
// declared length, encoding, charset) before anything reads it; bufferRequestBodies (gateway.app)
// reads the rest raw within the route's limit, JSON within its depth.

/**
 * Writes the body the gateway read raw to the service's request, byte for byte: the body is never
 * parsed or serialised here. The length is the bytes' own (a chunked upload goes on with a length).
 */
export function writeBufferedBody(proxyReq: ClientRequest, req: IncomingMessage): void {
  const body = bufferedBodyOf(req);
  if (body === undefined) return;
  proxyReq.removeHeader('transfer-encoding');
  proxyReq.setHeader('Content-Length', body.length);
  proxyReq.write(body);
}
