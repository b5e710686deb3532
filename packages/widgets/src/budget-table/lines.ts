/**
 * The flat view of <madang-budget-table>: one row per budget line of a year and phase, in the
 * order given until sorted, filtered by the `q` rule of BudgetQuery (name or code of the line's
 * deepest node, NFC and lower case). Built on the budget engine's primitives (radix sort, rank,
 * text folding from @madang/sdk/budget), but without the engine's index: the first render of
 * 100,000 lines only buckets them by year and phase (a few ms); sorting is a radix pass over a
 * Float64 key, filtering one scan of folded names, each cached per year, phase and order.
 * (A candidate for @madang/sdk/budget as `selectLines`.)
 *
 * Loaded with the engine on first use (data.ts, a dynamic import): a table fed by the API never
 * downloads either.
 */
import type { BudgetLine, BudgetNode, BudgetPhase } from '@madang/contracts';
import { foldBudgetText, radixSortBy, ranks, type BudgetColumns } from '@madang/sdk/budget';
import { BUDGET_PHASES, leaf, parents, type LineSort } from './fields.js';

const nodeKey = (n: BudgetNode) => n.code ?? n.name;

function text(l: BudgetLine, sort: LineSort): string | null {
  switch (sort) {
    case 'code':
      return leaf(l).code;
    case 'organization':
      return l.organization.name;
    case 'path':
      return parents(l);
    case 'item':
      return l.item?.name ?? null;
    default:
      return leaf(l).name;
  }
}

export interface LineSelection {
  year: number;
  phase: BudgetPhase;
  /** Line indices, in the view's order. */
  order: Uint32Array;
  total: number;
}

/** Columns (the engine's compact input) as BudgetLine objects, for the flat view. */
export function columnsToLines(c: BudgetColumns): BudgetLine[] {
  const out: BudgetLine[] = new Array(c.amount.length);
  const cell = (f: string, i: number) => ((c as unknown as Record<string, ArrayLike<string | null | undefined> | undefined>)[f]?.[i] || null) as string | null;
  const node = (p: string, i: number): BudgetNode | null => {
    const code = cell(p + 'Code', i);
    const name = cell(p + 'Name', i) ?? code;
    return name ? { code, name } : null;
  };
  for (let i = 0; i < out.length; i++) {
    const path: BudgetNode[] = [];
    for (let l = 1; l <= 5; l++) {
      const n = node(`path${l}`, i);
      if (!n) break;
      path.push(n);
    }
    out[i] = {
      year: c.year[i]!,
      phase: c.phase[i]!,
      amount: c.amount[i]!,
      organization: node('organization', i) ?? { code: null, name: '-' },
      path,
      item: node('item', i),
      headcount: c.headcount?.[i] ?? null,
      source: cell('source', i),
    };
  }
  return out;
}

export class Lines {
  readonly years: number[];
  private buckets = new Map<number, Uint32Array>();
  private sorted = new Map<string, Uint32Array>();
  private filtered = new Map<string, LineSelection>();
  private names?: string[];
  private codes?: (string | null)[];

  constructor(readonly lines: readonly BudgetLine[]) {
    const by = new Map<number, number[]>();
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!;
      const b = l.year * 4 + BUDGET_PHASES.indexOf(l.phase);
      let a = by.get(b);
      if (!a) by.set(b, (a = []));
      a.push(i);
    }
    for (const [b, a] of by) this.buckets.set(b, Uint32Array.from(a));
    this.years = [...new Set([...by.keys()].map((b) => b >> 2))].sort((a, b) => a - b);
  }

  phasesOf(year: number): BudgetPhase[] {
    return BUDGET_PHASES.filter((_, p) => this.buckets.has(year * 4 + p));
  }

  /** The engine's defaults: the latest year; `approved` when it has it, else its first phase. */
  defaults(year?: number): { year: number; phase: BudgetPhase } {
    const y = year ?? this.years[this.years.length - 1] ?? new Date().getFullYear();
    const p = this.phasesOf(y);
    return { year: y, phase: p.includes('approved') ? 'approved' : (p[0] ?? 'approved') };
  }

  /** The lines of (year, phase[, organisation key]), sorted (`sort` undefined: as given), filtered by `q`. */
  select(q: { year?: number; phase?: BudgetPhase; sort?: LineSort; order?: 'asc' | 'desc'; q?: string; organization?: string }): LineSelection {
    const d = this.defaults(q.year);
    const year = d.year;
    const phase = q.phase ?? d.phase;
    const id = `${year}|${phase}|${q.organization ?? ''}|${q.sort ?? ''}|${q.order ?? ''}`;
    let order = this.sorted.get(id);
    if (!order) {
      let base = this.buckets.get(year * 4 + BUDGET_PHASES.indexOf(phase)) ?? new Uint32Array(0);
      if (q.organization !== undefined) base = base.filter((i) => nodeKey(this.lines[i]!.organization) === q.organization);
      order = q.sort ? this.sort(base, q.sort, q.order ?? (q.sort === 'amount' ? 'desc' : 'asc')) : base;
      if (this.sorted.size > 8) this.sorted.clear();
      this.sorted.set(id, order);
    }
    const needle = q.q ? foldBudgetText(q.q) : '';
    const { names, codes } = needle ? this.index() : { names: [], codes: [] };
    const key = id + '|' + needle;
    let sel = this.filtered.get(key);
    if (!sel) {
      let out = order;
      if (needle) {
        const kept = new Uint32Array(order.length);
        let k = 0;
        for (let j = 0; j < order.length; j++) {
          const i = order[j]!;
          if (names[i]!.includes(needle) || codes[i]?.includes(needle)) kept[k++] = i;
        }
        out = kept.slice(0, k);
      }
      let total = 0;
      for (let k = 0; k < out.length; k++) total += this.lines[out[k]!]!.amount;
      sel = { year, phase, order: out, total };
      if (this.filtered.size > 16) this.filtered.clear();
      this.filtered.set(key, sel);
    }
    return sel;
  }

  /** The folded names and codes the filter scans, made once. */
  private index(): { names: string[]; codes: (string | null)[] } {
    if (!this.names) {
      const names: string[] = new Array(this.lines.length);
      const codes: (string | null)[] = new Array(this.lines.length);
      for (let i = 0; i < names.length; i++) {
        const n = leaf(this.lines[i]!);
        names[i] = foldBudgetText(n.name);
        codes[i] = n.code === null ? null : foldBudgetText(n.code);
      }
      this.names = names;
      this.codes = codes;
    }
    return { names: this.names, codes: this.codes! };
  }

  /**
   * Work a visitor's first filter or sort would otherwise wait for, done when the page is idle:
   * the filter's index, and one small sort so the sort code is compiled (a first radix pass over
   * 100,000 rows runs 5–10× slower than the next ones while the engine still interprets it).
   */
  warm(): void {
    this.index();
    const m = 5000;
    const v = new Float64Array(m);
    for (let k = 0; k < m; k++) v[k] = (k * 7919) % m;
    for (let r = 0; r < 3; r++) radixSortBy(Uint32Array.from(v, (_, k) => k), v);
  }

  /** Stable: ties (and the nulls, last whatever the order) keep the order given. */
  private sort(base: Uint32Array, sort: LineSort, order: 'asc' | 'desc'): Uint32Array {
    const m = base.length;
    const values = new Float64Array(m);
    const sign = order === 'desc' ? -1 : 1;
    const out = new Uint32Array(m);
    if (sort === 'amount') {
      for (let k = 0; k < m; k++) {
        values[k] = sign * this.lines[base[k]!]!.amount;
        out[k] = k;
      }
      const sorted = radixSortBy(out, values);
      for (let k = 0; k < m; k++) out[k] = base[sorted[k]!]!;
      return out;
    } else {
      const strings: string[] = [];
      const at: number[] = [];
      for (let k = 0; k < m; k++) {
        const s = text(this.lines[base[k]!]!, sort);
        if (s === null) values[k] = NaN;
        else {
          strings.push(s);
          at.push(k);
        }
      }
      const r = ranks(strings, sort === 'code' ? 'codeunit' : 'collator');
      for (let j = 0; j < at.length; j++) values[at[j]!] = sign * r[j]!;
    }
    const some: number[] = [];
    const nulls: number[] = [];
    for (let k = 0; k < m; k++) (values[k] === values[k] ? some : nulls).push(k);
    const sorted = radixSortBy(Uint32Array.from(some), values);
    for (let k = 0; k < sorted.length; k++) out[k] = base[sorted[k]!]!;
    for (let k = 0; k < nulls.length; k++) out[sorted.length + k] = base[nulls[k]!]!;
    return out;
  }
}
