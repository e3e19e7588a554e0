// Jest settings for the projects whose tests drive real processes, servers and databases (the runner
// and the programs); their jest.config.js spread this.
const preset = require('./jest.preset.js');

/**
 * On a busy machine a step of such a test can take many times its usual time, and a test's time limit
 * must not be what decides it. Each test may take up to five minutes (what a hung test costs at most);
 * each process it starts has its own guard (cli-process.ts), and the tests wait for events, never for time.
 */
const PROCESS_TEST_LIMIT_MS = 5 * 60_000;

/**
 * Two workers: most of these suites wait on processes and loopback servers, so two share the
 * machine's two cores well.
 * @type {import('jest').Config}
 */
module.exports = { ...preset, maxWorkers: 2, testTimeout: PROCESS_TEST_LIMIT_MS };
