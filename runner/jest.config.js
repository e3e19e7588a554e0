const preset = require('../jest.preset.js');

/**
 * Most of the runner's tests drive real `koppelwerk` processes, servers and databases: on a busy
 * machine a step can take many times its usual time, and a test's time limit must not be what
 * decides it. Each test may take up to five minutes (what a hung test costs at most); each process it
 * starts has its own guard (cli-process.ts), and the tests wait for events, never for time.
 */
const PROCESS_TEST_LIMIT_MS = 5 * 60_000;

/**
 * Two workers: most of the runner's suites wait on processes and loopback servers, so two share the
 * machine's two cores well, and the suite no longer runs alone on one core after the other projects end.
 * @type {import('jest').Config}
 */
module.exports = { ...preset, displayName: require('./project.json').name, rootDir: __dirname, maxWorkers: 2, testTimeout: PROCESS_TEST_LIMIT_MS };
