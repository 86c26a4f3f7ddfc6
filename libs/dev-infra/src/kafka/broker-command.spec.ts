import { join } from 'node:path';
import { brokerArgs, formatStorageArgs, javaExecutable, jvmArgs } from './broker-command';

const settings = { jarsDir: '/cache/libs', log4jConfig: '/repo/infra/kafka/local/log4j2.xml', logsDir: '/data/logs', heapMb: 512 };

describe('broker command line', () => {
  it('runs the JVM with a small G1 heap, headless, with the log4j2 config and every cached jar', () => {
    expect(jvmArgs(settings)).toEqual([
      '-Xmx512m',
      '-Xms384m',
      '-XX:+UseG1GC',
      '-XX:MaxGCPauseMillis=20',
      '-XX:InitiatingHeapOccupancyPercent=35',
      '-XX:+ExplicitGCInvokesConcurrent',
      '-Djava.awt.headless=true',
      '-Dkafka.logs.dir=/data/logs',
      '-Dlog4j2.configurationFile=/repo/infra/kafka/local/log4j2.xml',
      '-cp',
      join('/cache/libs', '*'),
    ]);
    expect(jvmArgs({ ...settings, heapMb: 384 }).slice(0, 2)).toEqual(['-Xmx384m', '-Xms384m']);
    expect(() => jvmArgs({ ...settings, heapMb: 64 })).toThrow(/heapMb/);
  });

  it('starts kafka.Kafka with the generated server.properties', () => {
    expect(brokerArgs(settings, '/data/server.properties').slice(-2)).toEqual(['kafka.Kafka', '/data/server.properties']);
  });

  it('formats storage with the cluster id attached to its option (ids may start with "-")', () => {
    expect(formatStorageArgs(settings, '-abc', '/data/server.properties').slice(-5)).toEqual([
      'kafka.tools.StorageTool',
      'format',
      '--cluster-id=-abc',
      '--config=/data/server.properties',
      '--ignore-formatted',
    ]);
  });

  it('uses JAVA_HOME when set', () => {
    expect(javaExecutable({ JAVA_HOME: '/opt/jdk-17' })).toBe(join('/opt/jdk-17', 'bin', 'java'));
    expect(javaExecutable({})).toBe('java');
  });
});
