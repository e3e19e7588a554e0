#!/usr/bin/env node
// A registry that has nothing and remembers every question: the check scripts point a scope's
// registry at it (`npm_config_@koppelwerk:registry=<url>`) so that npm, asked to install a package
// that must come from a local tarball, cannot fetch it from anywhere, and the check sees that it
// tried. Every request is appended to <log> as `METHOD URL` and answered 404 as the npm registry
// answers an unknown package.
// Usage: node tools/scripts/registry-trap.js <log>   (prints `listening on http://127.0.0.1:<port>/`)
'use strict';
const http = require('node:http');
const fs = require('node:fs');

const log = process.argv[2];
if (!log) {
  console.error('usage: node tools/scripts/registry-trap.js <log>');
  process.exit(2);
}
fs.writeFileSync(log, '');

const server = http.createServer((request, response) => {
  fs.appendFileSync(log, `${request.method} ${request.url}\n`);
  request.resume();
  response.writeHead(404, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ error: 'Not found' }));
});
server.listen(0, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${server.address().port}/`));
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}
