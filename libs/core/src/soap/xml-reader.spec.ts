import { isXmlNil, readXml, xmlChild, XmlReadError } from './xml-reader';

describe('readXml', () => {
  it('reads elements, attributes, prefixes, text, entities, character references and CDATA', () => {
    const root = readXml(
      `<?xml version="1.0" encoding="utf-8"?>\n<!-- answer -->\n<s:Envelope xmlns:s='urn:s' a="1 &amp; 2"><s:Body>` +
        `<Name>Caf&#233; &lt;De Hoek&gt; &quot;&apos;&#x1F600;</Name><Note><![CDATA[<b>&amp; stays</b>]]></Note><Empty/><Nil xsi:nil="true" /></s:Body></s:Envelope>`,
    );
    expect(root).toMatchObject({ name: 's:Envelope', local: 'Envelope', attributes: { 'xmlns:s': 'urn:s', a: '1 & 2' } });
    const body = xmlChild(root, 'Body');
    expect(body?.children.map((c) => c.local)).toEqual(['Name', 'Note', 'Empty', 'Nil']);
    expect(xmlChild(body, 'Name')?.text).toBe('Café <De Hoek> "\'😀');
    expect(xmlChild(body, 'Note')?.text).toBe('<b>&amp; stays</b>');
    expect(xmlChild(body, 'Empty')?.text).toBe('');
    expect(isXmlNil(xmlChild(body, 'Nil')!)).toBe(true);
    expect(isXmlNil(xmlChild(body, 'Empty')!)).toBe(false);
  });

  it.each([
    ['<a><b></a>', '</a> does not close <b>'],
    ['<a>', '<a> is not closed'],
    ['<a></a><b/>', 'a second root element'],
    ['<a>Tom & Jerry</a>', 'a bare "&"'],
    ['<a>&#0;</a>', 'is not a character'],
    ['<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>', 'document type declaration'],
    ['<a <b/>', 'a malformed start tag'],
    ['', 'no root element'],
    ['<html>', 'is not closed'],
  ])('refuses %j', (xml, message) => {
    expect(() => readXml(xml)).toThrow(XmlReadError);
    expect(() => readXml(xml)).toThrow(message);
  });
});
