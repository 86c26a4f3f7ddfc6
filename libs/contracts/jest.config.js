// Unit tests of the event contracts. They need the TypeScript generated from proto/; the global
// set-up regenerates it first when it is missing or older than its sources.
const path = require('node:path');

module.exports = {
  ...require('../../jest.preset').unitConfig(__dirname),
  globalSetup: path.join(__dirname, 'jest.generate.js'),
};
