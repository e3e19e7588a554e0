/**
 * Reads Prometheus's text exposition format (version 0.0.4) back into samples: for tests of
 * `/metrics` (here and in the dashboard's), so they assert on values, not on text layout.
 */

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface ParsedMetrics {
  samples: Sample[];
  /** `# TYPE` per metric family. */
  types: Record<string, string>;
  /** The samples of `name` whose labels include all of `labels`. */
  find(name: string, labels?: Record<string, string>): Sample[];
  /** The one sample of `name` with these labels; undefined when there is none (throws when there are several). */
  value(name: string, labels?: Record<string, string>): number | undefined;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(\s+\d+)?$/;

export function parsePrometheusText(text: string): ParsedMetrics {
  const samples: Sample[] = [];
  const types: Record<string, string> = {};
  for (const [index, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    if (line.startsWith('#')) {
      const type = /^# TYPE (\S+) (\S+)$/.exec(line);
      if (type) types[type[1]] = type[2];
      continue;
    }
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`line ${index + 1} is no sample: ${line}`);
    samples.push({ name: match[1], labels: parseLabels(match[3] ?? '', index + 1), value: parseValue(match[4], index + 1) });
  }
  const find = (name: string, labels: Record<string, string> = {}) =>
    samples.filter((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value));
  return {
    samples,
    types,
    find,
    value(name, labels) {
      const found = find(name, labels);
      if (found.length > 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels ?? {})}`);
      return found[0]?.value;
    },
  };
}

function parseValue(text: string, line: number): number {
  // Prometheus reads these case-insensitively (prom-client writes `Nan`).
  const word = text.toLowerCase();
  if (word === '+inf' || word === 'inf') return Infinity;
  if (word === '-inf') return -Infinity;
  if (word === 'nan') return NaN;
  const value = Number(text);
  if (Number.isNaN(value)) throw new Error(`line ${line}: ${text} is no number`);
  return value;
}

/** `a="1",b="x\"y"`: values are quoted, with \\, \" and \n escaped. */
function parseLabels(text: string, line: number): Record<string, string> {
  const labels: Record<string, string> = {};
  let i = 0;
  while (i < text.length) {
    const name = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)="/.exec(text.slice(i));
    if (!name) throw new Error(`line ${line}: bad labels ${text}`);
    i += name[0].length;
    let value = '';
    for (;;) {
      if (i >= text.length) throw new Error(`line ${line}: unterminated label value in ${text}`);
      const char = text[i++];
      if (char === '"') break;
      if (char === '\\') {
        const escaped = text[i++];
        value += escaped === 'n' ? '\n' : escaped;
      } else value += char;
    }
    labels[name[1]] = value;
    const rest = /^\s*,?/.exec(text.slice(i));
    i += rest ? rest[0].length : 0;
  }
  return labels;
}
