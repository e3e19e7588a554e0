/**
 * `koppelwerk simulate <connector> [--port N] [--seed file.json] [--api name]`: serve a connector's
 * simulator until stopped. `--api` picks which of the simulator's APIs the printed login and
 * endpoint are for (e-Boekhouden: soap, the default, or rest); it serves all of them either way.
 */
import { readFileSync } from 'node:fs';
import { ConfigurationError, simulatorEndpoint, type ConnectorRegistry, type SimulatorOptions } from '@koppelwerk/core';

export async function simulateCommand(
  registry: ConnectorRegistry,
  id: string,
  options: { port?: number; seed?: string; host?: string; api?: string },
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
  // Without --port, each connector's own port (so every simulator can run at once), else any free one.
  const port = options.port ?? manifest.simulator.port ?? 0;
  const startOptions: SimulatorOptions & { api?: string } = { port, host: options.host ?? '127.0.0.1', seed, ...(options.api ? { api: options.api } : {}) };
  const simulator = await manifest.simulator.start(startOptions);
  // A simulator that serves several APIs says which one it describes; any other ignores `api`.
  const served = simulator as typeof simulator & { api?: string; endpoint?: string };
  if (options.api && served.api !== options.api) {
    await simulator.close();
    throw new ConfigurationError([{ path: '--api', message: `the ${id} simulator does not serve an API named "${options.api}"` }]);
  }
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
  const endpoint = options.api && served.endpoint ? served.endpoint : simulatorEndpoint(manifest.simulator, simulator);
  process.stdout.write(`endpoint ${endpoint}\n`);
  await stopped;
  await simulator.close();
  return 0;
}
