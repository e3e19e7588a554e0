import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigurationError, RejectedError, TransientError, type LocalDate } from '@koppelwerk/core';
import { journalEntry, relationToEnsure, row, startHarness, type Harness } from './__fixtures__/sink-harness';

async function failure(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: Error) => error,
  );
}

describe('e-Boekhouden errors, mapped onto the taxonomy', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await h.sink.ensureRelation(relationToEnsure('K1'));
  });
  afterEach(() => h.close());

  it('answers HTTP 503 with a transient error; a read is retried, a write is not', async () => {
    h.sim.faults.set({ failNext: 1 });
    await expect(h.sink.listLedgers()).resolves.toHaveLength(25);
    h.sim.faults.set({ failNext: 1 });
    const error = await failure(h.sink.bookJournalEntry(journalEntry('F-503', 'K1')));
    expect(error).toBeInstanceOf(TransientError);
    expect((error as TransientError).code).toBe('HTTP_503');
  });

  it('answers a dropped connection with a transient error', async () => {
    h.sim.faults.set({ dropNext: 1 });
    const error = await failure(h.sink.bookJournalEntry(journalEntry('F-1', 'K1')));
    expect(error).toBeInstanceOf(TransientError);
    expect(error.message).toMatch(/^e-Boekhouden AddMutatie got no answer from http:\/\/127\.0\.0\.1:\d+\/soap\.asmx: the connection was dropped \(ECONNRESET\)$/);
  });

  it('reads a SOAP fault by its side, and an answer that is not SOAP as transient (whether the write arrived is unknown)', async () => {
    // In front of the simulator: AddMutatie gets the answer under test, everything else goes through.
    let answer: { status: number; type: string; body: string } = { status: 200, type: 'text/xml', body: '' };
    const front = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        if (String(req.headers.soapaction).includes('AddMutatie')) return void res.writeHead(answer.status, { 'content-type': answer.type }).end(answer.body);
        const target = new URL(h.sim.endpoint);
        const forward = http.request({ host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: req.headers }, (upstream) => {
          res.writeHead(upstream.statusCode ?? 502, upstream.headers);
          upstream.pipe(res);
        });
        forward.end(Buffer.concat(chunks));
      });
    });
    await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
    const sink = h.connect({ endpoint: `http://127.0.0.1:${(front.address() as AddressInfo).port}/soap.asmx` });
    const fault = (side: string) =>
      `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>soap:${side}</faultcode><faultstring>Server was unable to process request.</faultstring></soap:Fault></soap:Body></soap:Envelope>`;
    try {
      answer = { status: 500, type: 'text/xml; charset=utf-8', body: fault('Client') };
      expect(await failure(sink.bookJournalEntry(journalEntry('F-F1', 'K1')))).toMatchObject({ errorClass: 'rejected', code: 'SOAP_FAULT_CLIENT' });
      answer = { status: 500, type: 'text/xml; charset=utf-8', body: fault('Server') };
      expect(await failure(sink.bookJournalEntry(journalEntry('F-F2', 'K1')))).toMatchObject({ errorClass: 'transient', code: 'SOAP_FAULT_SERVER' });
      answer = { status: 200, type: 'text/xml; charset=utf-8', body: fault('Server').slice(0, 120) };
      const cut = await failure(sink.bookJournalEntry(journalEntry('F-F3', 'K1')));
      expect(cut).toMatchObject({ errorClass: 'transient', code: 'EB_NOT_SOAP' });
      expect(cut.message).toMatch(/^e-Boekhouden answered AddMutatie with something that is not a SOAP answer: /);
      answer = { status: 200, type: 'text/html', body: '<html><body>Maintenance</body></html>' };
      expect(await failure(sink.bookJournalEntry(journalEntry('F-F4', 'K1')))).toMatchObject({ errorClass: 'transient', code: 'EB_NOT_SOAP' });
    } finally {
      front.closeAllConnections();
      await new Promise((resolve) => front.close(resolve));
    }
  });

  it('answers an unreachable endpoint with a red, transient check', async () => {
    const sink = h.connect({ endpoint: 'http://127.0.0.1:1/soap.asmx' });
    expect(await sink.check()).toMatchObject({ ok: false, errorClass: 'transient' });
  });

  it('answers a wrong endpoint path with a configuration error', async () => {
    const sink = h.connect({ endpoint: h.sim.url + '/nope.asmx' });
    const error = await failure(sink.listLedgers());
    expect(error).toBeInstanceOf(ConfigurationError);
  });

  it('refuses a duplicate invoice number as already booked', async () => {
    const first = await h.sink.bookJournalEntry(journalEntry('F-1', 'K1'));
    const error = await failure(h.sink.bookJournalEntry(journalEntry('F-1', 'K1')));
    expect(error).toBeInstanceOf(RejectedError);
    expect((error as RejectedError).alreadyBooked).toBe(true);
    expect(first.sinkId).toBe('1');
    expect(h.sim.state().administraties[0].mutaties).toHaveLength(1);
  });

  it('rejects an unknown ledger or relation for this record only', async () => {
    const ledger = await failure(h.sink.bookJournalEntry(journalEntry('F-2', 'K1', { rows: [row('8999', 'HOOG_VERK_21', '21', '1.00', '0.21', '1.21')] })));
    expect(ledger).toBeInstanceOf(RejectedError);
    expect(ledger.message).toMatch(/Grootboekrekening 8999 bestaat niet/);
    const relation = await failure(h.sink.bookJournalEntry(journalEntry('F-3', 'NOBODY')));
    expect(relation).toBeInstanceOf(RejectedError);
    expect((relation as RejectedError).alreadyBooked).toBe(false);
    await expect(h.sink.bookJournalEntry(journalEntry('F-4', 'K1'))).resolves.toBeDefined();
  });

  it('rejects a booking in a closed period with what to do about it', async () => {
    h.sim.closePeriodUntil('2024-03-31');
    const error = await failure(h.sink.bookJournalEntry(journalEntry('F-1', 'K1', { date: '2024-03-15' as LocalDate })));
    expect(error).toBeInstanceOf(RejectedError);
    expect((error as RejectedError).hint).toMatch(/period your accountant closed/);
    await expect(h.sink.bookJournalEntry(journalEntry('F-2', 'K1', { date: '2024-04-01' as LocalDate }))).resolves.toBeDefined();
  });

  it('checks field limits before sending anything', async () => {
    const before = h.sim.calls().AddMutatie ?? 0;
    await expect(h.sink.bookJournalEntry(journalEntry('F'.repeat(51), 'K1'))).rejects.toMatchObject({ errorClass: 'record', field: 'invoiceNumber' });
    expect(h.sim.calls().AddMutatie ?? 0).toBe(before);
  });

  it('reports ledgers and VAT codes the mapping uses but e-Boekhouden lacks, each on its own line', async () => {
    const result = await h.sink.check({ ledgers: ['1300', '8000', '8123', '4999'], vatCodes: ['HOOG_VERK_21', 'LAAG_VERK_L9'] });
    expect(result.ok).toBe(false);
    expect(result.details).toEqual([
      expect.stringMatching(/^ledger 8123 does not exist/),
      expect.stringMatching(/^ledger 4999 does not exist/),
      expect.stringMatching(/^VAT code LAAG_VERK_L9 is not an e-Boekhouden VAT code/),
    ]);
    expect(await h.sink.check({ ledgers: ['1300', '8000'], vatCodes: ['HOOG_VERK_21'] })).toEqual({ ok: true });
  });
});
