/**
 * Config is zod, one source of truth: the TypeScript type, validation, JSON Schema and secret
 * redaction all come from the schema. Mark a secret field with `secret(z.string())`.
 */
import { z } from 'zod';
import { ConfigurationError, type ConfigProblem } from './errors';

/** Fields registered here are secrets: never logged, never echoed, never stored. */
export const secretFields = z.registry<{ secret: true }>();

export function secret<T extends z.ZodType>(schema: T): T {
  secretFields.add(schema, { secret: true });
  return schema;
}

type AnySchema = z.ZodType;

function definition(schema: AnySchema): { type: string; [key: string]: unknown } {
  return (schema as unknown as { _zod: { def: { type: string } } })._zod.def;
}

/** Walks a parsed config alongside its schema and calls `visit` for each value of a secret field. */
function walkSecrets(schema: AnySchema, value: unknown, path: string[], visit: (path: string[], value: unknown) => void): void {
  if (value === undefined || value === null) return;
  if (secretFields.has(schema)) {
    visit(path, value);
    return;
  }
  const def = definition(schema);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'nonoptional':
    case 'readonly':
    case 'catch':
      walkSecrets(def.innerType as AnySchema, value, path, visit);
      return;
    case 'pipe':
      walkSecrets(def.in as AnySchema, value, path, visit);
      walkSecrets(def.out as AnySchema, value, path, visit);
      return;
    case 'object': {
      if (typeof value !== 'object') return;
      const shape = (schema as unknown as z.ZodObject).shape as Record<string, AnySchema>;
      for (const [key, child] of Object.entries(shape)) {
        walkSecrets(child, (value as Record<string, unknown>)[key], [...path, key], visit);
      }
      return;
    }
    case 'array':
      if (!Array.isArray(value)) return;
      value.forEach((item, index) => walkSecrets(def.element as AnySchema, item, [...path, String(index)], visit));
      return;
    case 'record':
      if (typeof value !== 'object') return;
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
        walkSecrets(def.valueType as AnySchema, item, [...path, key], visit);
      }
      return;
    case 'union':
      for (const option of def.options as AnySchema[]) walkSecrets(option, value, path, visit);
      return;
    default:
      return;
  }
}

/** Every secret string in a config, for value-based redaction of logs and messages. */
export function collectSecrets(schema: AnySchema, value: unknown): string[] {
  const found = new Set<string>();
  walkSecrets(schema, value, [], (_path, secretValue) => {
    if (typeof secretValue === 'string' && secretValue.length > 0) found.add(secretValue);
  });
  return [...found];
}

/** A deep copy of the config with every secret field replaced by `***`. */
export function redactConfig<T>(schema: AnySchema, value: T): T {
  const copy = structuredClone(value) as unknown;
  walkSecrets(schema, value, [], (path) => {
    let node = copy as Record<string, unknown>;
    for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
    node[path[path.length - 1]] = '***';
  });
  return copy as T;
}

/** zod issues as config problems, each with its path in the tenant file. */
export function toConfigProblems(error: z.ZodError, prefix = ''): ConfigProblem[] {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    return { path, message: describeIssue(issue) };
  });
}

function describeIssue(issue: z.core.$ZodIssue): string {
  // zod's messages name the expectation but never echo the value, so secrets cannot leak through them.
  if (issue.code === 'unrecognized_keys') return `unknown setting(s): ${issue.keys.join(', ')}`;
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) return 'is required';
  return issue.message;
}

/** Parses a config section; on failure throws a ConfigurationError listing every problem. */
export function parseConfig<S extends AnySchema>(schema: S, value: unknown, prefix = ''): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ConfigurationError(toConfigProblems(result.error, prefix));
  return result.data;
}

/** JSON Schema of a config section, for editor completion; secrets are flagged `writeOnly`. */
export function configJsonSchema(schema: AnySchema): Record<string, unknown> {
  return z.toJSONSchema(schema, {
    unrepresentable: 'any',
    override: (ctx) => {
      if (secretFields.has(ctx.zodSchema as unknown as AnySchema)) (ctx.jsonSchema as Record<string, unknown>).writeOnly = true;
    },
  }) as Record<string, unknown>;
}
