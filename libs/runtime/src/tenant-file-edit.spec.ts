/** A tenant file changed from a form: comments and order kept, what changed listed, secrets encrypted and never told. */
import { createRegistry } from './connectors';
import { editTenantFile, tenantFileValues } from './tenant-file-edit';

const registry = createRegistry();
const encrypt = (plaintext: string) => `\${encrypted:v1:testkey0:${Buffer.from(plaintext).toString('base64url')}}`;

const TEXT = `# The shop of the bakery.
tenant: bakkerij-jansen

source:
  connector: mijnwebwinkel
  settings:
    token: \${env:SHOP_TOKEN}   # from the environment
    partner_token: \${file:partner.txt}

sink:
  connector: eboekhouden
  endpoint: http://127.0.0.1:8080/soap.asmx
  settings:
    username: bakkerij1   # the API user
    securityCode1: \${encrypted:v1:abcd1234:AAAA}
    securityCode2: \${encrypted:v1:abcd1234:BBBB}

mapping:
  ledgers:
    debtors: "1300"          # sales are booked on this debtors ledger
    sales:
      rules: []
      default: "8000"        # revenue

schedule:
  everyMinutes: 60
`;

describe('a tenant file changed from a form', () => {
  it('reads the values a form shows, references as written', () => {
    const values = tenantFileValues(TEXT);
    expect(values.tenant).toBe('bakkerij-jansen');
    expect(values.source).toEqual({ connector: 'mijnwebwinkel', endpoint: undefined, settings: { token: '${env:SHOP_TOKEN}', partner_token: '${file:partner.txt}' } });
    expect(values.sink.endpoint).toBe('http://127.0.0.1:8080/soap.asmx');
    expect(values.ledgers).toEqual({ debtors: '1300', creditors: undefined, sales: '8000', purchase: undefined });
    expect(values.everyMinutes).toBe(60);
  });

  it('writes a changed ledger and a new secret into the same text, keeping every comment, and lists the change', () => {
    const values = tenantFileValues(TEXT);
    values.ledgers.sales = '8010';
    values.sink.settings.securityCode2 = 'NIEUWE-CODE-1234';
    const { text, changed } = editTenantFile(TEXT, values, registry, encrypt);
    expect(changed).toEqual([
      { path: 'sink.settings.securityCode2', secret: true },
      { path: 'ledgers.sales', secret: false, before: '8000', after: '8010' },
    ]);
    expect(text).not.toContain('NIEUWE-CODE-1234');
    expect(text).toContain(encrypt('NIEUWE-CODE-1234'));
    expect(text).toContain('securityCode1: ${encrypted:v1:abcd1234:AAAA}');
    for (const comment of ['# The shop of the bakery.', '# from the environment', '# the API user', '# sales are booked on this debtors ledger', '# revenue']) expect(text).toContain(comment);
    expect(text).toMatch(/default: "8010"\s+# revenue/);
    expect(text.indexOf('source:')).toBeLessThan(text.indexOf('sink:'));
  });

  it('changes nothing when nothing changed', () => {
    const { text, changed } = editTenantFile(TEXT, tenantFileValues(TEXT), registry, encrypt);
    expect(changed).toEqual([]);
    expect(text).toBe(TEXT);
  });
});
