/** The import direction over REST: the articles (materials, hour types) read back exactly as over SOAP. */
import { startHarness, type Harness } from '../__fixtures__/sink-harness';

jest.setTimeout(60_000);

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ api: 'soap' });
});
afterAll(() => h.close());

it('lists the same articles over REST as over SOAP: prices, VAT code, ledger, unit, group, active', async () => {
  const overSoap = await h.sink.listArticles();
  const overRest = await h.connect({ api: 'rest', accessToken: h.sim.accessToken, endpoint: h.sim.url }).listArticles();
  expect(overSoap.length).toBeGreaterThan(0);
  const shown = (list: typeof overSoap) => list.map((a) => ({ ...a, purchasePriceExcl: a.purchasePriceExcl.toFixed(2), salesPriceExcl: a.salesPriceExcl.toFixed(2), salesPriceIncl: a.salesPriceIncl.toFixed(2), vatRate: a.vatRate.toString() }));
  expect(shown(overRest)).toEqual(shown(overSoap));
});
