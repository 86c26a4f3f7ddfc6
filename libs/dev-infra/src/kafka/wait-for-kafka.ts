import { KafkaConnection } from '@traininghubs/messaging';

export interface WaitForKafkaOptions {
  timeoutMs: number;
  /** Checked between attempts: a reason to give up at once (e.g. "the broker exited"). */
  abortReason?: () => string | undefined;
  intervalMs?: number;
}

/**
 * Resolves once the cluster answers an admin describeCluster (through the platform's
 * KafkaConnection), rejects with the last error when timeoutMs passes or abortReason() speaks.
 */
export async function waitForKafka(brokers: string[], options: WaitForKafkaOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError = 'no attempt made';
  for (;;) {
    const aborted = options.abortReason?.();
    if (aborted) throw new Error(aborted);
    const connection = new KafkaConnection({ brokers, clientId: 'traininghubs-dev-infra-readiness', connectionTimeoutMs: 2_000 });
    try {
      const { brokers: count } = await connection.ping(Math.max(1_000, Math.min(5_000, deadline - Date.now())));
      if (count > 0) return;
      lastError = 'the cluster reported no brokers';
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    } finally {
      await connection.close().catch(() => undefined);
    }
    if (Date.now() >= deadline) {
      throw new Error(`Kafka at ${brokers.join(',')} did not answer describeCluster within ${options.timeoutMs} ms: ${lastError}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 250));
  }
}
