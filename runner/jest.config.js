const preset = require('../jest.process-preset.js');

/** @type {import('jest').Config} */
module.exports = { ...preset, displayName: require('./project.json').name, rootDir: __dirname };
