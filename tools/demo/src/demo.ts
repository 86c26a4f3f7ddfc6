import { KafkaConnection, loadTopicManifest, provisionTopics } from '@traininghubs/messaging';
import { countByType, generateNationalDataset } from './national-dataset';
import { publishDataset } from './publish-dataset';

/**
 * `npm run demo`: fills a running platform (`npm start`) with a national dataset so the KPIs
 * and dashboards show real-looking figures. Same Kafka settings as the services:
 *   KAFKA_BROKERS (default 127.0.0.1:9092, the local broker `npm start` runs), KAFKA_TOPIC_PREFIX (optional)
 * Dataset: DEMO_SEED (2026), DEMO_FIRST_YEAR (2022 = FY 2022/23), DEMO_YEARS (4), DEMO_EVENTS_PER_HUB_MONTH (30).
 * Running it twice publishes the same event ids again; the services' inboxes drop them.
 */
const say = (line: string) => process.stdout.write(`[demo] ${line}\n`);
const numberFrom = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value)) throw new Error(`${name} must be a number`);
  return value;
};

async function main(): Promise<void> {
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((b) => b.trim()).filter(Boolean);
  const topicPrefix = process.env.KAFKA_TOPIC_PREFIX || undefined;
  const firstYear = numberFrom('DEMO_FIRST_YEAR', 2022);
  const years = numberFrom('DEMO_YEARS', 4);
  const lastYear = firstYear + years - 1;
  const dataset = generateNationalDataset({
    seed: numberFrom('DEMO_SEED', 2026),
    firstYear,
    years,
    eventsPerHubMonth: numberFrom('DEMO_EVENTS_PER_HUB_MONTH', 30),
  });
  say(`${dataset.hubs.length} Training Hubs, ${dataset.events.length} events`);
  for (const [type, count] of Object.entries(countByType(dataset.events))) say(`  ${type}: ${count}`);
  const connection = new KafkaConnection({ brokers, clientId: 'traininghubs-demo', topicPrefix });
  try {
    await provisionTopics(connection, loadTopicManifest());
    let lastPercent = -10;
    await publishDataset(connection, dataset.events, {
      onProgress: ({ published, total }) => {
        const percent = Math.floor((published * 100) / total);
        if (percent >= lastPercent + 10 || published === total) {
          say(`published ${published}/${total} (${percent}%)`);
          lastPercent = percent;
        }
      },
    });
    say(`done: brokers ${brokers.join(',')}${topicPrefix ? `, topic prefix ${topicPrefix}` : ''}. The services apply the events in the next minutes; e.g. GET /api/v1/kpis?scope=national&period=${lastYear}-${String((lastYear + 1) % 100).padStart(2, '0')}-H2`);
  } finally {
    await connection.close();
  }
}

main().catch((error: unknown) => {
  say(`failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
