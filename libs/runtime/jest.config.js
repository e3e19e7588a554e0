const preset = require('../../jest.preset.js');

/** @type {import('jest').Config} */
module.exports = { ...preset, displayName: require('./project.json').name, rootDir: __dirname };
