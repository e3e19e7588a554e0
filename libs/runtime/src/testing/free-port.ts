/**
 * A loopback port nothing listens on right now, for process tests: listen on 0, note the port,
 * close. Used where a test needs a port that refuses connections, or a fixed port for a command line.
 */
import { createServer } from 'node:net';

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
