// Preloaded (node -r) into a CLI process under benchmark: at exit, writes the process's own peak
// RSS in kilobytes and the CPU time it used (user + system, microseconds), separated by a space, to
// the file named by KOPPELWERK_BENCH_RSS_FILE. On Linux that is VmHWM: getrusage's
// maxrss also counts what the spawning process had resident outside its JS heap at the fork (the
// bench's buffers), which is not this process's memory.
const { readFileSync, writeFileSync } = require('node:fs');

function ownPeakRssKb() {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]);
  } catch {
    // not Linux: getrusage is the best there is
  }
  return process.resourceUsage().maxRSS;
}

process.on('exit', () => {
  const file = process.env.KOPPELWERK_BENCH_RSS_FILE;
  if (!file) return;
  const cpu = process.cpuUsage();
  writeFileSync(file, `${ownPeakRssKb()} ${cpu.user + cpu.system}`);
});

module.exports = { ownPeakRssKb };
