/**
 * Offset paging as the API does it: no cursor, no total; a page shorter than the limit is the last.
 */
import { APIPromise, type WithResponse } from "../core/api-promise.js";

/** The paging part of a list query. */
export interface PageQuery {
  limit?: number | undefined;
  offset?: number | undefined;
}

/** One page as `.pages()` yields it: where it starts, its items, and the page as the API sent it. */
export interface PageAt<Page, Item> {
  /** The offset this page was asked for: pass it as `offset` to resume here. */
  offset: number;
  /** The page's items (empty when the API sent none). */
  data: Item[];
  /** The page as the API sent it. */
  page: Page;
}

/**
 * The result of a `list` call: `await` it for the one page asked for, `for await` over it for
 * every item of every page from that offset on, or `.pages()` for page after page. Breaking out
 * of a loop stops fetching. An item is yielded once, even when new items shift the offsets
 * between pages (items deleted meanwhile can still shift one past a page boundary).
 */
export class PagePromise<
  Page extends { data?: Item[] | null },
  Item extends { id: string },
  Query extends PageQuery = PageQuery,
>
  extends APIPromise<Page>
  implements AsyncIterable<Item>
{
  readonly #query: Query;
  readonly #fetchPage: (query: Query) => Promise<WithResponse<Page>>;

  /** @internal Made by the `list` methods; the first page is asked for at once. */
  constructor(query: Query, fetchPage: (query: Query) => Promise<WithResponse<Page>>) {
    super(fetchPage(query));
    this.#query = query;
    this.#fetchPage = fetchPage;
  }

  /** Yields each page from the call's offset on, with its offset; the first is the awaited one. */
  async *pages(): AsyncGenerator<PageAt<Page, Item>, void, undefined> {
    let offset = this.#query.offset ?? 0;
    // Without a limit the server's default applies: the first page's length tells it.
    let pageSize = this.#query.limit;
    let next = this.withResponse();
    for (;;) {
      const { data: page } = await next;
      const data = page.data ?? [];
      yield { offset, data, page };
      pageSize ??= data.length;
      if (data.length === 0 || data.length < pageSize) return;
      offset += data.length;
      next = this.#fetchPage({ ...this.#query, offset });
    }
  }

  /** Yields every item of every page from the call's offset on, each once. */
  async *[Symbol.asyncIterator](): AsyncGenerator<Item, void, undefined> {
    const seen = new Set<string>();
    for await (const { data } of this.pages()) {
      for (const item of data) {
        if (seen.has(item.id)) continue;
        seen.add(item.id);
        yield item;
      }
    }
  }
}
