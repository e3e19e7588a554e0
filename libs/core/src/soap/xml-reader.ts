/**
 * A small, strict XML reader for SOAP answers: elements with their attributes, text and CDATA,
 * the five named entities and character references. Comments, the XML declaration and processing
 * instructions are skipped. A document type declaration is refused (a SOAP message may not have
 * one, and refusing it rules out entity expansion). Element names keep their prefix in `name`;
 * `local` is the name without it, which is what SOAP answers are read by.
 */
export interface XmlElement {
  /** The qualified name as written, e.g. `soap:Envelope`. */
  name: string;
  /** The name without its namespace prefix, e.g. `Envelope`. */
  local: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text and CDATA, entities decoded (not its children's text). */
  text: string;
}

export class XmlReadError extends Error {
  constructor(message: string, readonly offset: number) {
    super(`${message} (at character ${offset})`);
    this.name = 'XmlReadError';
  }
}

const START_TAG = /<([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/y;
const ATTRIBUTE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const END_TAG = /<\/([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)\s*>/y;
const ENTITY = /&(#x[0-9A-Fa-f]+|#[0-9]+|lt|gt|amp|quot|apos);|&/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(raw: string, offset: number): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(ENTITY, (whole, entity: string | undefined) => {
    if (entity === undefined) throw new XmlReadError('a bare "&" in text (not an entity)', offset);
    if (entity.startsWith('#')) {
      const code = entity.startsWith('#x') ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      if (!(code > 0 && code <= 0x10ffff)) throw new XmlReadError(`the character reference ${whole} is not a character`, offset);
      return String.fromCodePoint(code);
    }
    return NAMED[entity];
  });
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

/** The document's root element. Throws XmlReadError when the text is not well-formed XML. */
export function readXml(xml: string): XmlElement {
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let position = 0;
  const addText = (text: string) => {
    const open = stack[stack.length - 1];
    if (open) open.text += text;
    else if (text.trim() !== '') throw new XmlReadError('text outside the root element', position);
  };
  while (position < xml.length) {
    const next = xml.indexOf('<', position);
    if (next < 0) {
      addText(decode(xml.slice(position), position));
      break;
    }
    if (next > position) addText(decode(xml.slice(position, next), position));
    position = next;
    if (xml.startsWith('<?', position)) {
      const end = xml.indexOf('?>', position);
      if (end < 0) throw new XmlReadError('a processing instruction that does not end', position);
      position = end + 2;
    } else if (xml.startsWith('<!--', position)) {
      const end = xml.indexOf('-->', position);
      if (end < 0) throw new XmlReadError('a comment that does not end', position);
      position = end + 3;
    } else if (xml.startsWith('<![CDATA[', position)) {
      const end = xml.indexOf(']]>', position);
      if (end < 0) throw new XmlReadError('a CDATA section that does not end', position);
      addText(xml.slice(position + 9, end));
      position = end + 3;
    } else if (xml.startsWith('<!', position)) {
      throw new XmlReadError('a document type declaration, which a SOAP message may not have', position);
    } else if (xml.startsWith('</', position)) {
      END_TAG.lastIndex = position;
      const match = END_TAG.exec(xml);
      if (!match) throw new XmlReadError('a malformed end tag', position);
      const open = stack.pop();
      if (!open || open.name !== match[1]) throw new XmlReadError(`</${match[1]}> does not close ${open ? `<${open.name}>` : 'any element'}`, position);
      position = END_TAG.lastIndex;
    } else {
      START_TAG.lastIndex = position;
      const match = START_TAG.exec(xml);
      if (!match) throw new XmlReadError('a malformed start tag', position);
      if (!stack.length && root) throw new XmlReadError('a second root element', position);
      const attributes: Record<string, string> = {};
      if (match[2]) {
        for (const attribute of match[2].matchAll(ATTRIBUTE)) attributes[attribute[1]] = decode(attribute[2] ?? attribute[3] ?? '', position);
      }
      const element: XmlElement = { name: match[1], local: localName(match[1]), attributes, children: [], text: '' };
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(element);
      else root = element;
      if (match[3] !== '/') stack.push(element);
      position = START_TAG.lastIndex;
    }
  }
  if (stack.length) throw new XmlReadError(`<${stack[stack.length - 1].name}> is not closed`, xml.length);
  if (!root) throw new XmlReadError('no root element', 0);
  return root;
}

/** The first child with this local name, if any. */
export function xmlChild(element: XmlElement | undefined, local: string): XmlElement | undefined {
  return element?.children.find((child) => child.local === local);
}

/** True for `xsi:nil="true"` (any prefix). */
export function isXmlNil(element: XmlElement): boolean {
  for (const [name, value] of Object.entries(element.attributes)) {
    if (localName(name) === 'nil' && (value === 'true' || value === '1')) return true;
  }
  return false;
}
