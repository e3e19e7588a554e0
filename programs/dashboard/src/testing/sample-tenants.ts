/**
 * Sample tenants for the dashboard's tests: a webshop with a red sink dot, runs, and parked orders
 * of several codes (the mapping's, e-Boekhouden's, Mijnwebwinkel's), each stored as the state keeps
 * it: its English, and its code and params. `hostile` puts markup into every value the pages show.
 */
import { checkParams, renderHint, renderMessage, type CheckResult, type ErrorClass, type MessageParams } from '@koppelwerk/core';
import type { ErrorQueueEntry } from '@koppelwerk/engine';
import { registerBuiltInMessages } from '@koppelwerk/runtime';
import type { MemoryTenant } from './memory-directory';
import type { ReconcileView } from '@koppelwerk/runtime';

registerBuiltInMessages();

/** A text as the state stores it: the English the catalogue words it with, its code and params. */
export function storedAs(code: string, params: MessageParams): { code: string; params: MessageParams; message: string; hint?: string } {
  const message = renderMessage(code, params, 'en', '');
  if (!message.translated) throw new Error(`no entry words ${code} with ${JSON.stringify(params)}`);
  const hint = renderHint(code, params, 'en')?.text;
  return { code, params, message: message.text, ...(hint !== undefined ? { hint } : {}) };
}

/** An upstream's own code, worded by a family of entries (FAMILY_PARAM). */
function family(family: string, code: string, params: MessageParams) {
  return { ...storedAs(family, { family, ...params }), code };
}

function parked(id: number, documentKey: string, errorClass: ErrorClass, text: ReturnType<typeof storedAs>, extra: Partial<ErrorQueueEntry> = {}): ErrorQueueEntry {
  return {
    id,
    documentKey,
    kind: 'sales-order',
    errorClass,
    ...text,
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

/** The reason of parked entry `i` (0-based): odd ones are record errors (the mapping's, Mijnwebwinkel's), even ones refusals. */
function reason(i: number, evil: string): { errorClass: ErrorClass; text: ReturnType<typeof storedAs> } {
  if (i % 2 === 0) {
    const said = { what: 'AddMutatie', upstreamCode: 'E0012', said: `Beveiligingscode 2 onjuist${evil}` };
    return { errorClass: 'authentication', text: family('EB_CODES_REFUSED', 'E0012', said) };
  }
  switch (Math.floor(i / 2) % 3) {
    case 0:
      return { errorClass: 'record', text: storedAs('MAP_UNMAPPED_VAT', { table: 'sales', line: 1, rate: '9', treatment: 'normal', incomeType: 'revenue', country: 'NL', date: '2026-03-01' }) };
    case 1:
      return { errorClass: 'record', text: storedAs('MWW_BAD_ORDER', { key: `${1001 + i}${evil}`, field: 'price.total', problem: 'total-mismatch', total: '121.00', lines: '120.00' }) };
    default:
      return { errorClass: 'record', text: storedAs('MAP_TOTAL_MISMATCH', { kind: 'sales-order', number: `${1001 + i}`, booked: '120.00', expected: '121.50', difference: '1.50', maxDifference: '0.05' }) };
  }
}

/** The red dot of e-Boekhouden refusing the security codes, as a check stores it. */
function refusedCodes(evil: string): CheckResult {
  const refused = storedAs('EB_CREDENTIALS_REFUSED', { api: 'soap' });
  const cause = family('EB_CODES_REFUSED', 'E0012', { what: 'OpenSession', upstreamCode: 'E0012', said: `Beveiligingscode 2 onjuist${evil}` });
  return {
    ok: false,
    reason: refused.message,
    hint: refused.hint,
    details: [cause.message],
    detailTexts: [{ code: cause.code, params: cause.params }],
    errorClass: 'authentication',
    code: refused.code,
    params: refused.params,
  };
}

/** A tenant; `hostile` puts markup into every text the pages show. */
export function sampleTenant(tenant: string, options: { errors?: number; hostile?: string } = {}): MemoryTenant {
  const evil = options.hostile ?? '';
  const errors = Array.from({ length: options.errors ?? 3 }, (_, i) => {
    const { errorClass, text } = reason(i, evil);
    return parked(i + 1, `sales-order:${1001 + i}${evil}`, errorClass, text);
  });
  const red = refusedCodes(evil);
  const shop = storedAs('MWW_CHECK_SHOP', { shop: `De Korenschoof${evil}` });
  const ended = storedAs('RUN_ENDED_BY', { cause: red.code!, 'cause.text': red.reason!, ...prefixed('cause', red.params!) });
  const parkedRun = storedAs('RUN_PARKED', { parked: 30 });
  const vatLine = storedAs('EXPLAIN_VAT_LINE', { rate: '21', treatment: 'normal', incomeType: 'revenue', country: 'NL', date: '2026-03-01' });
  const row = storedAs('EXPLAIN_ROW', { vatCode: 'HOOG_VERK_21', ledger: '8000' });
  const rowValue = storedAs('EXPLAIN_VALUE_ROW', { ledger: '8000', vatCode: 'HOOG_VERK_21', excl: '1234.50', vat: '259.25', incl: '1493.75' });
  const perVatCode = storedAs('EXPLAIN_RULE_ROUNDING', {});
  const asEuro = storedAs('MAP_BOOKED_AS_EURO', { number: `1001${evil}`, currency: 'USD' });
  const unmapped = storedAs('MAP_UNMAPPED_VAT', { table: 'sales', line: 1, rate: '9', treatment: 'normal', incomeType: 'revenue', date: `2026-03-01${evil}` });
  return {
    overview: {
      tenant,
      dots: {
        source: { side: 'source', title: `MijnWebwinkel${evil}`, state: 'green', details: [shop.message], code: undefined, params: checkParams({ detailTexts: [{ code: shop.code, params: shop.params }], details: [shop.message] }), checkedAt: '2026-03-02T10:00:00.000Z' },
        sink: {
          side: 'sink',
          title: `e-Boekhouden${evil}`,
          state: 'red',
          reason: red.reason,
          hint: red.hint,
          details: red.details,
          errorClass: 'authentication',
          code: red.code,
          params: checkParams(red),
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
        message: ended.message,
        code: ended.code,
        params: ended.params,
      },
      nextRunAt: '2026-03-02T11:00:00.000Z',
      everyMinutes: 60,
      openErrors: 0,
      running: null,
    },
    errors,
    activity: Array.from({ length: 120 }, (_, i) => {
      const at = new Date(Date.UTC(2026, 2, 2, 8, 0, i)).toISOString();
      if (i % 3 === 0) return { id: i + 1, at, subject: 'relation' as const, action: 'created' as const, relationCode: `DEB${i}${evil}`, message: `Bakkerij ${i}${evil}` };
      const documentKey = `sales-order:${2000 + i}${evil}`;
      const text = i % 3 === 1 ? storedAs('ACT_MAPPED', { type: 'journal', invoiceNumber: `WEB-${2000 + i}`, version: 'v1' }) : storedAs('ACT_BOOKED_ELSEWHERE', { invoiceNumber: `WEB-${2000 + i}` });
      return { id: i + 1, at, subject: 'document' as const, action: i % 3 === 1 ? ('mapped' as const) : ('booked' as const), documentKey, sinkRef: `M${i}`, ...text };
    }),
    runs: [
      {
        runId: 'run-2',
        mode: 'sync',
        startedAt: '2026-03-02T10:00:00.000Z',
        endedAt: '2026-03-02T10:00:05.000Z',
        counts: { read: 1234, booked: 1200, skipped: 4, parked: 30, stillParked: 0, pending: 0, settled: 0, acknowledged: 0, relationsCreated: 12 },
        outcome: 'parked',
        exitCode: 1,
        message: parkedRun.message,
        code: parkedRun.code,
        params: parkedRun.params,
      },
      {
        runId: 'run-1',
        mode: 'sync',
        startedAt: '2026-03-02T09:00:00.000Z',
        endedAt: '2026-03-02T09:00:05.000Z',
        counts: { read: 3, booked: 0, skipped: 0, parked: 0, stillParked: 0, pending: 3, settled: 0, acknowledged: 0, relationsCreated: 0 },
        outcome: 'authentication',
        exitCode: 3,
        message: ended.message,
        code: ended.code,
        params: ended.params,
      },
    ],
    explain: {
      [`1001${evil}`]: {
        document: `1001${evil}`,
        mappingVersion: 'v1',
        steps: [
          { target: 'lines[0].vatCode', value: `HOOG_VERK_21${evil}`, rule: 'mapping.vat', because: vatLine.message, reason: { code: vatLine.code, params: vatLine.params } },
          {
            target: 'rows[0]',
            value: rowValue.message,
            valueText: { code: rowValue.code, params: rowValue.params },
            rule: perVatCode.message,
            ruleText: { code: perVatCode.code, params: perVatCode.params },
            because: row.message,
            reason: { code: row.code, params: row.params },
          },
        ],
        warnings: [asEuro.message],
        warningTexts: [{ code: asEuro.code, params: asEuro.params }],
      },
      '1002': { document: '1002', mappingVersion: 'v1', refused: { errorClass: 'record', code: unmapped.code, message: unmapped.message, params: unmapped.params } },
    },
  };
}

function prefixed(prefix: string, params: MessageParams): MessageParams {
  return Object.fromEntries(Object.entries(params).map(([key, value]) => [`${prefix}.${key}`, value]));
}

/**
 * A period's reconciliation of a sample tenant: one difference of each kind, the reasons stored as
 * the report keeps them (English, code and params), and totals that differ where the books do.
 */
export function sampleReconcileView(tenant: string, period: { from: string; to: string }): ReconcileView {
  const amounts = (excl: string, vat: string, incl: string) => ({ excl, vat, incl });
  const unmapped = storedAs('MAP_UNMAPPED_VAT', { table: 'sales', line: 1, rate: '9', treatment: 'normal', incomeType: 'revenue', country: 'NL', date: '2026-03-01' });
  const parkedReason = storedAs('RECONCILE_PARKED', { cause: unmapped.code, 'cause.text': unmapped.message, ...prefixed('cause', unmapped.params) });
  const notRead = storedAs('RECONCILE_NOT_READ', {});
  return {
    tenant,
    period: period as ReconcileView['period'],
    totals: [
      { vatCode: 'HOOG_VERK_21', box: '1a', source: amounts('1000.00', '210.00', '1210.00'), booked: amounts('1000.00', '210.00', '1210.00'), books: amounts('1100.00', '231.00', '1331.00'), difference: amounts('100.00', '21.00', '121.00') },
      { vatCode: 'LAAG_VERK_9', box: '1b', source: amounts('200.00', '18.00', '218.00'), booked: amounts('100.00', '9.00', '109.00'), books: amounts('100.00', '9.00', '109.00'), difference: amounts('-100.00', '-9.00', '-109.00') },
    ],
    differences: [
      { kind: 'missing-in-books', document: '1003', invoiceNumber: 'WEB-1003', reason: parkedReason.message, reasonCode: parkedReason.code, reasonParams: parkedReason.params },
      { kind: 'missing-in-books', document: '1005', invoiceNumber: 'WEB-1005', reason: notRead.message, reasonCode: notRead.code, reasonParams: notRead.params },
      { kind: 'deleted-in-books', document: '1001', invoiceNumber: 'WEB-1001' },
      { kind: 'changed-in-books', document: '1002', invoiceNumber: 'WEB-1002', field: 'amount', expected: '121.00', actual: '131.00' },
      { kind: 'unknown-in-books', document: 'WEB-9999', invoiceNumber: 'WEB-9999' },
      { kind: 'changed-in-source', document: '1004', invoiceNumber: 'WEB-1004', field: 'ledger', expected: '8000', actual: '8010' },
    ],
    counted: { source: 5, booked: 3, books: 4 },
  };
}
