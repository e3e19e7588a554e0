import { z } from 'zod';
import {
  bilingual,
  checkConfig,
  collectSecrets,
  configJsonSchema,
  fieldTextsIn,
  labelled,
  localized,
  parseConfig,
  redactConfig,
  safeParseIn,
  secret,
  type FieldTexts,
} from './config-schema';
import { ConfigurationError, type ConfigProblem } from './errors';
import { renderMessage } from './messages';

const schema = z.object({
  username: z.string().min(6),
  securityCode1: secret(z.string().regex(/^[0-9a-f]{32}$/i)),
  nested: z.object({ token: secret(z.string()).optional(), url: z.string().url() }),
  list: z.array(z.object({ key: secret(z.string()) })).default([]),
});

describe('config schemas', () => {
  it('lists every problem with its path, never the value', () => {
    let error: unknown;
    try {
      parseConfig(schema, { username: 'abc', securityCode1: 'canary-secret-value', nested: { url: 'nope' } }, 'sink.settings');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    const problems = (error as ConfigurationError).problems.map((p) => p.path);
    expect(problems).toEqual(['sink.settings.username', 'sink.settings.securityCode1', 'sink.settings.nested.url']);
    expect((error as Error).message).not.toContain('canary-secret-value');
  });

  it('finds secrets through optional, default and array wrappers', () => {
    const config = parseConfig(schema, {
      username: 'shopowner',
      securityCode1: 'a'.repeat(32),
      nested: { token: 'tok-123456', url: 'http://127.0.0.1:1' },
      list: [{ key: 'key-abcdef' }],
    });
    expect(collectSecrets(schema, config).sort()).toEqual(['a'.repeat(32), 'key-abcdef', 'tok-123456']);
    const redacted = redactConfig(schema, config);
    expect(JSON.stringify(redacted)).not.toMatch(/tok-123456|key-abcdef|aaaa/);
    expect(redacted.username).toBe('shopowner');
  });

  it('exports a JSON Schema that flags secrets as write-only', () => {
    const json = configJsonSchema(schema) as { properties: Record<string, { writeOnly?: boolean }> };
    expect(json.properties.securityCode1.writeOnly).toBe(true);
    expect(json.properties.username.writeOnly).toBeUndefined();
  });
});

const texts = (name: string): FieldTexts => ({ nl: { label: `${name} (nl)`, help: `hulp bij ${name}` }, en: { label: `${name} (en)`, help: `help with ${name}` } });

describe('field texts', () => {
  const labelledSchema = z
    .object({
      token: labelled(secret(z.string().min(8)), texts('token')),
      code: labelled(secret(z.string()).optional(), texts('code')),
      described: secret(z.string()).describe('a secret described after it was marked').optional(),
      size: labelled(z.number().int().min(1).default(10), texts('size')),
      mode: labelled(z.enum(['a', 'b']).default('a'), { ...texts('mode'), nl: { ...texts('mode').nl, options: { a: 'eerste', b: 'tweede' } } }),
      group: labelled(z.object({ on: labelled(z.boolean().default(true), texts('on')) }).strict().prefault({}), texts('group')),
    })
    .strict();
  type Properties = Record<string, Record<string, unknown> & { properties?: Record<string, Record<string, unknown>> }>;

  it('carries each field\'s label and help in both languages into the JSON Schema, the English help as its description', () => {
    const properties = (configJsonSchema(labelledSchema) as { properties: Properties }).properties;
    for (const name of ['token', 'code', 'size', 'mode', 'group']) {
      expect(fieldTextsIn(properties[name])).toEqual(name === 'mode' ? expect.objectContaining({ en: texts('mode').en }) : texts(name));
      expect(properties[name].description).toBe(`help with ${name}`);
    }
    expect(fieldTextsIn(properties.mode)?.nl.options).toEqual({ a: 'eerste', b: 'tweede' });
    expect(fieldTextsIn(properties.group.properties!.on)).toEqual(texts('on'));
    expect(properties.size.default).toBe(10);
    expect(fieldTextsIn(properties.described)).toBeUndefined();
    expect(fieldTextsIn({ 'x-texts': { nl: { label: 'alleen Nederlands', help: 'x' } } })).toBeUndefined();
  });

  it('keeps a secret a secret when it is labelled or described afterwards', () => {
    const properties = (configJsonSchema(labelledSchema) as { properties: Properties }).properties;
    expect([properties.token.writeOnly, properties.code.writeOnly, properties.described.writeOnly, properties.size.writeOnly]).toEqual([true, true, true, undefined]);
    const config = parseConfig(labelledSchema, { token: 'token-1234567', code: 'code-7654321', described: 'described-secret' });
    expect(collectSecrets(labelledSchema, config).sort()).toEqual(['code-7654321', 'described-secret', 'token-1234567']);
    expect(JSON.stringify(redactConfig(labelledSchema, config))).not.toMatch(/token-1234567|code-7654321|described-secret/);
  });
});

describe('messages in two languages', () => {
  const login = z
    .object({
      username: z.string(bilingual({ en: 'the username is required', nl: 'de gebruikersnaam is verplicht' })).min(6, bilingual({ en: 'at least 6 characters', nl: 'minstens 6 tekens' })),
      port: z.number().int().max(65535),
    })
    .superRefine((value, ctx) => {
      if (value.port === 25) ctx.addIssue({ code: 'custom', path: ['port'], message: localized({ en: 'not the mail port', nl: 'niet de mailpoort' }) });
    });
  const messages = (result: { success: boolean; error?: z.ZodError }) => result.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);

  it('are English where a config is parsed as usual, as the CLI has always said them', () => {
    expect(messages(login.safeParse({ username: 'abc', port: 25 }))).toEqual(['username: at least 6 characters', 'port: not the mail port']);
    expect(() => parseConfig(login, { port: 70000 }, 'sink.settings')).toThrow(/sink\.settings\.username: the username is required/);
  });

  it('are Dutch in a Dutch parse, with zod\'s own messages from the error map given for that parse only', () => {
    const dutch = z.locales.nl().localeError;
    expect(messages(safeParseIn(login, { username: 'abc', port: 25 }, 'nl', dutch))).toEqual(['username: minstens 6 tekens', 'port: niet de mailpoort']);
    expect(messages(safeParseIn(login, { port: 70000 }, 'nl', dutch))).toEqual(['username: de gebruikersnaam is verplicht', 'port: Te groot: verwacht dat number <=65535 is']);
    // The global configuration and the language of later parses are as they were.
    expect(messages(login.safeParse({ username: 'abcdef', port: 70000 }))).toEqual(['port: Too big: expected number to be <=65535']);
    expect(messages(safeParseIn(login, { username: 'abc', port: 1 }, 'en'))).toEqual(['username: at least 6 characters']);
    expect(safeParseIn(login, { username: 'abcdef', port: 1 }, 'nl')).toEqual({ success: true, data: { username: 'abcdef', port: 1 } });
  });
});

describe('checkConfig: every problem by its catalogue code', () => {
  const settings = z
    .object({
      username: z.string(bilingual({ en: 'the username is required', nl: 'de gebruikersnaam is verplicht' })).min(6, bilingual({ en: 'at least 6 characters', nl: 'minstens 6 tekens' })),
      port: z.number().int().max(65535),
      level: z.enum(['info', 'debug']).default('info'),
      url: z.string().url().optional(),
      note: z.string().min(1, 'English only').optional(),
      rows: z.array(z.string()).min(1).optional(),
    })
    .strict();
  const inBoth = (problems: ConfigProblem[]) =>
    problems.map((p) => ({ path: p.path, en: p.message, nl: renderMessage(p.code, p.params, 'nl', p.message) }));

  it('words zod\'s generic problems, the schema\'s own in both languages, and an unknown key with the nearest one', () => {
    const result = checkConfig(settings, { username: 'abc', port: 70000, level: 'loud', url: 'nope', note: '', rows: [], usernme: 'x' }, 'sink.settings');
    expect(result.success).toBe(false);
    const problems = (result as { problems: ConfigProblem[] }).problems;
    expect(problems.every((p) => p.code !== undefined || p.message === 'English only')).toBe(true);
    expect(inBoth(problems)).toEqual([
      { path: 'sink.settings.username', en: 'at least 6 characters', nl: { text: 'minstens 6 tekens', translated: true } },
      { path: 'sink.settings.port', en: 'must be at most 65535', nl: { text: 'mag hoogstens 65535 zijn', translated: true } },
      { path: 'sink.settings.level', en: 'must be one of: info, debug', nl: { text: 'moet een van deze zijn: info, debug', translated: true } },
      { path: 'sink.settings.url', en: 'must be an address that starts with http:// or https://', nl: { text: 'moet een adres zijn dat begint met http:// of https://', translated: true } },
      // A message the schema gives in English only stays English, and a page marks it.
      { path: 'sink.settings.note', en: 'English only', nl: { text: 'English only', translated: false } },
      { path: 'sink.settings.rows', en: 'must have at least one entry', nl: { text: 'moet minstens één regel hebben', translated: true } },
      { path: 'sink.settings', en: 'unknown key `usernme` — did you mean `username`?', nl: { text: 'onbekende sleutel `usernme` — bedoelt u `username`?', translated: true } },
    ]);
  });

  it('says a missing value is required, and a value of the wrong kind what kind it must be', () => {
    const result = checkConfig(settings, { username: 'abcdef', port: 'x' });
    expect(inBoth((result as { problems: ConfigProblem[] }).problems)).toEqual([
      { path: 'port', en: 'must be a number', nl: { text: 'moet een getal zijn', translated: true } },
    ]);
    const missing = checkConfig(z.object({ port: z.number() }), {});
    expect(inBoth((missing as { problems: ConfigProblem[] }).problems)).toEqual([{ path: 'port', en: 'is required', nl: { text: 'is verplicht', translated: true } }]);
    expect(checkConfig(settings, { username: 'abcdef', port: 1 })).toEqual({ success: true, data: { username: 'abcdef', port: 1, level: 'info' } });
  });
});
