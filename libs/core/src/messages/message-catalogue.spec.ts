import { ConfigurationError, RecordError, RejectedError, errorParams } from '../errors';
import { BUILT_IN_MESSAGES, renderHint, renderMessage } from './built-in-messages';
import { entriesProblems } from './entry-problems';
import { MessageCatalogue } from './message-catalogue';
import { entry } from './message-entry';
import { wordedBy } from './worded';

const ACME = {
  ACME_GONE: entry({
    example: { order: '1001' },
    message: { nl: (p) => `bestelling ${p.order} bestaat niet meer`, en: (p) => `order ${p.order} no longer exists` },
    hint: { nl: () => 'verwijder haar uit de foutenlijst', en: () => 'dismiss it' },
  }),
  ACME_REFUSED: entry({
    example: { said: 'Periode afgesloten' },
    message: { nl: (p) => `Acme weigerde: ${p.said}`, en: (p) => `Acme refused: ${p.said}` },
  }),
};
const worded = wordedBy(ACME);

describe('the message catalogue', () => {
  const catalogue = new MessageCatalogue().add('koppelwerk', BUILT_IN_MESSAGES).add('acme', ACME);

  it('words an error from its code and params in Dutch and English; the English is the message the error carries', () => {
    const error = new RecordError(...worded('ACME_GONE', { order: '1001' }, { documentKey: '1001' }));
    expect(error).toMatchObject({ code: 'ACME_GONE', params: { order: '1001' }, message: 'order 1001 no longer exists', hint: 'dismiss it', documentKey: '1001' });
    expect(catalogue.render(error.code, error.params, 'nl', error.message)).toEqual({ text: 'bestelling 1001 bestaat niet meer', translated: true });
    expect(catalogue.renderHint(error.code, error.params, 'nl', error.hint)?.text).toBe('verwijder haar uit de foutenlijst');
    expect(catalogue.render(error.code, error.params, 'en', 'stored')).toEqual({ text: 'order 1001 no longer exists', translated: true });
  });

  it('words an upstream code by the family its throw site names, and keeps the upstream code', () => {
    const error = new RejectedError(...worded('ACME_REFUSED', { said: 'Periode afgesloten' }, { code: 'E0042' }));
    expect(error).toMatchObject({ code: 'E0042', params: { family: 'ACME_REFUSED', said: 'Periode afgesloten' } });
    expect(catalogue.render('E0042', error.params, 'nl', error.message).text).toBe('Acme weigerde: Periode afgesloten');
  });

  it('falls back to the stored English, marked untranslated, for a code without an entry or params that lack a value (a row from before params)', () => {
    expect(catalogue.render('NOBODY_KNOWS', {}, 'nl', 'something broke')).toEqual({ text: 'something broke', translated: false });
    expect(catalogue.render('ACME_GONE', undefined, 'nl', 'order 7 no longer exists')).toEqual({ text: 'order 7 no longer exists', translated: false });
    expect(catalogue.renderHint('ACME_GONE', null, 'nl', 'dismiss it')).toEqual({ text: 'dismiss it', translated: false });
    expect(catalogue.renderHint('NOBODY_KNOWS', {}, 'nl')).toBeUndefined();
  });

  it('words a configuration error by its problems, each by its own code; a problem without one stays English and marks the whole', () => {
    const error = new ConfigurationError([worded.problem('source.endpoint', 'ACME_GONE', { order: '9' }), { path: 'sink.settings.username', message: 'is required' }]);
    const nl = catalogue.render(error.code, error.params, 'nl', error.message);
    expect(nl).toEqual({ text: 'de instellingen hebben 2 problemen:\n  - source.endpoint: bestelling 9 bestaat niet meer\n  - sink.settings.username: is required', translated: false });
    expect(catalogue.render(error.code, error.params, 'en', '').text).toBe(error.message);
  });

  it('words a wrapped error inside the text that wraps it, with its hint where describeError gives it', () => {
    const cause = new RecordError(...worded('ACME_GONE', { order: '5' }));
    const params = { documentKey: 'sales-order:5', ...errorParams('cause', cause) };
    expect(catalogue.render('RUN_UNREACHABLE', params, 'nl', '').text).toBe(
      'de boekhouding of de bron bleef onbereikbaar (bestelling 5 bestaat niet meer (verwijder haar uit de foutenlijst)); sales-order:5 en de rest wachten op de volgende verwerking',
    );
  });

  it("renders through the process's catalogue, which knows Koppelwerk's own codes", () => {
    expect(renderMessage('MAP_NO_LINES', { of: 'document' }, 'nl', 'the document has no lines').text).toBe('het document heeft geen regels');
    expect(renderHint('DUPLICATE_INVOICE_NUMBER', { invoiceNumber: 'F1', otherDocument: 'x' }, 'en')?.text).toBe('give each document its own invoice number in the mapping');
  });

  it('refuses an entry that leaves a param out, says undefined, or is the same in both languages', () => {
    const broken = {
      SAME: entry({ example: {}, message: { nl: () => 'OK', en: () => 'OK' } }),
      HOLE: entry({ example: { rate: '9', rule: 'x' }, optional: ['rule'], message: { nl: (p) => `tarief ${p.rate} ${p.rule}`, en: (p) => `rate ${p.rate}` } }),
    };
    expect(entriesProblems('test', broken)).toEqual([
      'test.SAME.message is the same in Dutch and English with its example: "OK"',
      'test.SAME.message is the same in Dutch and English with the params a throw site must pass: "OK"',
      'test.HOLE.message.nl says "tarief 9 undefined" with the params a throw site must pass',
    ]);
  });
});

describe("Koppelwerk's own entries (core, mapping, engine, runtime)", () => {
  it('each render in Dutch and English with their example and with the params a throw site must pass, without undefined, and differ', () => {
    expect(entriesProblems('koppelwerk', BUILT_IN_MESSAGES)).toEqual([]);
  });
});
