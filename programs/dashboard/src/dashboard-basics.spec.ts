import { ConfigurationError } from '@koppelwerk/core';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findUsers, maySee, parseUsers } from './dashboard-users';
import { amountsInText, count, dutchAmount, euro } from './dutch-format';
import { escapeHtml, html } from './html';
import { hashPassword, isPasswordHash, verifyPassword } from './password-hash';
import { parseActionBody, parseErrorsQuery } from './request-input';
import { DashboardSessionStore } from './session-store';

const LOW_COST = { N: 1024, r: 8, p: 1 };

describe('html escaping', () => {
  it('escapes every interpolated value, and only passes html results through', () => {
    const hostile = `<script>alert("x")</script>'&\``;
    const page = html`<p title="${hostile}">${hostile}${html`<b>${hostile}</b>`}${[hostile, 1, null, undefined, false]}</p>`;
    expect(page.value).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&amp;&#96;">' +
        '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&amp;&#96;<b>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&amp;&#96;</b>' +
        '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&amp;&#96;1</p>',
    );
    expect(escapeHtml('a&b')).toBe('a&amp;b');
  });
});

describe('Dutch notation', () => {
  it('writes amounts with dots between thousands and a decimal comma, exactly', () => {
    expect(euro('1234.56')).toBe('€ 1.234,56');
    expect(euro('-1234567.5')).toBe('€ -1.234.567,50');
    expect(euro('0.1')).toBe('€ 0,10');
    expect(dutchAmount('999')).toBe('999,00');
    expect(euro('12345678901234567890.01')).toBe('€ 12.345.678.901.234.567.890,01');
    expect(euro('not money')).toBe('not money');
    expect(amountsInText('8000 21 excl 100.00 VAT 21.00 (rounding -0.01 on 8000) factor 1.0842')).toBe(
      '8000 21 excl € 100,00 VAT € 21,00 (rounding € -0,01 on 8000) factor 1.0842',
    );
    expect(count(12345, 'nl')).toBe('12.345');
    expect(count(12345, 'en')).toBe('12,345');
  });
});

describe('password hashes', () => {
  it('verifies the right password only, with a random salt per hash', async () => {
    const first = await hashPassword('correct horse', LOW_COST);
    const second = await hashPassword('correct horse', LOW_COST);
    expect(first).not.toBe(second);
    expect(isPasswordHash(first)).toBe(true);
    expect(await verifyPassword('correct horse', first)).toBe(true);
    expect(await verifyPassword('correct horsE', first)).toBe(false);
    expect(await verifyPassword('correct horse', 'scrypt$1024$8$1$short$hash')).toBe(false);
    expect(await verifyPassword('correct horse', first.replace('scrypt$1024', 'scrypt$1000'))).toBe(false);
    expect(isPasswordHash('plain-text-password')).toBe(false);
  });
});

describe('dashboard users', () => {
  it('lists every problem of a users section at once', async () => {
    const hash = await hashPassword('x'.repeat(12), LOW_COST);
    const raw = {
      users: [
        { name: 'beheer', role: 'operator', passwordHash: hash },
        { name: 'Beheer', role: 'operator', passwordHash: hash },
        { name: 'winkel', role: 'tenant', passwordHash: hash },
        { name: 'bad name', role: 'operator', passwordHash: 'secret', tenants: ['a'] },
        { name: 'x', role: 'boss', passwordHash: hash, extra: 1 },
      ],
    };
    let problems: Array<{ path: string; message: string }> = [];
    try {
      parseUsers(raw, 'dashboard.yaml');
    } catch (error) {
      problems = (error as ConfigurationError).problems;
    }
    const text = problems.map((p) => `${p.path}: ${p.message}`).join('\n');
    expect(text).toContain('users.1.name: user Beheer is defined twice');
    expect(text).toContain('users.2.tenants: a tenant user needs the tenants it may see');
    expect(text).toContain('users.3.name');
    expect(text).toContain('users.3.passwordHash: not a password hash');
    expect(text).toContain('users.3.tenants: an operator sees every tenant');
    expect(text).toContain('users.4.role');
    expect(problems.length).toBeGreaterThanOrEqual(7);
  });

  it('reads users from dashboard.yaml or the dashboard section of koppelwerk.yaml, not both', async () => {
    const hash = await hashPassword('x'.repeat(12), LOW_COST);
    const dir = mkdtempSync(join(tmpdir(), 'dashboard-users-'));
    expect(findUsers(dir).users).toEqual([]);
    writeFileSync(join(dir, 'koppelwerk.yaml'), `daemon:\n  maxParallel: 2\ndashboard:\n  users:\n    - { name: winkel, role: tenant, tenants: [shop-a], passwordHash: "${hash}" }\n`);
    const fromSettings = findUsers(join(dir, 'shop-a.yaml'));
    expect(fromSettings.users.map((u) => u.name)).toEqual(['winkel']);
    expect(maySee(fromSettings.users[0], 'shop-a')).toBe(true);
    expect(maySee(fromSettings.users[0], 'shop-b')).toBe(false);
    writeFileSync(join(dir, 'dashboard.yaml'), `users: []\n`);
    expect(() => findUsers(dir)).toThrow(ConfigurationError);
  });
});

describe('request input', () => {
  it('accepts what the forms send and refuses anything else', () => {
    expect(parseErrorsQuery({ class: 'record', q: ' 1001 ', page: '2' })).toEqual({ errorClass: 'record', text: '1001', includeResolved: false, page: 2 });
    expect(() => parseErrorsQuery({ page: ['1', '2'] })).toThrow('page');
    expect(parseActionBody({ ids: ['3', '3', '4'], back: 'runs' })).toEqual({ selection: { ids: [3, 4] }, back: 'runs' });
    expect(parseActionBody({ all: '1' })).toEqual({ selection: { all: true }, back: 'errors' });
    expect(parseActionBody({})).toEqual({ selection: undefined, back: 'errors' });
    expect(() => parseActionBody({ ids: '1.5' })).toThrow();
  });
});

describe('session store', () => {
  const set = (store: DashboardSessionStore, id: string, user?: string) => store.set(id, { cookie: { originalMaxAge: null }, ...(user ? { user } : {}) } as never, () => undefined);
  const get = (store: DashboardSessionStore, id: string) => {
    let found: unknown;
    store.get(id, (_error, session) => (found = session));
    return found;
  };

  it('forgets a session after its idle time', () => {
    let now = 0;
    const store = new DashboardSessionStore({ idleMs: 1000, maxSessions: 10, maxAnonymous: 10 }, () => now);
    set(store, 'a', 'beheer');
    now = 999;
    expect(get(store, 'a')).toBeTruthy();
    set(store, 'a', 'beheer'); // used again: the idle time starts over
    now = 1998;
    expect(get(store, 'a')).toBeTruthy();
    now = 1999;
    expect(get(store, 'a')).toBeNull();
    expect(store.size).toBe(0);
  });

  it('caps the sessions, evicting visitors before logged-in users', () => {
    const store = new DashboardSessionStore({ idleMs: 60_000, maxSessions: 4, maxAnonymous: 2 }, () => 0);
    set(store, 'user-1', 'beheer');
    for (let i = 0; i < 50; i++) set(store, `visitor-${i}`);
    expect(get(store, 'user-1')).toBeTruthy();
    expect(get(store, 'visitor-49')).toBeTruthy();
    expect(get(store, 'visitor-0')).toBeNull();
    for (let i = 2; i < 6; i++) set(store, `user-${i}`, 'winkel');
    expect(store.size).toBe(4);
    expect(get(store, 'user-1')).toBeNull(); // the least recently used went first
    expect(get(store, 'user-5')).toBeTruthy();
  });
});
