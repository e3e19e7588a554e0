/** `koppelwerk simulate <connector> --port N [--seed file.json]`: serve a connector's simulator until stopped. */
import { readFileSync } from 'node:fs';
import { ConfigurationError, simulatorEndpoint, type ConnectorRegistry } from '@koppelwerk/core';

export async function simulateCommand(
  registry: ConnectorRegistry,
  id: string,
  options: { port: number; seed?: string; host?: string },
): Promise<number> {
  const manifest = registry.get(id);
  if (!manifest.simulator) throw new ConfigurationError([{ path: id, message: 'this connector has no simulator' }]);
  let seed: Record<string, unknown> | undefined;
  if (options.seed) {
    try {
      seed = JSON.parse(readFileSync(options.seed, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      throw new ConfigurationError([{ path: '--seed', message: `cannot read ${options.seed} as JSON: ${(error as Error).message}` }]);
    }
    if (!seed || typeof seed !== 'object' || Array.isArray(seed)) {
      throw new ConfigurationError([{ path: '--seed', message: 'a seed file is a JSON object of resource name -> array of raw records' }]);
    }
  }
  const simulator = await manifest.simulator.start({ port: options.port, host: options.host ?? '127.0.0.1', seed });
  // Listen for the stop before saying "listening": a script may stop it as soon as it reads that line.
  const stopped = new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  // These two lines are a stable interface: scripts wait for them.
  process.stdout.write(`listening on ${simulator.url}\n`);
  process.stdout.write(`credentials ${Object.entries(simulator.credentials).map(([k, v]) => `${k}=${v}`).join(' ')}\n`);
  // What a tenant file writes as `source.endpoint` or `sink.endpoint` to use this simulator (e-Boekhouden: with /soap.asmx).
  process.stdout.write(`endpoint ${simulatorEndpoint(manifest.simulator, simulator)}\n`);
  await stopped;
  await simulator.close();
  return 0;
}
