export interface BrokerSettings {
  /** Client (PLAINTEXT) port on 127.0.0.1. */
  port: number;
  /** KRaft controller port on 127.0.0.1. */
  controllerPort: number;
  /** Directory of the partition logs and the KRaft metadata log. */
  logDir: string;
  nodeId?: number;
}

/**
 * server.properties of one combined broker+controller KRaft node on 127.0.0.1, tuned for a
 * single machine: replication factor 1 (and one partition) for the internal topics, so consumer
 * groups and transactions work on one node; no initial rebalance delay; few threads; a small log
 * cleaner buffer; no topic auto-creation (the platform provisions its topics explicitly).
 */
export function renderServerProperties(settings: BrokerSettings): string {
  const { port, controllerPort, logDir } = settings;
  const nodeId = settings.nodeId ?? 1;
  for (const [name, value] of Object.entries({ port, controllerPort })) {
    if (!Number.isInteger(value) || value < 1 || value > 65535) throw new Error(`${name} must be a TCP port, got ${value}`);
  }
  if (port === controllerPort) throw new Error('port and controllerPort must differ');
  if (/[\r\n]/.test(logDir)) throw new Error('logDir must not contain line breaks');

  const properties: Array<[string, string | number]> = [
    ['process.roles', 'broker,controller'],
    ['node.id', nodeId],
    ['controller.quorum.voters', `${nodeId}@127.0.0.1:${controllerPort}`],
    ['listeners', `PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`],
    ['advertised.listeners', `PLAINTEXT://127.0.0.1:${port}`],
    ['controller.listener.names', 'CONTROLLER'],
    ['inter.broker.listener.name', 'PLAINTEXT'],
    ['listener.security.protocol.map', 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT'],
    ['log.dirs', escapeValue(logDir)],
    ['offsets.topic.replication.factor', 1],
    ['offsets.topic.num.partitions', 1],
    ['transaction.state.log.replication.factor', 1],
    ['transaction.state.log.min.isr', 1],
    ['transaction.state.log.num.partitions', 1],
    ['share.coordinator.state.topic.replication.factor', 1],
    ['share.coordinator.state.topic.min.isr', 1],
    ['group.initial.rebalance.delay.ms', 0],
    ['auto.create.topics.enable', 'false'],
    ['num.network.threads', 2],
    ['num.io.threads', 2],
    ['log.cleaner.dedupe.buffer.size', 16 * 1024 * 1024],
  ];
  return `# Local Training Hubs Kafka broker (libs/dev-infra); generated, do not edit.\n${properties
    .map(([key, value]) => `${key}=${value}`)
    .join('\n')}\n`;
}

/** Java properties escaping for a value: backslashes (Windows paths) and a leading space. */
function escapeValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/^ /, '\\ ');
}

/** Reads `key=value` lines back (comments and blank lines skipped); used by tests and diagnostics. */
export function parseProperties(text: string): Map<string, string> {
  const entries = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line): [string, string] => {
      const at = line.indexOf('=');
      return [line.slice(0, at), line.slice(at + 1).replace(/\\(.)/g, '$1')];
    });
  return new Map(entries);
}
