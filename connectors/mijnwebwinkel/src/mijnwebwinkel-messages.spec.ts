import { BUILT_IN_MESSAGES, MessageCatalogue } from '@koppelwerk/core';
import { MIJNWEBWINKEL_MESSAGES, ORDER_PROBLEMS } from './mijnwebwinkel-messages';

describe("Mijnwebwinkel's texts", () => {
  const catalogue = new MessageCatalogue().add('koppelwerk', BUILT_IN_MESSAGES).add('mijnwebwinkel', MIJNWEBWINKEL_MESSAGES);

  it.each(Object.keys(ORDER_PROBLEMS))('words the order problem %s in Dutch and English', (problem) => {
    const params = { key: '1001', field: 'price.total', problem, value: '"12,10"', total: '12.10', lines: '12.00' };
    const nl = catalogue.render('MWW_BAD_ORDER', params, 'nl', '');
    const en = catalogue.render('MWW_BAD_ORDER', params, 'en', '');
    expect(nl.translated && en.translated).toBe(true);
    expect(`${nl.text} ${en.text}`).not.toMatch(/undefined|\$\{/);
    expect(nl.text).not.toBe(en.text);
    expect(nl.text).toMatch(/^order 1001: price\.total /);
  });

  it('says a value the order left out in Dutch too', () => {
    expect(catalogue.render('MWW_BAD_ORDER', { key: '7', field: 'date', problem: 'not-date', value: 'missing' }, 'nl', '').text).toBe('order 7: date is afwezig, geen datum (jjjj-mm-dd)');
  });
});
