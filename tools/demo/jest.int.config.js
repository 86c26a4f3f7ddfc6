module.exports = require('../../jest.preset').integrationConfig(__dirname);
