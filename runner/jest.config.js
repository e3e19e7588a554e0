const preset = require('../jest.preset.js');

/**
 * Two workers: most of the runner's suites wait on processes and loopback servers, so two share the
 * machine's two cores well, and the suite no longer runs alone on one core after the other projects end.
 * @type {import('jest').Config}
 */
module.exports = { ...preset, displayName: require('./project.json').name, rootDir: __dirname, maxWorkers: 2 };
