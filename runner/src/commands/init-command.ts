/**
 * `koppelwerk init --source <id> [--sink <id>] [--tenant <name>]`: writes a commented tenant file
 * (the runtime's `tenantTemplate`, rendered from each connector's schema).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigurationError, ExitCode, connectorName, type ConnectorKind, type ConnectorRegistry, type RegisteredConnector } from '@koppelwerk/core';
import { listConnectorPackages, type Output, templatePort, tenantNameProblem, tenantTemplate, usableConnectors } from '@koppelwerk/runtime';
import { UsageError } from '@koppelwerk/core/errors';

/**
 * The connector `--source`/`--sink` names. One that does not fit (unknown, of the other kind, a
 * package that does not load) is wrong usage, answered with the connectors that can be named.
 */
function connectorOption(registry: ConnectorRegistry, id: string, kind: ConnectorKind): RegisteredConnector {
  try {
    return registry.find(id, kind, `--${kind}`);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    let other: RegisteredConnector | undefined;
    try {
      other = registry.find(id);
    } catch {
      other = undefined;
    }
    const installed = listConnectorPackages(process.cwd()).some((found) => found.name === id);
    const why = other
      ? `${connectorName(other)} is a ${other.manifest.kind} connector, not a ${kind}`
      : installed
        ? error.problems.map((problem) => problem.message).join('; ')
        : `no ${kind} connector of that name is built in or installed here`;
    const usable = usableConnectors(registry, kind);
    throw new UsageError(
      `--${kind} ${JSON.stringify(id)}: ${why}; the ${kind} connectors this koppelwerk can use: ${usable.join(', ') || '(none)'} ` +
        '(`koppelwerk connectors` lists every connector and where it comes from)',
    );
  }
}

export function initCommand(
  registry: ConnectorRegistry,
  options: { source: string; sink: string; tenant: string; file: string; force?: boolean },
  output: Output,
): number {
  // Wrong usage is refused before anything is written.
  const nameProblem = tenantNameProblem(options.tenant);
  if (nameProblem) {
    output.error(`--tenant ${JSON.stringify(options.tenant)} cannot name a tenant: ${nameProblem}`, { class: 'usage' });
    return ExitCode.usage;
  }
  const sourceEntry = connectorOption(registry, options.source, 'source');
  const sinkEntry = connectorOption(registry, options.sink, 'sink');
  const [source, sink] = [sourceEntry.manifest, sinkEntry.manifest];
  const names = { source: connectorName(sourceEntry), sink: connectorName(sinkEntry) };
  if (existsSync(options.file) && !options.force) {
    output.error(`${options.file} already exists; use --force to overwrite it`);
    return ExitCode.configuration;
  }
  mkdirSync(dirname(options.file), { recursive: true });
  writeFileSync(options.file, tenantTemplate(options.tenant, source, sink, names));
  output.result({ written: options.file, tenant: options.tenant, source: names.source, sink: names.sink });
  output.line(`wrote ${options.file}: fill in the settings, then run \`koppelwerk check ${options.file}\``);
  const simulated = [sourceEntry, sinkEntry].filter((entry) => entry.manifest.simulator);
  if (simulated.length) {
    const commands = simulated.map((entry) => `\`koppelwerk simulate ${connectorName(entry)} --port ${templatePort(entry.manifest)}\``);
    output.line(`to try it first on the simulators: ${commands.join(' and ')}, then follow the comments at the top of the file`);
  }
  return ExitCode.ok;
}
