/** Sample tenants for the dashboard's tests: a webshop with a red sink dot and parked orders. */
import type { ErrorClass } from '@koppelwerk/core';
import type { ErrorQueueEntry } from '@koppelwerk/engine';
import type { MemoryTenant } from './memory-directory';

function parked(id: number, documentKey: string, errorClass: ErrorClass, message: string, extra: Partial<ErrorQueueEntry> = {}): ErrorQueueEntry {
  return {
    id,
    documentKey,
    kind: 'sales-order',
    errorClass,
    message,
    rawJson: JSON.stringify({ order_number: documentKey, total: '121.00' }),
    recordJson: null,
    attempts: 1,
    firstSeen: '2026-03-02T09:00:00.000Z',
    lastSeen: '2026-03-02T10:00:00.000Z',
    resolvedAt: null,
    resolution: null,
    ...extra,
  };
}

/** A tenant; `hostile` puts markup into every text the pages show. */
export function sampleTenant(tenant: string, options: { errors?: number; hostile?: string } = {}): MemoryTenant {
  const evil = options.hostile ?? '';
  const errors = Array.from({ length: options.errors ?? 3 }, (_, i) =>
    parked(i + 1, `sales-order:${1001 + i}${evil}`, i % 2 === 0 ? 'authentication' : 'record', `credentials refused${evil}`, { code: `EB_AUTH${evil}`, hint: `save new security codes${evil}` }),
  );
  return {
    overview: {
      tenant,
      dots: {
        source: { side: 'source', title: `MijnWebwinkel${evil}`, state: 'green', checkedAt: '2026-03-02T10:00:00.000Z' },
        sink: {
          side: 'sink',
          title: `e-Boekhouden${evil}`,
          state: 'red',
          reason: `username or security codes refused${evil}`,
          hint: `save the new security codes 1 and 2${evil}`,
          details: [`a changed password changes the codes${evil}`],
          errorClass: 'authentication',
          checkedAt: '2026-03-02T10:00:00.000Z',
        },
      },
      lastRun: {
        runId: 'run-1',
        mode: 'sync',
        startedAt: '2026-03-02T10:00:00.000Z',
        endedAt: '2026-03-02T10:00:05.000Z',
        counts: { read: 3, booked: 0, skipped: 0, parked: 3, stillParked: 0, pending: 0, settled: 0, acknowledged: 0, relationsCreated: 0 },
        outcome: 'authentication',
        exitCode: 3,
        message: `credentials refused${evil}`,
      },
      nextRunAt: '2026-03-02T11:00:00.000Z',
      everyMinutes: 60,
      openErrors: 0,
      running: null,
    },
    errors,
    activity: Array.from({ length: 120 }, (_, i) => ({
      id: i + 1,
      at: new Date(Date.UTC(2026, 2, 2, 8, 0, i)).toISOString(),
      subject: i % 3 === 0 ? ('relation' as const) : ('document' as const),
      action: i % 3 === 0 ? ('created' as const) : ('booked' as const),
      ...(i % 3 === 0 ? { relationCode: `DEB${i}${evil}` } : { documentKey: `sales-order:${2000 + i}${evil}`, sinkRef: `M${i}` }),
      message: `entry ${i}${evil}`,
    })),
    runs: [
      {
        runId: 'run-1',
        mode: 'sync',
        startedAt: '2026-03-02T10:00:00.000Z',
        endedAt: '2026-03-02T10:00:05.000Z',
        counts: { read: 1234, booked: 1200, skipped: 4, parked: 30, stillParked: 0, pending: 0, settled: 0, acknowledged: 0, relationsCreated: 12 },
        outcome: 'parked',
        exitCode: 2,
        message: `30 parked${evil}`,
      },
    ],
    explain: {
      [`1001${evil}`]: {
        document: `1001${evil}`,
        mappingVersion: 'v1',
        steps: [
          { target: 'lines[0].vatCode', value: `HOOG_VERK_21${evil}`, rule: 'mapping.vat', because: `shop VAT class high${evil}` },
          { target: 'rows[0]', value: '8000 HOOG_VERK_21 excl 1234.50 VAT 259.25 incl 1493.75', rule: 'mapping.ledgers', because: 'revenue' },
        ],
        warnings: [`currency converted${evil}`],
      },
      '1002': { document: '1002', mappingVersion: 'v1', refused: { errorClass: 'record', code: 'MAP_VAT', message: `no VAT rule for 9%${evil}` } },
    },
  };
}
