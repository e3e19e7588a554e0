/**
 * A seed is a JSON object whose keys are the API's resource names and whose values are arrays of
 * raw records exactly as the real API returns them: `{"orders": [<raw order>, ...]}`.
 */
import { readFileSync } from 'node:fs';

export type Seed = Record<string, unknown[]>;

export interface LoadSeedOptions {
  /** Resource names the simulator understands; other keys are refused with the known names. */
  resources?: readonly string[];
}

/** Accepts a seed object or the path of a JSON file; returns a deep copy, checked for shape. */
export function loadSeed(source: string | Record<string, unknown>, options: LoadSeedOptions = {}): Seed {
  let value: unknown = source;
  if (typeof source === 'string') {
    const content = readFileSync(source, 'utf8');
    try {
      value = JSON.parse(content);
    } catch (error) {
      throw new Error(`seed file ${source} is not valid JSON: ${(error as Error).message}`);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error('a seed must be a JSON object whose keys are resource names and whose values are arrays of records');
  }
  const seed: Seed = {};
  for (const [resource, records] of Object.entries(value)) {
    if (options.resources && !options.resources.includes(resource)) {
      throw new Error(`seed has an unknown resource "${resource}"; known: ${options.resources.join(', ')}`);
    }
    if (!Array.isArray(records)) throw new Error(`seed resource "${resource}" must be an array of records`);
    seed[resource] = structuredClone(records);
  }
  return seed;
}
