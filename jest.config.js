// The whole test suite in one jest run (`npm test`): every project's unit and integration
// configs. Each project also has its own `test` and `int-test` Nx targets.
const fs = require('node:fs');
const path = require('node:path');

const roots = ['libs', 'services', 'tools'];
const projects = roots
  .flatMap((root) => (fs.existsSync(path.join(__dirname, root)) ? fs.readdirSync(path.join(__dirname, root)).map((d) => path.join(root, d)) : []))
  .flatMap((dir) => ['jest.config.js', 'jest.int.config.js'].map((f) => path.join(__dirname, dir, f)))
  .filter((file) => fs.existsSync(file));

module.exports = {
  projects,
  reporters: ['default', path.join(__dirname, 'libs/testing/jest/summary-reporter.js')],
};
