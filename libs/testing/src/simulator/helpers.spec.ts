import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkBasicAuth, checkQueryTokens } from './auth-checks';
import { busiestWindow } from './call-counter';
import { loadSeed } from './load-seed';
import { pageOf, readPaging } from './read-paging';
import { SeededRandom } from './seeded-random';

describe('loadSeed', () => {
  it('reads a seed object or file of raw records per resource, as a copy', () => {
    const seed = { orders: [{ number: '1001', price: { tax: { rate: '21.00' } } }] };
    const loaded = loadSeed(seed, { resources: ['orders', 'orderstatuses'] });
    expect(loaded).toEqual(seed);
    (loaded.orders[0] as { number: string }).number = 'changed';
    expect(seed.orders[0].number).toBe('1001');

    const file = join(mkdtempSync(join(tmpdir(), 'seed-')), 'seed.json');
    writeFileSync(file, JSON.stringify(seed));
    expect(loadSeed(file)).toEqual(seed);
  });

  it('refuses seeds of the wrong shape with a reason', () => {
    expect(() => loadSeed({ orders: {} } as never)).toThrow('"orders" must be an array');
    expect(() => loadSeed({ invoices: [] }, { resources: ['orders'] })).toThrow('unknown resource "invoices"; known: orders');
    const file = join(mkdtempSync(join(tmpdir(), 'seed-')), 'broken.json');
    writeFileSync(file, '{"orders": [');
    expect(() => loadSeed(file)).toThrow('not valid JSON');
  });
});

describe('paging', () => {
  const query = (text: string) => new URLSearchParams(text);
  it('reads limit and offset with defaults, caps or refuses over the maximum', () => {
    expect(readPaging(query(''), { defaultLimit: 10, maxLimit: 100 })).toEqual({ limit: 10, offset: 0 });
    expect(readPaging(query('limit=250&offset=5'), { defaultLimit: 10, maxLimit: 100 })).toEqual({ limit: 100, offset: 5 });
    expect(() => readPaging(query('limit=250'), { defaultLimit: 10, maxLimit: 100, overMax: 'refuse' })).toThrow('at most 100');
    expect(() => readPaging(query('offset=-1'), { defaultLimit: 10, maxLimit: 100 })).toThrow('offset');
    expect(() => readPaging(query('limit=0'), { defaultLimit: 10, maxLimit: 100 })).toThrow('limit');
  });
  it('cuts exact pages', () => {
    const items = [1, 2, 3, 4];
    expect(pageOf(items, { limit: 2, offset: 2 })).toEqual([3, 4]);
    expect(pageOf(items, { limit: 2, offset: 4 })).toEqual([]);
  });
});

describe('auth checks', () => {
  it('checks query tokens', () => {
    const expected = { token: 'shop', partner_token: 'partner' };
    expect(checkQueryTokens(new URLSearchParams('token=shop&partner_token=partner'), expected)).toBe('ok');
    expect(checkQueryTokens(new URLSearchParams('token=shop'), expected)).toBe('missing');
    expect(checkQueryTokens(new URLSearchParams('token=shop&partner_token=x'), expected)).toBe('invalid');
    expect(checkQueryTokens(new URLSearchParams('token=shop&partner_token=partner'), expected, true)).toBe('invalid');
  });
  it('checks basic auth', () => {
    const header = (user: string, pass: string) => ({ authorization: 'Basic ' + Buffer.from(`${user}:${pass}`).toString('base64') });
    const expected = { username: 'demo', password: 'key:with:colons' };
    expect(checkBasicAuth(header('demo', 'key:with:colons'), expected)).toBe('ok');
    expect(checkBasicAuth(header('demo', 'wrong'), expected)).toBe('invalid');
    expect(checkBasicAuth({}, expected)).toBe('missing');
    expect(checkBasicAuth(header('demo', 'key:with:colons'), expected, true)).toBe('invalid');
  });
});

describe('SeededRandom', () => {
  it('repeats the same sequence for the same seed', () => {
    const a = new SeededRandom(42);
    const b = new SeededRandom(42);
    const values = Array.from({ length: 5 }, () => a.int(1, 100));
    expect(values).toEqual(Array.from({ length: 5 }, () => b.int(1, 100)));
    expect(values.every((v) => v >= 1 && v <= 100)).toBe(true);
  });
});

describe('busiestWindow', () => {
  it('counts the most times within any window, edges exclusive', () => {
    expect(busiestWindow([])).toBe(0);
    expect(busiestWindow([0, 10, 999, 1000, 1500, 1998])).toBe(4);
    expect(busiestWindow([0, 10, 20], 15)).toBe(2);
  });
});
