/**
 * Budget datasets: listing, the aggregated view, the organisation comparison, raw lines and
 * deletion. The semantics are written down in docs/api.md ("Budgets"): the SDK's in-memory engine
 * implements the same contract and the two are compared row for row, so every rule here (defaults,
 * null ratios, the name a node shows, sorting and its tie-break) is the documented one.
 *
 * SQL does the heavy part (grouping the lines of one node's children, exact bigint sums); the
 * rest — figures, `q`, sorting, paging, totals — is plain JavaScript on the grouped rows, so
 * string matching and ordering are JavaScript's (code units for keys and codes, Intl.Collator('ko')
 * for names), not the database collation's.
 */
import {
  BUDGET_LEVELS,
  BudgetComparisonQuery,
  BudgetDatasetId,
  BudgetPhase,
  BudgetQuery,
  type BudgetComparison,
  type BudgetComparisonRow,
  type BudgetDataset,
  type BudgetDatasetList,
  type BudgetFigures,
  type BudgetLine,
  type BudgetLinePage,
  type BudgetNode,
  type BudgetRow,
  type BudgetView,
} from '@madang/contracts';
import type { Queryable, Row } from './db.js';
import { fieldProblem, HttpProblem, validate } from './problems.js';
import { iso } from './sites.js';

const PHASES = BudgetPhase.options;
export const VIEW_LIMIT = { default: 100, max: 10_000 } as const;
export const LINES_LIMIT = { default: 100, max: 1_000 } as const;

// ---------------------------------------------------------------------------- datasets

const DATASET_COLUMNS = `id, title, description, source, as_of::text AS as_of, years, phases, periods, line_count, content_hash, created_at`;

function toDataset(r: Row): BudgetDataset {
  return {
    id: r.id,
    title: r.title,
    description: r.description ?? null,
    currency: 'KRW',
    source: r.source,
    asOf: r.as_of,
    years: (r.years as number[]).map(Number),
    phases: r.phases,
    lineCount: r.line_count,
    contentHash: r.content_hash,
    createdAt: iso(r.created_at)!,
  };
}

/** A dataset with its periods ([year, phase, lines]), for the defaults of a view. */
interface LoadedDataset {
  dataset: BudgetDataset;
  periods: [number, BudgetPhase, number][];
}

export async function datasetById(q: Queryable, siteId: string, id: string): Promise<BudgetDataset | null> {
  return (await loadDataset(q, siteId, id))?.dataset ?? null;
}

async function loadDataset(q: Queryable, siteId: string, id: string): Promise<LoadedDataset | null> {
  if (!BudgetDatasetId.safeParse(id).success) return null;
  const [r] = await q.query(`SELECT ${DATASET_COLUMNS} FROM budget_datasets WHERE id = $1 AND site_id = $2 AND content_hash NOT LIKE 'pending:%'`, [id, siteId]);
  return r ? { dataset: toDataset(r), periods: r.periods } : null;
}

export async function datasetByHash(q: Queryable, siteId: string, contentHash: string): Promise<BudgetDataset | null> {
  const [r] = await q.query(`SELECT ${DATASET_COLUMNS} FROM budget_datasets WHERE site_id = $1 AND content_hash = $2`, [siteId, contentHash]);
  return r ? toDataset(r) : null;
}

const notFound = (id: string) => new HttpProblem('not-found', `no budget dataset ${id} on this site`);

export async function getDataset(q: Queryable, siteId: string, id: string): Promise<BudgetDataset> {
  const d = await datasetById(q, siteId, id);
  if (!d) throw notFound(id);
  return d;
}

export async function listDatasets(q: Queryable, siteId: string): Promise<BudgetDatasetList> {
  const rows = await q.query(
    `SELECT ${DATASET_COLUMNS} FROM budget_datasets WHERE site_id = $1 AND content_hash NOT LIKE 'pending:%' ORDER BY created_at DESC, id DESC`,
    [siteId],
  );
  return { items: rows.map(toDataset) };
}

export async function deleteDataset(q: Queryable, siteId: string, id: string): Promise<{ id: string; deleted: true }> {
  const gone = BudgetDatasetId.safeParse(id).success
    ? await q.query(`DELETE FROM budget_datasets WHERE id = $1 AND site_id = $2 RETURNING id`, [id, siteId])
    : [];
  if (!gone.length) throw notFound(id);
  return { id, deleted: true };
}

// ---------------------------------------------------------------------------- query parameters

type Params = Record<string, string | undefined>;

function intParam(v: string | undefined, name: string): number | undefined {
  if (v === undefined || v === '') return undefined;
  if (!/^-?\d{1,16}$/.test(v)) throw fieldProblem('validation', name, 'must be a whole number');
  return Number(v);
}

/** NUL never reaches PostgreSQL (its text cannot hold it): a 422 naming the parameter. */
function noNul(p: Params) {
  for (const [name, v] of Object.entries(p)) if (v?.includes('\u0000')) throw fieldProblem('validation', name, 'must not contain NUL characters');
}

/** `path` as sent: node keys joined with `>`. Empty segments, or more than four keys, are refused. */
export function parsePath(v: string | undefined): string[] | undefined {
  if (v === undefined || v === '') return undefined;
  const keys = v.split('>');
  if (keys.some((k) => k === '')) throw fieldProblem('validation', 'path', 'node keys joined with ">" (no empty key, no leading or trailing ">")');
  if (keys.length > BUDGET_LEVELS - 1) throw fieldProblem('validation', 'path', `at most ${BUDGET_LEVELS - 1} keys: the view lists the children of a node, and level ${BUDGET_LEVELS} has none`);
  if (keys.some((k) => k.length > 200)) throw fieldProblem('validation', 'path', 'a node key is at most 200 characters');
  return keys;
}

/** Query parameters → BudgetQuery (422 naming the parameter when one is malformed). */
export function viewQuery(p: Params): BudgetQuery {
  noNul(p);
  const q = validate(BudgetQuery, {
    year: intParam(p.year, 'year'),
    phase: p.phase || undefined,
    path: parsePath(p.path),
    organization: p.organization || undefined,
    q: p.q === '' ? undefined : p.q,
    sort: p.sort || undefined,
    order: p.order || undefined,
    offset: intParam(p.offset, 'offset'),
    limit: intParam(p.limit, 'limit'),
  });
  return q;
}

export function comparisonQuery(p: Params): BudgetComparisonQuery {
  noNul(p);
  return validate(BudgetComparisonQuery, {
    year: intParam(p.year, 'year'),
    phase: p.phase || undefined,
    item: p.item || undefined,
    sort: p.sort || undefined,
    order: p.order || undefined,
  });
}

export interface LinesQuery {
  year?: number;
  phase?: BudgetPhase;
  offset: number;
  limit: number;
}

export function linesQuery(p: Params): LinesQuery {
  noNul(p);
  const v = validate(BudgetQuery, { year: intParam(p.year, 'year'), phase: p.phase || undefined, offset: intParam(p.offset, 'offset') });
  const limit = intParam(p.limit, 'limit') ?? LINES_LIMIT.default;
  if (limit < 1 || limit > LINES_LIMIT.max) throw fieldProblem('validation', 'limit', `must be between 1 and ${LINES_LIMIT.max}`);
  return { year: v.year, phase: v.phase, offset: v.offset ?? 0, limit };
}

// ---------------------------------------------------------------------------- shared rules

/** Default year: the dataset's latest. Default phase: approved when that year has it, else its first phase. */
export function defaultPeriod(d: LoadedDataset, year?: number, phase?: BudgetPhase): { year: number; phase: BudgetPhase } {
  const y = year ?? Math.max(...d.dataset.years);
  if (phase) return { year: y, phase };
  const has = PHASES.filter((ph) => d.periods.some(([py, pp]) => py === y && pp === ph));
  return { year: y, phase: has.includes('approved') ? 'approved' : (has[0] ?? 'approved') };
}

/** UTF-16 code unit order (JavaScript's `<`): keys and codes. */
export const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

let collator: Intl.Collator | undefined;
/**
 * Names: Korean collation (`Intl.Collator('ko')`, default options: Hangul before Latin, 가나다
 * order, Latin case-insensitive at the first level), in JavaScript — not the database's collation,
 * which differs between PostgreSQL builds and PGlite. The in-memory engine uses the same.
 */
export const compareNames = (a: string, b: string) => (collator ??= new Intl.Collator('ko')).compare(a, b);

/** `q` normalised once: trimmed, NFC, lower case; empty = no filter. */
export const normalizeNeedle = (q: string | undefined) => (q ?? '').trim().normalize('NFC').toLowerCase();
export const matchesNeedle = (needle: string, name: string, code: string | null) =>
  !needle || name.normalize('NFC').toLowerCase().includes(needle) || (code ?? '').normalize('NFC').toLowerCase().includes(needle);

export function figures(amount: number, previousAmount: number | null, executedAmount: number | null): BudgetFigures {
  return {
    amount,
    previousAmount,
    change: previousAmount === null || previousAmount === 0 ? null : (amount - previousAmount) / Math.abs(previousAmount),
    executedAmount,
    executionRate: executedAmount === null || amount === 0 ? null : executedAmount / amount,
  };
}

/**
 * Sorts rows by one value, nulls last whatever the order; equal values (and two nulls) by key,
 * ascending. `desc` is the default for numbers, `asc` for text.
 */
export function sortRows<T extends { key: string }>(
  rows: T[],
  value: (r: T) => number | string | null,
  order: 'asc' | 'desc',
  compareStrings: (a: string, b: string) => number = compareText,
) {
  const dir = order === 'asc' ? 1 : -1;
  return rows.sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va !== vb) {
      if (va === null) return 1;
      if (vb === null) return -1;
      const c = typeof va === 'number' && typeof vb === 'number' ? (va < vb ? -1 : va > vb ? 1 : 0) : compareStrings(String(va), String(vb));
      if (c !== 0) return c * dir;
    }
    return compareText(a.key, b.key);
  });
}

const TEXT_SORTS = new Set(['name', 'code']);

// ---------------------------------------------------------------------------- the view

export async function budgetView(q: Queryable, siteId: string, id: string, query: BudgetQuery): Promise<BudgetView> {
  const d = await loadDataset(q, siteId, id);
  if (!d) throw notFound(id);
  const { year, phase } = defaultPeriod(d, query.year, query.phase);
  const path = query.path ?? [];
  const level = path.length + 1;

  // The breadcrumb: every node of the path must exist somewhere in the dataset.
  const crumbs = path.length
    ? await q.query(`SELECT parent, key, code, name FROM budget_nodes WHERE dataset_id = $1 AND kind = 'path' AND key = ANY($2::text[]) AND cardinality(parent) < $3`, [
        d.dataset.id,
        path,
        path.length,
      ])
    : [];
  const breadcrumb: BudgetNode[] = path.map((key, i) => {
    const parent = path.slice(0, i);
    const n = crumbs.find((c) => c.key === key && (c.parent as string[]).length === i && (c.parent as string[]).every((k, j) => k === parent[j]));
    if (!n) throw fieldProblem('not-found', 'path', `the dataset has no node ${[...parent, key].join(' > ')}`);
    return { code: n.code, name: n.name };
  });

  const prefix = path.map((_, i) => `AND k${i + 1} = $${i + 5}`).join(' ');
  const grouped = await q.query(
    `SELECT k${level} AS key,
            sum(amount) FILTER (WHERE year = $2 AND phase = $3)::float8 AS amount,
            count(*) FILTER (WHERE year = $2 AND phase = $3)::int AS line_count,
            coalesce(bool_or(depth > ${level}) FILTER (WHERE year = $2 AND phase = $3), false) AS has_children,
            sum(amount) FILTER (WHERE year = $2 - 1 AND phase = $3)::float8 AS previous,
            sum(amount) FILTER (WHERE year = $2 AND phase = 'executed')::float8 AS executed
     FROM budget_lines
     WHERE dataset_id = $1 AND depth >= ${level} ${prefix}
       AND ($4::text IS NULL OR org_key = $4)
       AND ((year = $2 AND phase IN ($3, 'executed')) OR (year = $2 - 1 AND phase = $3))
     GROUP BY 1
     HAVING count(*) FILTER (WHERE year = $2 AND phase = $3) > 0`,
    [d.dataset.id, year, phase, query.organization ?? null, ...path],
  );
  const names = new Map<string, Row>();
  if (grouped.length) {
    for (const n of await q.query(`SELECT key, code, name FROM budget_nodes WHERE dataset_id = $1 AND kind = 'path' AND parent = $2::text[]`, [d.dataset.id, path])) {
      names.set(n.key, n);
    }
  }
  const needle = normalizeNeedle(query.q);
  const rows: BudgetRow[] = [];
  for (const g of grouped) {
    const n = names.get(g.key)!;
    if (!matchesNeedle(needle, n.name, n.code)) continue;
    rows.push({
      key: g.key,
      code: n.code,
      name: n.name,
      level,
      hasChildren: g.has_children,
      lineCount: g.line_count,
      ...figures(g.amount, g.previous, g.executed),
    });
  }
  const sort = query.sort ?? 'amount';
  const pick: Record<typeof sort, (r: BudgetRow) => number | string | null> = {
    amount: (r) => r.amount,
    name: (r) => r.name,
    code: (r) => r.code,
    change: (r) => r.change,
    execution: (r) => r.executionRate,
  };
  sortRows(rows, pick[sort], query.order ?? (TEXT_SORTS.has(sort) ? 'asc' : 'desc'), sort === 'name' ? compareNames : compareText);

  const sumOrNull = (vals: (number | null)[]) => (vals.some((v) => v !== null) ? vals.reduce<number>((s, v) => s + (v ?? 0), 0) : null);
  const total = figures(
    rows.reduce((s, r) => s + r.amount, 0),
    sumOrNull(rows.map((r) => r.previousAmount)),
    sumOrNull(rows.map((r) => r.executedAmount)),
  );
  const offset = query.offset ?? 0;
  const limit = query.limit ?? VIEW_LIMIT.default;
  return { dataset: d.dataset.id, year, phase, path: breadcrumb, total, rows: rows.slice(offset, offset + limit), rowCount: rows.length, offset };
}

// ---------------------------------------------------------------------------- the comparison

export async function budgetComparison(q: Queryable, siteId: string, id: string, query: BudgetComparisonQuery): Promise<BudgetComparison> {
  const d = await loadDataset(q, siteId, id);
  if (!d) throw notFound(id);
  const { year, phase } = defaultPeriod(d, query.year, query.phase);
  let item: BudgetNode | null = null;
  if (query.item !== undefined) {
    const [n] = await q.query(`SELECT code, name FROM budget_nodes WHERE dataset_id = $1 AND kind = 'item' AND parent = '{}' AND key = $2`, [d.dataset.id, query.item]);
    if (!n) throw fieldProblem('not-found', 'item', `the dataset has no economic item ${query.item}`);
    item = { code: n.code, name: n.name };
  }
  const grouped = await q.query(
    `SELECT org_key AS key,
            sum(amount) FILTER (WHERE $4::text IS NULL OR item_key = $4)::float8 AS amount,
            count(*) FILTER (WHERE $4::text IS NULL OR item_key = $4)::int AS line_count,
            sum(amount)::float8 AS org_total,
            max(headcount) AS headcount
     FROM budget_lines WHERE dataset_id = $1 AND year = $2 AND phase = $3
     GROUP BY org_key`,
    [d.dataset.id, year, phase, query.item ?? null],
  );
  const nodes = await q.query(
    `SELECT kind, key, code, name FROM budget_nodes WHERE dataset_id = $1 AND kind IN ('organization', 'item') AND parent = '{}'
       AND (kind = 'organization' OR key IN (SELECT DISTINCT item_key FROM budget_lines WHERE dataset_id = $1 AND year = $2 AND phase = $3 AND item_key IS NOT NULL))`,
    [d.dataset.id, year, phase],
  );
  const orgs = new Map(nodes.filter((n) => n.kind === 'organization').map((n) => [n.key as string, n]));
  const rows: BudgetComparisonRow[] = grouped
    .filter((g) => g.line_count > 0)
    .map((g) => {
      const n = orgs.get(g.key)!;
      const headcount = g.headcount === null ? null : Number(g.headcount);
      return {
        key: g.key,
        code: n.code,
        name: n.name,
        amount: g.amount,
        headcount,
        perStaff: headcount ? g.amount / headcount : null,
        share: g.org_total === 0 ? null : g.amount / g.org_total,
      };
    });
  const sort = query.sort ?? 'amount';
  sortRows(rows, (r) => (sort === 'name' ? r.name : r[sort]), query.order ?? (sort === 'name' ? 'asc' : 'desc'), compareNames);
  const items = nodes
    .filter((n) => n.kind === 'item')
    .map((n) => ({ key: n.key as string, node: { code: n.code, name: n.name } as BudgetNode }))
    .sort((a, b) => compareNames(a.node.name, b.node.name) || compareText(a.key, b.key))
    .map((x) => x.node);
  return { dataset: d.dataset.id, year, phase, item, items, rows };
}

// ---------------------------------------------------------------------------- raw lines

function toLine(r: Row): BudgetLine {
  const path: BudgetNode[] = [];
  for (let i = 1; i <= r.depth; i++) path.push({ code: r[`c${i}`], name: r[`n${i}`] });
  return {
    year: r.year,
    phase: r.phase,
    organization: { code: r.org_code, name: r.org_name },
    path,
    item: r.item_name === null ? null : { code: r.item_code, name: r.item_name },
    amount: r.amount,
    headcount: r.headcount,
    source: r.source,
  };
}

export async function budgetLines(q: Queryable, siteId: string, id: string, query: LinesQuery): Promise<BudgetLinePage> {
  const d = await loadDataset(q, siteId, id);
  if (!d) throw notFound(id);
  const where = `dataset_id = $1 AND ($2::int IS NULL OR year = $2) AND ($3::text IS NULL OR phase = $3)`;
  const params = [d.dataset.id, query.year ?? null, query.phase ?? null];
  const total =
    query.year === undefined && query.phase === undefined
      ? d.dataset.lineCount
      : d.periods.filter(([y, p]) => (query.year === undefined || y === query.year) && (query.phase === undefined || p === query.phase)).reduce((s, [, , n]) => s + n, 0);
  const rows = await q.query(
    `SELECT year::int AS year, phase, org_code, org_name, depth, c1, n1, c2, n2, c3, n3, c4, n4, c5, n5, item_code, item_name,
            amount::float8 AS amount, headcount, source
     FROM budget_lines WHERE ${where} ORDER BY line_no LIMIT $4 OFFSET $5`,
    [...params, query.limit, query.offset],
  );
  return { items: rows.map(toLine), total, offset: query.offset };
}
