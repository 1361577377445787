/**
 * Offset paging as the API does it: no cursor, no total, a page shorter than the limit is the last.
 */

/** The paging part of a list query. */
export interface PageQuery {
  limit?: number;
  offset?: number;
}

/**
 * The result of a `list` call: await it for one page, or `for await` over it for every item of
 * every page from the requested offset on. Breaking out of the loop stops fetching.
 */
export class PageRequest<Page extends { data: Item[] }, Item, Query extends PageQuery = PageQuery>
  implements PromiseLike<Page>, AsyncIterable<Item>
{
  readonly #query: Query;
  readonly #fetchPage: (query: Query) => Promise<Page>;

  /** @internal Made by the `list` methods. */
  constructor(query: Query, fetchPage: (query: Query) => Promise<Page>) {
    this.#query = query;
    this.#fetchPage = fetchPage;
  }

  /** Fetches the one page the call asked for (from its `offset`). */
  then<A = Page, B = never>(
    onFulfilled?: ((page: Page) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.#fetchPage(this.#query).then(onFulfilled, onRejected);
  }

  /** Yields every item of every page from the call's `offset` on, fetching a page at a time. */
  async *[Symbol.asyncIterator](): AsyncIterator<Item> {
    let offset = this.#query.offset ?? 0;
    // Without a limit the server's default applies: the first page's length tells it.
    let pageSize = this.#query.limit;
    for (;;) {
      const { data } = await this.#fetchPage({ ...this.#query, offset });
      pageSize ??= data.length;
      yield* data;
      if (data.length === 0 || data.length < pageSize) return;
      offset += data.length;
    }
  }
}
