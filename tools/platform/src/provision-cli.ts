import { provisionPlatform } from './provision';

/**
 * `npm run provision`: applies infra/postgres and infra/kafka to an existing Postgres and Kafka
 * (a deployment step; `npm start` does it by itself). Needs DATABASE_URL (a role that can create
 * databases and roles) and KAFKA_BROKERS.
 */
async function main(): Promise<void> {
  const adminUrl = process.env.DATABASE_URL;
  const brokers = process.env.KAFKA_BROKERS;
  if (!adminUrl || !brokers) {
    process.stderr.write('provision: set DATABASE_URL (an admin role) and KAFKA_BROKERS\n');
    process.exit(78);
  }
  const result = await provisionPlatform({ adminUrl, brokers: brokers.split(','), topicPrefix: process.env.KAFKA_TOPIC_PREFIX });
  result.summary.forEach((line) => process.stdout.write(`${line}\n`));
}

main().catch((error: unknown) => {
  process.stderr.write(`provision failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
