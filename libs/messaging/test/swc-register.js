// Lets `node -r libs/messaging/test/swc-register.js some-file.ts` run the workspace's TypeScript
// directly (same swc options and path aliases as the build), so tests can start relays and
// consumers as child processes and kill them.
const fs = require('node:fs');
const path = require('node:path');
const swc = require('@swc/core');

const root = path.resolve(__dirname, '../../..');
const options = JSON.parse(fs.readFileSync(path.join(root, '.swcrc'), 'utf8'));
delete options.$schema;
options.jsc.baseUrl = root;
options.swcrc = false;
options.sourceMaps = 'inline';

require.extensions['.ts'] = (module, filename) => {
  const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), { ...options, filename });
  module._compile(code, filename);
};
