/**
 * The embedded directory's audit log of a tenant: one JSON line per entry in `<tenant>.audit.jsonl`
 * beside the tenant's state (0600: it names the people who did what), newest last; read newest first.
 */
import { appendFileSync, chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AuditEntry, AuditInput } from '@koppelwerk/runtime';

export function appendAudit(file: string, entry: AuditInput, now = new Date()): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const line = JSON.stringify({ at: now.toISOString(), ...entry }) + '\n';
  const created = !existsSync(file);
  appendFileSync(file, line, { mode: 0o600 });
  if (created) chmodSync(file, 0o600);
}

export function readAudit(file: string, limit: number): AuditEntry[] {
  if (!existsSync(file)) return [];
  const entries: AuditEntry[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      entries.push(JSON.parse(line) as AuditEntry);
    } catch {
      // A line cut off by a crash: the others still count.
    }
  }
  return entries.reverse().slice(0, limit);
}
