// Organisation import of a file of bad rows: bounded report, bounded time (issue: 560,000 bad rows took 21 min 50 s).
//   npm run bench:organisation-import        (KAFKA_BROKERS, DATABASE_URL as the other benchmarks; BENCH_ROWS, default 560000)
// 1. starts hub-registry in this process on a fresh schema and topic prefix (the test harness's ServiceUnderTest)
// 2. posts a CSV of BENCH_ROWS practices whose parent PCN does not exist, and of a few malformed rows, as text/csv
// 3. follows the import's progress until it completes; then downloads the rejected-rows CSV
// Prints the time, rows/s, the report's size and the process's peak RSS; writes reports/bench-organisation-import.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
process.env.KAFKA_BROKERS ??= '127.0.0.1:9092';
process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
import type { Caller } from '@traininghubs/auth';
import { ServiceUnderTest } from '@traininghubs/testing';
import { HubRegistryEnvironment } from '../../services/hub-registry/src/hub-registry.environment';
import { HubRegistryModule } from '../../services/hub-registry/src/hub-registry.module';

const ROWS = Number(process.env.BENCH_ROWS ?? 560_000);
const TARGET_SECONDS = 60;
const TIME_LIMIT_MS = 10 * 60_000;
const national: Caller = { subject: 'bench-national', role: 'national', scope: { kind: 'national' } };
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

function badFile(rows: number): string {
  const lines = ['code,name,postcode,parent_code,open_date,close_date'];
  for (let i = 0; i < rows; i++) {
    const code = `B${i.toString(36).toUpperCase().padStart(5, '0')}`;
    lines.push(i % 10 === 9 ? `${code},X,,U99999,2015-13-01,` : `${code},X,,U99999,2015-04-01,`);
  }
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const service = await ServiceUnderTest.start({ serviceName: 'hub-registry', environment: HubRegistryEnvironment, module: (config) => HubRegistryModule.register(config) });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 250);
  try {
    const file = badFile(ROWS);
    log(`file: ${ROWS} bad rows, ${(Buffer.byteLength(file) / 1024 / 1024).toFixed(1)} MiB`);
    const started = performance.now();
    const posted = await service.send('post', '/api/v1/organisations/import?type=gp_practice', file, national, 'text/csv');
    if (posted.status !== 202) throw new Error(`import answered ${posted.status}: ${JSON.stringify(posted.body).slice(0, 500)}`);
    const location = posted.headers.location as string;
    let report: Record<string, unknown> = posted.body;
    for (let lastLog = 0; report.status === 'running'; ) {
      if (performance.now() - started > TIME_LIMIT_MS) throw new Error(`still running after ${TIME_LIMIT_MS / 1000} s: ${JSON.stringify(report).slice(0, 300)}`);
      await new Promise((r) => setTimeout(r, 250));
      report = (await service.get(location, national)).body;
      if (performance.now() - lastLog > 5_000) {
        log(`${String(report.processedRows)}/${ROWS} rows`);
        lastLog = performance.now();
      }
    }
    const seconds = (performance.now() - started) / 1000;
    if (report.status !== 'completed' || report.rejectedCount !== ROWS) throw new Error(`unexpected report: ${JSON.stringify(report).slice(0, 500)}`);
    const reportBytes = Buffer.byteLength(JSON.stringify(report));
    const csvStarted = performance.now();
    const csv = await service.get(String(report.rejectedRowsCsv), national);
    const csvSeconds = (performance.now() - csvStarted) / 1000;
    const csvRows = csv.text.split('\r\n').length - 2;
    if (csvRows !== ROWS) throw new Error(`the rejected-rows CSV has ${csvRows} rows, not ${ROWS}`);
    const result = {
      rows: ROWS,
      seconds: Number(seconds.toFixed(1)),
      rowsPerSecond: Math.round(ROWS / seconds),
      target: { seconds: TARGET_SECONDS, met: seconds < TARGET_SECONDS },
      reportBytes,
      rejectedByRule: report.rejectedByRule,
      rejectedRowsCsv: { rows: csvRows, bytes: Buffer.byteLength(csv.text), seconds: Number(csvSeconds.toFixed(1)) },
      peakRssMiB: Math.round(peakRss / 1024 / 1024),
    };
    console.log('\nOrganisation import of bad rows');
    console.log(`  rows                  ${ROWS}`);
    console.log(`  import to completed   ${result.seconds} s (${result.rowsPerSecond} rows/s)   target < ${TARGET_SECONDS} s: ${result.target.met ? 'met' : 'NOT met'}`);
    console.log(`  report (JSON)         ${reportBytes} bytes`);
    console.log(`  rejected-rows CSV     ${csvRows} rows, ${(result.rejectedRowsCsv.bytes / 1024 / 1024).toFixed(1)} MiB in ${result.rejectedRowsCsv.seconds} s`);
    console.log(`  peak RSS (process)    ${result.peakRssMiB} MiB`);
    mkdirSync('reports', { recursive: true });
    writeFileSync(join('reports', 'bench-organisation-import.json'), `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    clearInterval(sampler);
    await service.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
