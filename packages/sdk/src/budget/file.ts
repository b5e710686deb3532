/**
 * Reading a static budget file by URL, for pages that point a widget at a file instead of the
 * API: a CSV (UTF-8 with or without BOM, or CP949) or a Fiscal Data Package descriptor (by a
 * `.json` path or a JSON content type; its resources are fetched relative to it). Widgets call
 * this instead of fetching themselves. Loaded with the parsers (`loadBudgetParsers`).
 */
import type { BudgetCellError, BudgetLine } from '@madang/contracts';
import { parseBudgetCsv } from './csv.js';
import { parseBudgetDataPackage, type BudgetDataPackageMeta } from './datapackage.js';

export type BudgetFileResult =
  | { lines: BudgetLine[]; meta?: BudgetDataPackageMeta }
  /** `status`: the HTTP status of a file that could not be fetched; null when it was read but is malformed. */
  | { status: number | null; errors: BudgetCellError[] };

class HttpStatus extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

/**
 * Fetches and parses a budget file. Network failures and aborts reject (as `fetch` does); an
 * HTTP error status or a malformed file resolves to `{ status, errors }`.
 */
export async function readBudgetFile(url: URL | string, opts: { signal?: AbortSignal } = {}): Promise<BudgetFileResult> {
  const base = new URL(url, globalThis.location?.href);
  const get = async (u: URL) => {
    const res = await fetch(u, { signal: opts.signal });
    if (!res.ok) throw new HttpStatus(res.status);
    return res;
  };
  try {
    const res = await get(base);
    const parsed =
      /\.json$/i.test(base.pathname) || /json/i.test(res.headers.get('content-type') ?? '')
        ? await parseBudgetDataPackage(await res.json(), async (p) => (await get(new URL(p, res.url || base))).arrayBuffer())
        : parseBudgetCsv(await res.arrayBuffer());
    return 'errors' in parsed ? { status: null, errors: parsed.errors } : parsed;
  } catch (e) {
    if (e instanceof HttpStatus) return { status: e.status, errors: [] };
    if (e instanceof SyntaxError) return { status: null, errors: [{ line: 1, column: null, reason: e.message }] };
    throw e;
  }
}
