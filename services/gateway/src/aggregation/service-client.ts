import { Agent, request, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { currentContext } from '@traininghubs/observability';
import { SERVICE_CONFIG } from '@traininghubs/runtime';
import type { GatewayEnvironment } from '../gateway.environment';
import type { CallOutcome } from './section';

/** Who is asking, passed on unchanged so each service checks the caller's scope itself. */
export interface OnBehalfOf {
  authorization: string;
}

export interface ServiceCall {
  service: string;
  /** Path and query, e.g. `/api/v1/hubs/…`. */
  path: string;
  /** Aborts the call early (the aggregated read no longer needs it). */
  signal?: AbortSignal;
}

/**
 * Reads from the services for aggregated reads: a GET with the caller's bearer token, the
 * request's correlation id and trace context, and the per-call timeout (SERVICE_CALL_TIMEOUT_MS).
 * It never throws: every call ends in an outcome the read can mark.
 */
@Injectable()
export class ServiceClient implements OnApplicationShutdown {
  // Kept-alive connections to each service: an overview makes five calls, so opening a
  // connection per call would cost more than the calls (node:http is also lighter than fetch).
  private readonly agents = { http: new Agent({ keepAlive: true, maxSockets: 128 }), https: new HttpsAgent({ keepAlive: true, maxSockets: 128 }) };

  constructor(@Inject(SERVICE_CONFIG) private readonly config: GatewayEnvironment) {}

  onApplicationShutdown(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  async get(call: ServiceCall, caller: OnBehalfOf): Promise<CallOutcome> {
    const base = this.config.services[call.service];
    if (!base) return { kind: 'failed', reason: `no service named ${call.service}` };
    const timeoutMs = this.config.SERVICE_CALL_TIMEOUT_MS;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = call.signal ? AbortSignal.any([timeout, call.signal]) : timeout;
    const context = currentContext();
    const headers: Record<string, string> = { accept: 'application/json', authorization: caller.authorization };
    if (context?.correlationId) headers['x-correlation-id'] = context.correlationId;
    if (context?.traceparent) headers.traceparent = context.traceparent;
    try {
      const { status, text } = await this.send(new URL(call.path, base), headers, signal);
      return { kind: 'answered', httpStatus: status, body: parse(text) };
    } catch (error) {
      if (timeout.aborted) return { kind: 'timed-out', afterMs: timeoutMs };
      return { kind: 'failed', reason: reasonOf(error) };
    }
  }

  private send(url: URL, headers: Record<string, string>, signal: AbortSignal): Promise<{ status: number; text: string }> {
    const secure = url.protocol === 'https:';
    const send = secure ? httpsRequest : request;
    return new Promise((resolve, reject) => {
      const outgoing = send(url, { method: 'GET', headers, signal, agent: secure ? this.agents.https : this.agents.http }, (response: IncomingMessage) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 502, text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
        // Cut off mid-answer (aborted, or the service went away): never left waiting.
        response.on('close', () => !response.complete && reject(new Error('the answer was cut off')));
      });
      outgoing.on('error', reject);
      outgoing.end();
    });
  }
}

function parse(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function reasonOf(error: unknown): string {
  const { code, cause } = error as { code?: string; cause?: { code?: string } };
  return code ?? cause?.code ?? (error instanceof Error ? error.name : 'unknown error');
}
