/**
 * Answers an agent can afford: a data job's long lists (ingestion records, timeline events,
 * files, …) and a long page of a list are cut to their first items, failures first, and the cut
 * is said beside them in `more`: how many there are, how many failed, and the call that shows the
 * rest. Whole items only: never JSON cut mid-way.
 */

/** The most items of a data job's list an answer shows. */
export const JOB_ITEMS = 25;
/** The most items of a list page an answer shows. */
export const PAGE_ITEMS = 100;

/** A list shown in part. */
export interface Cut {
  /** How many items the list has. */
  total: number;
  /** Which of them are shown (`offset` for a page asked for). */
  shown: number;
  offset?: number;
  /** How many of them failed (shown first). */
  failed?: number;
  /** The call that shows more. */
  next?: string;
}

type Json = Record<string, unknown>;

const failed = (item: unknown): boolean =>
  typeof item === "object" &&
  item !== null &&
  (/fail|error/i.test(String((item as Json).status ?? "")) ||
    Boolean((item as Json).error_message));

/** The page of a job's list an agent asked for: its place (`timeline`, `ingestion_jobs.0.records`) and offset. */
export interface ListPage {
  list: string;
  offset: number;
}

/**
 * `job` with every list longer than JOB_ITEMS cut (the list `page` names shown from its offset),
 * and `more` saying, per cut list, what was left and how `getJob` shows it.
 */
export function shapeJob(job: Json, getJob: string, page?: ListPage): Json {
  const more: Record<string, Cut> = {};
  const id = JSON.stringify(job.id);
  const walk = (value: unknown, at: string): unknown => {
    if (Array.isArray(value)) {
      const items = value.map((item, i) => walk(item, `${at}.${i}`));
      if (at.slice(1) === page?.list) {
        const shown = items.slice(page.offset, page.offset + JOB_ITEMS);
        const end = page.offset + shown.length;
        more[page.list] = {
          total: items.length,
          shown: shown.length,
          offset: page.offset,
          ...(end < items.length
            ? { next: `call ${getJob} with data_job_id ${id}, list "${page.list}", offset ${end}` }
            : {}),
        };
        return shown;
      }
      if (items.length <= JOB_ITEMS) return items;
      const bad = items.filter(failed);
      const shown = [...bad, ...items.filter((item) => !failed(item))].slice(0, JOB_ITEMS);
      more[at.slice(1)] = {
        total: items.length,
        shown: shown.length,
        ...(bad.length ? { failed: bad.length } : {}),
        next: `call ${getJob} with data_job_id ${id}, list "${at.slice(1)}", offset 0 (then the next offset) to page through them in order`,
      };
      return shown;
    }
    if (typeof value !== "object" || value === null) return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, field]) => [key, walk(field, `${at}.${key}`)]),
    );
  };
  const shaped = walk(job, "") as Json;
  if (page && !more[page.list])
    throw new Error(
      `Data job ${String(job.id)} has no list "${page.list}": name one as its answer places it, such as "timeline", "files" or "ingestion_jobs.0.records".`,
    );
  return Object.keys(more).length ? { ...shaped, more } : shaped;
}

/**
 * A list answer (`{ data }`) with a page longer than PAGE_ITEMS cut to its first items, and
 * `more.data` saying which `offset` of `tool` shows the rest.
 */
export function shapePage(answer: Json, tool: string, offset: number): Json {
  const data = answer.data;
  if (!Array.isArray(data) || data.length <= PAGE_ITEMS) return answer;
  return {
    ...answer,
    data: data.slice(0, PAGE_ITEMS),
    more: {
      data: {
        total: data.length,
        shown: PAGE_ITEMS,
        next: `call ${tool} with offset ${offset + PAGE_ITEMS} and limit ${PAGE_ITEMS} for the next items`,
      },
    },
  };
}
