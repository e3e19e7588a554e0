/** Reading a dashboard page's form as a browser would submit it, for the tests that drive the pages over HTTP. */

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#96;': '`' };
const decode = (text: string) => text.replace(/&(amp|lt|gt|quot|#39|#96);/g, (entity) => ENTITIES[entity]);

/** What a browser sends for the page's settings form as it stands: inputs, checked boxes, selected options, text areas. */
export function formFields(page: string): Record<string, string | string[]> {
  const form = /<form method="post" action="[^"]*settings"[\s\S]*?<\/form>/.exec(page)?.[0] ?? '';
  const fields: Record<string, string | string[]> = {};
  const add = (name: string, value: string) => {
    const before = fields[name];
    fields[name] = before === undefined ? value : [...(Array.isArray(before) ? before : [before]), value];
  };
  for (const [input] of form.matchAll(/<input\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(input)?.[1];
    if (!name) continue;
    const type = /\btype="([^"]*)"/.exec(input)?.[1] ?? 'text';
    if ((type === 'checkbox' || type === 'radio') && !/\bchecked\b/.test(input)) continue;
    add(decode(name), decode(/\bvalue="([^"]*)"/.exec(input)?.[1] ?? (type === 'checkbox' ? 'on' : '')));
  }
  for (const [, name, options] of form.matchAll(/<select\b[^>]*name="([^"]*)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const chosen = /<option value="([^"]*)"[^>]*selected/.exec(options) ?? /<option value="([^"]*)"/.exec(options);
    if (chosen) add(decode(name), decode(chosen[1]));
  }
  for (const [, name, text] of form.matchAll(/<textarea\b[^>]*name="([^"]*)"[^>]*>([\s\S]*?)<\/textarea>/g)) add(decode(name), decode(text));
  return fields;
}

/** The wizard's form for a Mijnwebwinkel -> e-Boekhouden link on the simulators, as a person fills it in. */
export function shopLinkFields(
  tenant: string,
  shop: { url: string; credentials: { token: string; partner_token: string } },
  books: { endpoint: string; credentials: { username: string; securityCode1: string; securityCode2: string } },
): Record<string, string> {
  return {
    tenant,
    source: 'mijnwebwinkel',
    sink: 'eboekhouden',
    'source.settings.endpoint': shop.url,
    'source.settings.token': shop.credentials.token,
    'source.settings.partner_token': shop.credentials.partner_token,
    'sink.settings.endpoint': books.endpoint,
    'sink.settings.username': books.credentials.username,
    'sink.settings.securityCode1': books.credentials.securityCode1,
    'sink.settings.securityCode2': books.credentials.securityCode2,
  };
}

/** The same form with every secret left empty: the form keeps the ones typed before. */
export function withoutSecrets(fields: Record<string, string>): Record<string, string> {
  return { ...fields, 'source.settings.token': '', 'source.settings.partner_token': '', 'sink.settings.securityCode1': '', 'sink.settings.securityCode2': '' };
}
