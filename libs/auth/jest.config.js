// jose is published as ES modules only; jest (on Node 20) cannot require those, so it is compiled
// like our own code. Any other project whose tests verify tokens in-process needs the same line.
const JOSE_TRANSFORMED = ['/node_modules/(?!jose/)'];
module.exports = { ...require('../../jest.preset').unitConfig(__dirname), transformIgnorePatterns: JOSE_TRANSFORMED };
