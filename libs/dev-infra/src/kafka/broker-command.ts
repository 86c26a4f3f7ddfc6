import { join } from 'node:path';

export interface JvmSettings {
  /** Directory of the broker classpath (every jar in it is used). */
  jarsDir: string;
  /** log4j2 configuration file. */
  log4jConfig: string;
  /** Kafka's own log directory (kafka.logs.dir). */
  logsDir: string;
  /** Maximum heap in MiB (initial heap: up to 384). 384-512 is plenty for a test broker. */
  heapMb: number;
}

export const DEFAULT_HEAP_MB = 512;

/** The java executable: $JAVA_HOME/bin/java if JAVA_HOME is set, else `java` on the PATH. */
export function javaExecutable(env: NodeJS.ProcessEnv = process.env): string {
  return env.JAVA_HOME ? join(env.JAVA_HOME, 'bin', 'java') : 'java';
}

/** JVM flags of Kafka's own start scripts (G1, short pauses, headless), with a small heap. */
export function jvmArgs(settings: JvmSettings): string[] {
  if (!Number.isInteger(settings.heapMb) || settings.heapMb < 128) throw new Error(`heapMb must be an integer >= 128, got ${settings.heapMb}`);
  return [
    `-Xmx${settings.heapMb}m`,
    `-Xms${Math.min(settings.heapMb, 384)}m`,
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    '-XX:InitiatingHeapOccupancyPercent=35',
    '-XX:+ExplicitGCInvokesConcurrent',
    '-Djava.awt.headless=true',
    `-Dkafka.logs.dir=${settings.logsDir}`,
    `-Dlog4j2.configurationFile=${settings.log4jConfig}`,
    '-cp',
    join(settings.jarsDir, '*'),
  ];
}

/** `kafka-storage format`: writes meta.properties; an already formatted directory is left alone. */
export function formatStorageArgs(settings: JvmSettings, clusterId: string, propertiesFile: string): string[] {
  return [...jvmArgs({ ...settings, heapMb: 256 }), 'kafka.tools.StorageTool', 'format', `--cluster-id=${clusterId}`, `--config=${propertiesFile}`, '--ignore-formatted'];
}

/** `kafka-server-start`: runs the broker in the foreground; SIGTERM shuts it down cleanly. */
export function brokerArgs(settings: JvmSettings, propertiesFile: string): string[] {
  return [...jvmArgs(settings), 'kafka.Kafka', propertiesFile];
}
