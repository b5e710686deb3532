/**
 * What <madang-budget-table> needs only once it has rows to show: the columns of each view, the
 * tree's row lookup, the keyboard (APG treegrid / grid) and the text of a data error. Re-exported
 * by data.ts and api.ts, so it arrives with whichever half reads the data, before the first
 * table (or data error) is drawn, and stays out of the entry's bundle.
 */
import { nothing } from 'lit';
import type { BudgetComparisonRow, BudgetFigures, BudgetLine, BudgetNode, BudgetPhase, BudgetRow } from '@madang/contracts';
import type { CsvCell } from '@madang/sdk/budget';
import type { MadangBudgetDataError } from './errors.js';
import { leaf, parents } from './fields.js';
import type { LineSelection } from './lines.js';
import type { BudgetTableMessages } from './messages.js';

/** One level of the tree: its rows in order, whether from the engine or the API. */
export interface Sel {
  n: number;
  at(i: number): BudgetRow;
  total: BudgetFigures;
  path: BudgetNode[];
  year: number;
  phase: BudgetPhase;
}


/** A level and the expanded rows under it (by their index in the level). */
export interface Block {
  sel: Sel;
  keys: string[];
  names: string[];
  depth: number;
  kids: [number, Block][];
  size: number;
}

/** A row of the tree as shown. */
export interface TreeItem {
  r: BudgetRow;
  depth: number;
  pos: number;
  size: number;
  /** Key path from the top (the dataset's root), this row's key last. */
  keys: string[];
  /** Names of the rows above it in this view. */
  up: string[];
}

export function locate(b: Block, v: number): TreeItem {
  let base = 0;
  let prev = 0;
  for (const [j, kid] of b.kids) {
    const span = j - prev + 1;
    if (v < base + span) break;
    base += span;
    prev = j + 1;
    if (v < base + kid.size) return locate(kid, v - base);
    base += kid.size;
  }
  const j = prev + v - base;
  const r = b.sel.at(j);
  return { r, depth: b.depth, pos: j + 1, size: b.sel.n, keys: [...b.keys, r.key], up: b.names };
}

export interface Common {
  year: number;
  phase: BudgetPhase;
  years: number[];
  phases: BudgetPhase[];
  n: number;
}
export interface TreeRes extends Common {
  kind: 'tree';
  root: Block;
  total: BudgetFigures;
  path: BudgetNode[];
  prev: boolean;
  exec: boolean;
  code: boolean;
}
export interface FlatRes extends Common {
  kind: 'flat';
  lines: readonly BudgetLine[];
  sel: LineSelection;
  code: boolean;
  item: boolean;
}
export interface CompRes extends Common {
  kind: 'comparison';
  rows: BudgetComparisonRow[];
  items: BudgetNode[];
  item: BudgetNode | null;
}
export type Res = TreeRes | FlatRes | CompRes;

/** A column: header, sort key, how a row shows (`num`: amounts and ratios, right-aligned). */
export interface Col<R> {
  id: string;
  label: string;
  num?: boolean;
  /** An amount in won (its CSV header names the unit). */
  won?: boolean;
  cell: (r: R) => unknown;
  csv: (r: R) => CsvCell;
}

/** How the element draws a cell's figure (its compact amount, a ratio, a count). */
export interface CellFormat {
  amount: (v: number | null) => unknown;
  ratio: (v: number | null, signed?: boolean) => unknown;
  fmt: (n: number) => string;
}

/** The columns of a view; the first is the row header (its cell is drawn by the row). */
export function columns(res: Res, m: BudgetTableMessages, f: CellFormat): Col<never>[] {
  const col = <R>(id: string, label: string, cell: (r: R) => unknown, csv: (r: R) => CsvCell, num = false): Col<R> => ({ id, label, cell, csv, num });
  const amount = <R>(id: string, label: string, get: (r: R) => number | null): Col<R> => ({ ...col<R>(id, label, (r) => f.amount(get(r)), get, true), won: true });
  const ratio = <R>(id: string, label: string, get: (r: R) => number | null, signed = false) => col<R>(id, label, (r) => f.ratio(get(r), signed), get, true);
  let cols: Col<never>[];
  if (res.kind === 'tree') {
    type T = TreeItem;
    cols = [col<T>('name', m.levels[Math.min(4, res.path.length)]!, () => nothing, (t) => t.r.name)];
    if (res.code) cols.push(col<T>('code', m.code, (t) => t.r.code ?? '', (t) => t.r.code));
    cols.push(amount<T>('amount', m.amount, (t) => t.r.amount));
    if (res.prev) cols.push(amount<T>('previous', m.previous(String(res.year - 1)), (t) => t.r.previousAmount), ratio<T>('change', m.change, (t) => t.r.change, true));
    if (res.exec) cols.push(amount<T>('executed', m.executed, (t) => t.r.executedAmount), ratio<T>('execution', m.execution, (t) => t.r.executionRate));
  } else if (res.kind === 'flat') {
    type L = BudgetLine;
    cols = [col<L>('name', m.name, () => nothing, (l) => leaf(l).name)];
    if (res.code) cols.push(col<L>('code', m.code, (l) => leaf(l).code ?? '', (l) => leaf(l).code));
    cols.push(col<L>('organization', m.organization, (l) => l.organization.name, (l) => l.organization.name), col<L>('path', m.parents, parents, parents));
    if (res.item) cols.push(col<L>('item', m.item, (l) => l.item?.name ?? '', (l) => l.item?.name));
    cols.push(amount<L>('amount', m.amount, (l) => l.amount));
  } else {
    type C = BudgetComparisonRow;
    cols = [
      col<C>('name', m.organization, () => nothing, (r) => r.name),
      amount<C>('amount', m.amount, (r) => r.amount),
      col<C>('headcount', m.headcount, (r) => (r.headcount === null ? f.ratio(null) : f.fmt(r.headcount)), (r) => r.headcount, true),
      amount<C>('perStaff', m.perStaff, (r) => (r.perStaff === null ? null : Math.round(r.perStaff))),
      ratio<C>('share', m.share, (r) => r.share),
    ];
  }
  return cols;
}

/**
 * Where a key moves the roving focus (row `i`, column `c`; -1: the row itself, tree only), or
 * the tree row it expands or collapses; undefined: not the table's key (nothing prevented).
 * `last`: the last column; `page`: rows per PageUp/PageDown; `open`: whether a tree row is expanded.
 */
export function keyMove(e: KeyboardEvent, res: Res, fi: number, fc: number, last: number, page: number, open: (t: TreeItem) => boolean): { toggle: TreeItem } | { i: number; c: number } | undefined {
  const tree = res.kind === 'tree';
  const t = tree ? locate(res.root, fi) : undefined;
  let i = fi;
  let c = tree ? fc : Math.max(0, fc);
  const onRow = c < 0;
  const isOpen = !!t && open(t);
  switch (e.key) {
    case 'ArrowDown':
      i++;
      break;
    case 'ArrowUp':
      i--;
      break;
    case 'PageDown':
      i += page;
      break;
    case 'PageUp':
      i -= page;
      break;
    case 'Home':
      if (e.ctrlKey || onRow) i = 0;
      else c = 0;
      break;
    case 'End':
      if (e.ctrlKey || onRow) i = res.n - 1;
      else c = last;
      break;
    case 'ArrowRight':
      if (onRow && t!.r.hasChildren && !isOpen) return { toggle: t! };
      c = Math.min(last, c + 1);
      break;
    case 'ArrowLeft':
      if (onRow && isOpen) return { toggle: t! };
      if (onRow && t!.depth > 0) while (i > 0 && locate((res as TreeRes).root, i).depth >= t!.depth) i--;
      else if (!onRow) c = Math.max(tree ? -1 : 0, c - 1);
      break;
    case 'Enter':
    case ' ':
      return onRow && t!.r.hasChildren ? { toggle: t! } : undefined;
    default:
      return undefined;
  }
  return { i: Math.max(0, Math.min(res.n - 1, i)), c };
}

/** The text of a data error: too many lines for the flat view (413), a file's HTTP status, or the first three parse or data errors. */
export function dataErrorText(e: MadangBudgetDataError, m: BudgetTableMessages, fmt: (n: number) => string): string {
  const x = m.errors;
  if (e.status === 413) return x.tooLarge(fmt(e.errors[0]!.line));
  if (e.status) return x.file(String(e.status));
  return `${e.errors[0]?.line ? x.parse : x.data} ${e.errors
    .slice(0, 3)
    .map((r) => (r.line ? `${x.at(fmt(r.line), r.column)}: ` : '') + r.reason)
    .join(' / ')}`;
}
