/// <reference types="jest" />
/**
 * The StateStore conformance suite, part two: every text a store keeps (a parked error's message,
 * an activity line, a dot's reason and details, a run's message) keeps its catalogue code and
 * params beside its English, so a page can word it in its own language; a row written before
 * params were kept reads as it did (no params).
 */
import { renderMessage } from '@koppelwerk/core';
import type { StateStore } from '../state-store';
import type { OpenContractStore } from './state-store-contract';

export function describeStateStoreTexts(name: string, openStore: OpenContractStore): void {
  describe(`${name} keeps every text's code and params`, () => {
    let opened: StateStore[] = [];
    let count = 0;
    afterEach(async () => {
      for (const store of opened.reverse()) await store.close();
      opened = [];
    });
    const open = async () => {
      const store = await openStore(`texts-${++count}`, {});
      opened.push(store);
      return store;
    };
    const park = {
      documentKey: 'order:9',
      kind: 'sales-order',
      raw: { id: 9 },
      recordJson: null,
      error: { errorClass: 'record' as const, code: 'MAP_BAD_VAT_RATE', message: 'line 2 has an impossible VAT rate of -21%', params: { line: 2, rate: '-21' } },
      runId: 'run-1',
    };

    it('round-trips the params of a parked error (numbers stay numbers), and reads an entry without them as before', async () => {
      const store = await open();
      const id = await store.recordParked(park);
      await store.recordParked({ ...park, documentKey: 'order:10', error: { errorClass: 'record', code: 'MAP_NO_LINES', message: 'the document has no lines' } });
      const [entry, old] = await store.listErrors();
      expect(entry).toMatchObject({ id, code: 'MAP_BAD_VAT_RATE', params: { line: 2, rate: '-21' } });
      expect(old.params).toBeUndefined();
      expect(renderMessage(entry.code, entry.params, 'nl', entry.message)).toEqual({ text: 'regel 2 heeft een onmogelijk btw-tarief van -21%', translated: true });
      // Parked again with other values: the entry keeps the newest.
      await store.recordParked({ ...park, error: { ...park.error, params: { line: 3, rate: '250' } } });
      expect((await store.listErrors({ ids: [id] }))[0].params).toEqual({ line: 3, rate: '250' });
      const failed = (await store.listActivity({ documentKey: 'order:9' }))[0];
      expect(failed).toMatchObject({ action: 'failed', code: 'ACT_PARKED', params: { errorClass: 'record', errorCode: 'MAP_BAD_VAT_RATE', cause: 'MAP_BAD_VAT_RATE', 'cause.line': 3 } });
      expect(renderMessage(failed.code, failed.params, 'nl', failed.message ?? '').text).toBe('gegevens MAP_BAD_VAT_RATE: regel 3 heeft een onmogelijk btw-tarief van 250%');
    });

    it('keeps the code and params of activity lines, dots (with their coded details) and run messages', async () => {
      const store = await open();
      await store.logActivity({ subject: 'document', action: 'skipped', documentKey: 'order:1', message: 'already booked', code: 'ACT_ALREADY_BOOKED', params: {} });
      await store.logActivity({ subject: 'document', action: 'mapped', documentKey: 'order:1', message: 'journal W-1 (mapping m1)', code: 'ACT_MAPPED', params: { type: 'journal', invoiceNumber: 'W-1', version: 'm1' } });
      await store.recordIntent({ documentKey: 'order:1', kind: 'sales-order', invoiceNumber: 'W-1', payloadHash: 'h', bookingJson: '{}', mappingVersion: 'm1', runId: 'run-1' });
      await store.recordBooked({ documentKey: 'order:1', kind: 'sales-order', sinkId: 'M-1', acknowledgeRequired: false, runId: 'run-1', message: 'settled: found in the bookkeeping', messageCode: 'ACT_SETTLED', messageParams: {} });
      const [booked, mapped, skipped] = await store.listActivity({ documentKey: 'order:1' });
      expect(booked).toMatchObject({ action: 'booked', code: 'ACT_SETTLED' });
      expect(mapped).toMatchObject({ code: 'ACT_MAPPED', params: { type: 'journal', invoiceNumber: 'W-1', version: 'm1' } });
      expect(skipped.code).toBe('ACT_ALREADY_BOOKED');

      await store.saveCheck('sink', {
        ok: false,
        reason: 'the mapping names ledgers or VAT codes this administration lacks',
        code: 'CHECK_MAPPING_MISSING',
        params: { count: 0 },
        details: ['mapping.ledgers.debtors: ledger 1300 does not exist in this administration'],
        detailTexts: [{ code: 'MAP_LEDGER_MISSING', params: { ledger: '1300' } }],
      });
      await store.saveCheck('source', { ok: true });
      const [sink, source] = await store.getChecks();
      expect(sink).toMatchObject({ code: 'CHECK_MAPPING_MISSING', params: { count: 0, details: 1, 'detail.1': 'MAP_LEDGER_MISSING', 'detail.1.ledger': '1300' } });
      expect(source.code).toBeUndefined();
      expect(source.params).toBeUndefined();

      await store.startRun({ runId: 'run-2', mode: 'sync' });
      const counts = { read: 2, booked: 1, skipped: 0, parked: 1, stillParked: 0, pending: 0, settled: 0, acknowledged: 0, relationsCreated: 0 };
      await store.finishRun('run-2', { counts, outcome: 'parked', exitCode: 1, message: '1 document(s) parked in the error queue', code: 'RUN_PARKED', params: { parked: 1 } });
      const [run] = await store.listRuns(1);
      expect(run).toMatchObject({ code: 'RUN_PARKED', params: { parked: 1 } });
      expect(renderMessage(run.code, run.params, 'nl', run.message ?? '').text).toBe('1 document in de foutenlijst gezet');
    });
  });
}
