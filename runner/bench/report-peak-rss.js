// Preloaded (node -r) into a CLI process under benchmark: at exit, writes the process's peak RSS
// in kilobytes (getrusage maxrss) to the file named by KOPPELWERK_BENCH_RSS_FILE.
const { writeFileSync } = require('node:fs');

process.on('exit', () => {
  const file = process.env.KOPPELWERK_BENCH_RSS_FILE;
  if (file) writeFileSync(file, String(process.resourceUsage().maxRSS));
});
