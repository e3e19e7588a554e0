/**
 * FactuurSturen answers XML unless JSON is asked for (the default differs between copies of its
 * docs). A plain rendering of the same records, so a client that forgets to ask notices at once.
 */
export function toXml(root: string, value: unknown): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${element(root, value)}`;
}

function element(name: string, value: unknown): string {
  if (Array.isArray(value)) {
    const item = name.endsWith('s') ? name.slice(0, -1) : 'item';
    return `<${name}>${value.map((entry) => element(item, entry)).join('')}</${name}>`;
  }
  if (typeof value === 'object' && value !== null) {
    return `<${name}>${Object.entries(value).map(([key, entry]) => element(key, entry)).join('')}</${name}>`;
  }
  return `<${name}>${escape(String(value ?? ''))}</${name}>`;
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
