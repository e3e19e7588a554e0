/**
 * Description and reference templates: `Order {number} {relation.name}`. Placeholders are checked
 * when the mapping is compiled; rendering never fails.
 */
import type { ConfigProblem, SourceDocument, WorkOrder } from '@koppelwerk/core';
import { worded } from './worded';

const KIND_LABELS: Record<string, string> = {
  'sales-order': 'Order',
  'sales-invoice': 'Invoice',
  'sales-credit-note': 'Credit note',
  'purchase-invoice': 'Purchase invoice',
  'purchase-credit-note': 'Purchase credit note',
  'work-order': 'Work order',
};

type Getter = (document: SourceDocument | WorkOrder) => string | undefined;

const FIELDS: Record<string, Getter> = {
  number: (d) => d.number,
  sourceId: (d) => d.sourceId,
  date: (d) => d.date,
  kind: (d) => ('kind' in d ? d.kind : 'work-order'),
  kindLabel: (d) => KIND_LABELS['kind' in d ? d.kind : 'work-order'],
  reference: (d) => ('reference' in d ? d.reference : undefined),
  originalNumber: (d) => ('originalNumber' in d ? d.originalNumber : undefined),
  currency: (d) => ('currency' in d ? d.currency : undefined),
  description: (d) => ('description' in d ? d.description : undefined),
  'relation.name': (d) => d.relation.name,
  'relation.companyName': (d) => d.relation.companyName,
  'relation.contactName': (d) => d.relation.contactName,
  'relation.email': (d) => d.relation.email,
  'relation.city': (d) => d.relation.address?.city,
  'relation.country': (d) => d.relation.address?.country,
  'relation.sourceId': (d) => d.relation.sourceId,
};

export const TEMPLATE_FIELDS = Object.keys(FIELDS);

type Part = string | Getter;

export class TextTemplate {
  private constructor(
    readonly source: string,
    private readonly parts: Part[],
  ) {}

  static compile(source: string, path: string, problems: ConfigProblem[]): TextTemplate {
    const parts: Part[] = [];
    const pattern = /\{([^{}]*)\}/g;
    let last = 0;
    for (let match = pattern.exec(source); match; match = pattern.exec(source)) {
      if (match.index > last) parts.push(source.slice(last, match.index));
      const name = match[1].trim();
      const getter = FIELDS[name];
      if (!getter) problems.push(worded.problem(path, 'MAP_UNKNOWN_PLACEHOLDER', { name, known: TEMPLATE_FIELDS.map((f) => `{${f}}`).join(' ') }));
      else parts.push(getter);
      last = match.index + match[0].length;
    }
    if (last < source.length) parts.push(source.slice(last));
    return new TextTemplate(source, parts);
  }

  /**
   * Whether a text is one this template can render: its fixed parts in place, anything in the
   * placeholders (`WEB-{number}` matches `WEB-1001`, not `INV-1001`). A template of placeholders
   * only matches every text.
   */
  matches(text: string): boolean {
    this.pattern ??= new RegExp(
      `^${this.parts
        .map((part) => (typeof part === 'string' ? part.replace(/\s+/g, ' ').replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : '.*?'))
        .join('')
        .trim()}$`,
      's',
    );
    return this.pattern.test(text.replace(/\s+/g, ' ').trim());
  }

  private pattern?: RegExp;

  /** Whether the template has text of its own besides placeholders (`WEB-{number}`), so what it renders can be told from other texts. */
  hasFixedText(): boolean {
    return this.parts.some((part) => typeof part === 'string' && part.trim() !== '');
  }

  /** Renders, collapses whitespace left by empty fields, and cuts to `maxLength` characters. */
  render(document: SourceDocument | WorkOrder, maxLength?: number): string {
    let text = '';
    for (const part of this.parts) text += typeof part === 'string' ? part : (part(document) ?? '');
    text = text.replace(/\s+/g, ' ').trim();
    if (maxLength !== undefined && text.length > maxLength) text = [...text].slice(0, maxLength).join('').slice(0, maxLength);
    return text;
  }
}
