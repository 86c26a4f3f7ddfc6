module.exports = require('../../jest.preset').unitConfig(__dirname);
