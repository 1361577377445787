/**
 * Offset paging as the API does it: no cursor, no total; a page shorter than the limit is the last.
 */
import { APIPromise, type CallResult, type WithResponse } from "../core/api-promise.js";
import { BadResponseError } from "../core/errors.js";
import { targetOf } from "../core/find-operation.js";
import type { OperationId } from "../generated/operations.js";

/** The page sizes the document gives a list operation's `limit`. */
export interface PageLimit {
  default: number;
  maximum: number;
}

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
 * between pages (items deleted meanwhile can still shift one past a page boundary). A server
 * that repeats a full page, or sends more than the document's maximum, ends the walk with a
 * `BadResponseError` rather than looping.
 */
export class PagePromise<Page, Item extends { id: string }, Query extends PageQuery = PageQuery>
  extends APIPromise<Page>
  implements AsyncIterable<Item>
{
  readonly #query: Query;
  readonly #fetchPage: (query: Query) => Promise<CallResult<Page>>;
  readonly #operation: OperationId;
  readonly #limit: PageLimit;

  /** @internal Made by the `list` methods; the first page is asked for at once. */
  constructor(
    operation: OperationId,
    limit: PageLimit,
    query: Query,
    fetchPage: (query: Query) => Promise<CallResult<Page>>,
  ) {
    super(fetchPage(query));
    this.#operation = operation;
    this.#limit = limit;
    this.#query = query;
    this.#fetchPage = fetchPage;
  }

  /** Yields each page from the call's offset on, with its offset; the first is the awaited one. */
  async *pages(): AsyncGenerator<PageAt<Page, Item>, void, undefined> {
    const first = this.#query.offset ?? 0;
    for await (const { offset, data, page } of this.#walk()) {
      // The empty page that ends a walk after a full one is no page of items: it is not yielded.
      if (data.length === 0 && offset !== first) return;
      yield { offset, data, page };
    }
  }

  /** Yields every item of every page from the call's offset on, each once. */
  async *[Symbol.asyncIterator](): AsyncGenerator<Item, void, undefined> {
    for await (const { fresh } of this.#walk()) yield* fresh;
  }

  /** Each page with the items not seen on an earlier one; ends with an error on a server that loops. */
  async *#walk(): AsyncGenerator<PageAt<Page, Item> & { fresh: Item[] }, void, undefined> {
    let offset = this.#query.offset ?? 0;
    const pageSize = this.#query.limit ?? this.#limit.default;
    const seen = new Set<string>();
    let next: Promise<WithResponse<Page>> = this.withResponse();
    for (;;) {
      const { data: page, response } = await next;
      const data = (page as { data?: Item[] | null }).data ?? [];
      const full = data.length >= pageSize;
      const fresh = data.filter((item) => {
        if (seen.has(item.id)) return false;
        seen.add(item.id);
        return true;
      });
      if (data.length > this.#limit.maximum || (full && fresh.length === 0))
        throw new BadResponseError(
          targetOf(this.#operation),
          { status: response.status, headers: response.headers, body: "" },
          data.length > this.#limit.maximum
            ? `${data.length} items at offset ${offset}, more than the document's maximum page of ${this.#limit.maximum}`
            : `a full page at offset ${offset} that repeats items already listed (the server repeats itself); paging stopped`,
        );
      yield { offset, data, page, fresh };
      if (!full) return;
      offset += data.length;
      next = this.#fetchPage({ ...this.#query, offset });
    }
  }
}
