// One jest set-up for every project: swc transform (same options as the build), unit and
// integration configs built the same way. Project configs call unitConfig/integrationConfig.
const fs = require('node:fs');
const path = require('node:path');

const swcrc = JSON.parse(fs.readFileSync(path.join(__dirname, '.swcrc'), 'utf8'));
delete swcrc.$schema;
swcrc.jsc.baseUrl = __dirname; // swc wants an absolute baseUrl when called programmatically
swcrc.swcrc = false;

const base = (projectDir) => ({
  rootDir: projectDir,
  displayName: path.relative(__dirname, projectDir),
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)s$': ['@swc/jest', swcrc] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // jose ships only ES modules; jest on Node 20 needs them transformed like our own code.
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  clearMocks: true,
});

/** Unit tests: `*.spec.ts` beside the code; no network, no database. */
const unitConfig = (projectDir) => ({
  ...base(projectDir),
  testMatch: ['<rootDir>/**/*.spec.ts'],
});

/**
 * Integration tests: `*.int-spec.ts`, against a real Kafka broker and a real Postgres that the
 * global set-up provides (KAFKA_BROKERS / DATABASE_URL if set, else containers, else local).
 */
const integrationConfig = (projectDir) => ({
  ...base(projectDir),
  displayName: `${path.relative(__dirname, projectDir)}:int`,
  testMatch: ['<rootDir>/**/*.int-spec.ts'],
  globalSetup: path.join(__dirname, 'libs/testing/src/jest/global-setup.ts'),
  globalTeardown: path.join(__dirname, 'libs/testing/src/jest/global-teardown.ts'),
  testTimeout: 120_000,
  setupFilesAfterEnv: [path.join(__dirname, 'libs/testing/src/jest/integration-timeout.ts')],
  slowTestThreshold: 30,
});

module.exports = { unitConfig, integrationConfig };
