/**
 * WerkbonApp work statuses are the customer's own list (`workstatusses`: sta_code + sta_name). The
 * tenant names one as WerkbonApp shows it ("1 naar E-boekhouden"), by code or by name.
 */
import { ConfigurationError } from '@koppelwerk/core';
import type { RawWorkStatus } from './raw-records';
import { text } from './mappers/work-order-mapper';
import { worded } from './werkbonapp-messages';

export interface WorkStatus {
  code: string;
  name: string;
}

const normal = (value: string) => value.trim().replace(/\s+/g, ' ').toLowerCase();

function spellings(status: WorkStatus): string[] {
  return [status.code, status.name, `${status.code} ${status.name}`].filter(Boolean).map(normal);
}

export function parseWorkStatuses(raw: unknown): WorkStatus[] {
  if (!Array.isArray(raw)) return [];
  return raw
    .map((entry: RawWorkStatus) => ({ code: text(entry?.sta_code), name: text(entry?.sta_name) }))
    .filter((status) => status.code || status.name);
}

/** The configured status in the customer's list; a configuration error naming the list otherwise. */
export function resolveWorkStatus(statuses: WorkStatus[], wanted: string): WorkStatus {
  const found = statuses.find((status) => spellings(status).includes(normal(wanted)));
  if (found) return found;
  const known = statuses.map((s) => `"${[s.code, s.name].filter(Boolean).join(' ')}"`).join(', ') || '(none)';
  throw new ConfigurationError([worded.problem('source.settings.export.workStatus', 'WBA_NO_WORK_STATUS', { wanted, known: known === '(none)' ? '' : known })]);
}

/** Does a work order's WorkStatus (code, name or both) denote this status? */
export function hasWorkStatus(value: unknown, status: WorkStatus): boolean {
  const given = text(value);
  return given !== '' && spellings(status).includes(normal(given));
}
