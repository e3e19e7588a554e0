import { ConfigurationError, RecordError, dec, toLocalDate, type InvoiceEntry, type JournalEntry, type Article } from '@koppelwerk/core';
import { document, line, recordError } from './__fixtures__/documents';
import { compileMapping } from './compile-mapping';

describe('compiling tenant rules', () => {
  it('lists every problem in a broken mapping at once, with its path', () => {
    let error: ConfigurationError | undefined;
    try {
      compileMapping({
        vat: { sales: [{ rate: 21, code: 'HOOG_VERK_22' }, { rate: 'abc', code: 'GEEN' }] },
        ledgers: { debtors: '13000000000' },
        texts: { description: 'Order {nummer}' },
        colour: 'blue',
      });
    } catch (e) {
      error = e as ConfigurationError;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    const paths = error!.problems.map((p) => p.path).sort();
    expect(paths).toEqual(['mapping', 'mapping.ledgers.debtors', 'mapping.vat.sales.1.rate']);
    // Semantic problems come once the shape is right.
    try {
      compileMapping({ vat: { sales: [{ rate: 21, code: 'HOOG_VERK_22' }] }, texts: { description: 'Order {nummer}' }, relations: { function: 'nope' } });
    } catch (e) {
      error = e as ConfigurationError;
    }
    expect(error!.problems).toMatchObject([
      { path: 'mapping.vat.sales[0].code', message: 'unknown VAT code "HOOG_VERK_22"', code: 'MAP_UNKNOWN_VAT_CODE_RULE', params: { vatCode: 'HOOG_VERK_22' } },
      { path: 'mapping.texts.description', message: expect.stringContaining('unknown placeholder {nummer}') },
      { path: 'mapping.relations.function', message: 'no mapping function named "nope" is registered', code: 'MAP_NO_FUNCTION' },
    ]);
  });

  it('gives the same version for the same rules and another for changed rules', () => {
    expect(compileMapping({}).version).toBe(compileMapping(undefined).version);
    expect(compileMapping({ ledgers: { debtors: '1310' } }).version).not.toBe(compileMapping({}).version);
  });
});

describe('VAT by rate, treatment, country and date', () => {
  const mapping = compileMapping({ vat: { sales: [{ rate: 0, treatment: 'intra-eu', country: 'BE', code: 'BI_EU_VERK_D' }] } });
  const codeOf = (doc: ReturnType<typeof document>) => (mapping.map(doc).entry as JournalEntry).rows[0].vatCode;

  it('tells the 0% cases apart by treatment', () => {
    expect(codeOf(document({ lines: [line({ price: '10', rate: '0', vatTreatment: 'export' })] }))).toBe('BU_EU_VERK');
    expect(codeOf(document({ lines: [line({ price: '10', rate: '0', vatTreatment: 'reverse-charge' })] }))).toBe('VERL_VERK');
    expect(codeOf(document({ lines: [line({ price: '10', rate: '0', vatTreatment: 'exempt' })] }))).toBe('GEEN');
    expect(codeOf(document({ lines: [line({ price: '10', rate: '0', vatTreatment: 'intra-eu' })] }))).toBe('BI_EU_VERK');
  });

  it('lets a tenant rule on country win over the built-in table', () => {
    const belgian = document({ relation: { ...document().relation, address: { country: 'BE' } }, lines: [line({ price: '10', rate: '0', vatTreatment: 'intra-eu' })] });
    expect(codeOf(belgian)).toBe('BI_EU_VERK_D');
    expect(mapping.explain(belgian).explain.find((s) => s.target === 'lines[0].vatCode')?.rule).toBe('mapping.vat.sales[0]');
  });

  it('lets the booking date decide between the old and the new low rate', () => {
    expect(codeOf(document({ date: toLocalDate('2018-12-31'), lines: [line({ price: '10', rate: '6' })] }))).toBe('LAAG_VERK');
    expect(codeOf(document({ date: toLocalDate('2019-01-01'), lines: [line({ price: '10', rate: '9' })] }))).toBe('LAAG_VERK_9');
    const error = recordError(() => mapping.map(document({ date: toLocalDate('2020-02-02'), lines: [line({ price: '10', rate: '6' })] })));
    expect(error.message).toMatch(/no VAT rule in mapping\.vat\.sales matches 6% normal revenue to NL on 2020-02-02/);
    expect(error.field).toBe('lines[0].vatRate');
  });

  it('refuses a rule that maps a line to a code of another rate', () => {
    const wrong = compileMapping({ vat: { sales: [{ rate: 9, code: 'HOOG_VERK_21' }] } });
    const error = recordError(() => wrong.map(document({ lines: [line({ price: '10', rate: '9' })] })));
    expect(error.message).toMatch(/mapping\.vat\.sales\[0\] maps line 1 to HOOG_VERK_21, which is 21% .* the line has 9%/);
  });

  it('names the rule list and the value for an unknown rate, never crashing or defaulting', () => {
    const strict = compileMapping({ vat: { builtInDefaults: false, sales: [{ rate: 21, code: 'HOOG_VERK_21' }] } });
    const error = recordError(() => strict.map(document({ lines: [line({ price: '1', rate: '21' }), line({ price: '1', rate: '13' })] })));
    expect(error.code).toBe('MAP_UNMAPPED_VAT');
    expect(error.message).toContain('13% normal revenue');
    expect(error.field).toBe('lines[1].vatRate');
  });
});

describe('ledgers', () => {
  it('refuses a line no rule covers when the table has no default', () => {
    const mapping = compileMapping({ ledgers: { sales: { rules: [{ incomeType: 'revenue', ledger: '8000' }] } } });
    // An explicit table without default: prefault only applies when the whole table is absent.
    const error = recordError(() => mapping.map(document({ lines: [line({ price: '5', rate: '21', incomeType: 'shipping' })] })));
    expect(error.code).toBe('MAP_UNMAPPED_LEDGER');
    expect(error.message).toContain('income type shipping with VAT code HOOG_VERK_21');
  });

  it('calls a registered function for what the tables cannot say', () => {
    const mapping = compileMapping(
      { ledgers: { sales: { rules: [{ function: 'byProduct' }], default: '8000' } } },
      { functions: { byProduct: ({ line }) => (line?.productCode?.startsWith('GIFT') ? '8300' : undefined) } },
    );
    const entry = mapping.map(document({ lines: [line({ price: '25', rate: '21', productCode: 'GIFT-25' }), line({ price: '10', rate: '21' })] })).entry as JournalEntry;
    expect(entry.rows.map((r) => r.ledger)).toEqual(['8300', '8000']);
  });

  it('validates the ledgers and VAT codes it names against the administration', () => {
    const mapping = compileMapping({
      vat: { sales: [{ rate: 0, code: 'VERL_VERK' }] },
      ledgers: { sales: { rules: [{ incomeType: 'shipping', ledger: '8010' }], default: '8000' } },
    });
    const problems = mapping.validateReference({
      ledgers: [{ code: '1300', description: 'Debiteuren' }, { code: '8000', description: 'Omzet' }],
      vatCodes: ['HOOG_VERK_21', 'GEEN'],
    });
    expect(problems).toMatchObject([
      { path: 'mapping.ledgers.creditors', message: 'ledger 1600 does not exist in this administration' },
      { path: 'mapping.ledgers.sales.rules[0].ledger', message: 'ledger 8010 does not exist in this administration' },
      { path: 'mapping.ledgers.purchase.default', message: 'ledger 4000 does not exist in this administration' },
      { path: 'mapping.vat.sales[0].code', message: 'VAT code VERL_VERK is not available in this administration' },
    ]);
    expect(mapping.usedLedgers()).toEqual(['1300', '1600', '8010', '8000', '4000']);
  });
});

describe('relations', () => {
  const mapping = compileMapping({ relations: { codePrefix: 'MWW' } });

  it('gives a returning customer the same code of at most 15 characters', () => {
    const a = mapping.map(document({ sourceId: '1' })).relation.code;
    const b = mapping.map(document({ sourceId: '2', relation: { ...document().relation, sourceId: 'other', email: ' anna@example.NL ' } })).relation.code;
    expect(a).toBe(b);
    expect(a).toMatch(/^MWW[0-9A-Z]{12}$/);
    const c = mapping.map(document({ relation: { ...document().relation, email: 'piet@example.nl' } })).relation.code;
    expect(c).not.toBe(a);
  });

  it('uses the source id when asked, readable when it fits', () => {
    const bySource = compileMapping({ relations: { matchBy: 'source-id', codePrefix: 'FS' } });
    expect(bySource.map(document({ relation: { ...document().relation, sourceId: '4711' } })).relation.code).toBe('FS4711');
  });

  it('falls back to the next identity when the e-mail is missing, and says so', () => {
    const booking = mapping.explain(document({ relation: { ...document().relation, email: undefined } }));
    expect(booking.explain.find((s) => s.target === 'relation.code')?.because).toBe('matched by source-id "c-42"');
  });
});

describe('texts', () => {
  it('renders templates and cuts descriptions to the sink limit', () => {
    const mapping = compileMapping({ texts: { description: 'Order {number} {relation.name} {reference}', invoiceNumber: 'MWW-{number}' } });
    const long = 'x'.repeat(300);
    const entry = mapping.map(document({ number: '77', relation: { ...document().relation, name: long } })).entry as JournalEntry;
    expect(entry.invoiceNumber).toBe('MWW-77');
    expect(entry.description).toHaveLength(200);
    expect(entry.description.startsWith('Order 77 xxx')).toBe(true);
  });

  it('refuses an invoice number longer than the sink allows instead of truncating it (collisions)', () => {
    const error = recordError(() => compileMapping({}).map(document({ number: 'N'.repeat(51) })));
    expect(error.field).toBe('number');
    const huge = recordError(() => compileMapping({}).map(document({ number: 'N'.repeat(100_000) })));
    expect(huge.message).toContain('(100000 characters)');
    expect(huge.message.length).toBeLessThan(200);
  });
});

describe('currency', () => {
  const usd = document({ currency: 'USD', lines: [line({ price: '100.00', rate: '21' })] });

  it('refuses a foreign-currency document by default with a clear record error', () => {
    const error = recordError(() => compileMapping({}).map(usd));
    expect(error.code).toBe('MAP_FOREIGN_CURRENCY');
    expect(error.message).toContain('USD');
    expect(error.field).toBe('currency');
  });

  it('books the amounts as euros with a warning when the tenant opts in to the seed behaviour', () => {
    const booking = compileMapping({ currency: { foreign: 'book-as-euro' } }).map(usd);
    expect((booking.entry as JournalEntry).rows[0].amountIncl.toFixed(2)).toBe('100.00');
    expect(booking.warnings[0]).toMatch(/USD booked as euros without conversion/);
  });

  it('converts at the document rate, else the configured rate', () => {
    const mapping = compileMapping({ currency: { foreign: 'convert', rates: { USD: '0.92' } } });
    expect((mapping.map(usd).entry as JournalEntry).rows[0].amountIncl.toFixed(2)).toBe('92.00');
    expect((mapping.map({ ...usd, exchangeRate: dec('0.9') }).entry as JournalEntry).rows[0].amountIncl.toFixed(2)).toBe('90.00');
    expect(recordError(() => mapping.map({ ...usd, currency: 'GBP' })).code).toBe('MAP_NO_EXCHANGE_RATE');
  });
});

describe('credit notes and implausible input', () => {
  const mapping = compileMapping({});

  it('books a credit note negative whichever sign the source used', () => {
    for (const price of ['12.10', '-12.10']) {
      const entry = mapping.map(document({ kind: 'sales-credit-note', lines: [line({ price, rate: '21' })] })).entry as JournalEntry;
      expect(entry.rows[0].amountIncl.toFixed(2)).toBe('-12.10');
      expect(entry.rows[0].amountVat.toFixed(2)).toBe('-2.10');
    }
  });

  it('refuses a negative order, absurd amounts, impossible rates and empty documents, naming the field', () => {
    expect(recordError(() => mapping.map(document({ lines: [line({ price: '-5', rate: '21' })] }))).field).toBe('lines');
    expect(recordError(() => mapping.map(document({ lines: [line({ price: '999999999999', rate: '21' })] }))).field).toBe('lines[0].unitPrice');
    expect(recordError(() => mapping.map(document({ lines: [line({ price: '1', rate: '-3' })] }))).field).toBe('lines[0].vatRate');
    expect(recordError(() => mapping.map(document({ lines: [] }))).field).toBe('lines');
  });
});

describe('work orders become invoices', () => {
  const articles: Article[] = [
    { id: '1', code: 'MONTAGE', description: 'Montage', unit: 'UUR', purchasePriceExcl: dec('0'), salesPriceExcl: dec('55.00'), salesPriceIncl: dec('66.55'), vatCode: 'HOOG_VERK_21', vatRate: dec('21'), ledger: '8020', active: true },
    { id: '2', code: 'OUD', description: 'Oud tarief', unit: 'UUR', purchasePriceExcl: dec('0'), salesPriceExcl: dec('40'), salesPriceIncl: dec('48.4'), vatRate: dec('21'), active: false },
    { id: '3', code: 'KABEL', description: 'Kabel 3x2.5', unit: 'METER', purchasePriceExcl: dec('1'), salesPriceExcl: dec('2.50'), salesPriceIncl: dec('3.03'), vatCode: 'HOOG_VERK_21', vatRate: dec('21'), active: true },
  ];
  const mapping = compileMapping({ invoice: { template: 'Werkbon', paymentTermDays: 30, bookInLedger: true } });
  const order = {
    sourceId: 'wb-9',
    number: 'WB-2024-9',
    date: toLocalDate('2024-04-02'),
    status: 'Compleet',
    workStatus: '1 naar E-boekhouden',
    relation: { sourceId: 'r1', role: 'debtor' as const, kind: 'company' as const, name: 'Bakkerij Jansen' },
    relationCode: 'JANSEN',
    materials: [{ code: 'KABEL', description: 'Kabel 3x2.5', quantity: dec('12') }],
    periods: [
      { hourTypeCode: 'montage', hours: dec('2.5') },
      { hourTypeCode: 'MONTAGE', hours: dec('1.25') },
    ],
  };

  it('prices hours from the hour type and materials from the article, with the tenant template and term', () => {
    const booking = mapping.map(order, { articles });
    const entry = booking.entry as InvoiceEntry;
    expect(booking.documentKey).toBe('work-order:wb-9');
    expect(entry).toMatchObject({ type: 'invoice', template: 'Werkbon', paymentTermDays: 30, bookInLedger: true, relationCode: 'JANSEN', invoiceNumber: 'WB-2024-9' });
    expect(entry.lines.map((l) => [l.code, l.quantity.toString(), l.unit, l.unitPrice.toFixed(2), l.vatCode, l.ledger])).toEqual([
      ['KABEL', '12', 'METER', '2.50', 'HOOG_VERK_21', '8000'],
      ['MONTAGE', '3.75', 'UUR', '55.00', 'HOOG_VERK_21', '8020'],
    ]);
  });

  it('parks a work order whose hour type is missing or inactive, naming it', () => {
    const error = recordError(() => mapping.map({ ...order, periods: [{ hourTypeCode: 'OUD', hours: dec('1') }] }, { articles }));
    expect(error.code).toBe('MAP_UNKNOWN_HOUR_TYPE');
    expect(error.message).toContain('hour type "OUD"');
    expect(error.field).toBe('periods[0].hourTypeCode');
  });
});
