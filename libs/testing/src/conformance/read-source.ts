/** Reads a source page by page, as the engine does, keeping the cursor of the last page read. */
import type { ReadRequest, ShopSource, SourceItem } from '@koppelwerk/core';

export interface SourceRead {
  items: SourceItem[];
  /** The cursor to resume from after the pages read. */
  cursor: string | null;
  pages: number;
}

export async function readSource(source: ShopSource, request: ReadRequest & { maxPages?: number }): Promise<SourceRead> {
  const { maxPages = Infinity, ...readRequest } = request;
  const items: SourceItem[] = [];
  let cursor = request.cursor;
  let pages = 0;
  for await (const page of source.read(readRequest)) {
    items.push(...page.items);
    cursor = page.nextCursor;
    if (++pages >= maxPages) break;
  }
  return { items, cursor, pages };
}
