import { BUILT_IN_MESSAGES, MessageCatalogue } from '@koppelwerk/core';
import { FACTUURSTUREN_MESSAGES, INVOICE_PROBLEMS } from './factuursturen-messages';

describe("FactuurSturen's texts", () => {
  const catalogue = new MessageCatalogue().add('koppelwerk', BUILT_IN_MESSAGES).add('factuursturen', FACTUURSTUREN_MESSAGES);

  it.each(Object.keys(INVOICE_PROBLEMS))('words the invoice problem %s in Dutch and English, for sales and purchase invoices', (problem) => {
    const params = { key: '2025-0042', field: 'lines.line1.linetotal', problem, value: '"veel"', name: '"Kosovo"', stated: '12.10', computed: '12.00', rate: '21', discounted: 'yes' };
    for (const code of ['FS_BAD_INVOICE', 'FS_BAD_PURCHASE_INVOICE']) {
      const nl = catalogue.render(code, params, 'nl', '');
      const en = catalogue.render(code, params, 'en', '');
      expect(nl.translated && en.translated).toBe(true);
      expect(`${nl.text} ${en.text}`).not.toMatch(/undefined|\$\{/);
      expect(nl.text).not.toBe(en.text);
    }
  });
});
