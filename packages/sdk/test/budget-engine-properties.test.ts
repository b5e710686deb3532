/**
 * Properties of the budget engine on random datasets and queries (fast-check), against a naive
 * reference written straight from the rules in engine.ts (objects, filters and
 * Array.prototype.sort; nothing shared with the engine), plus the invariants the table relies
 * on: totals are the sums of the rows, a filter keeps a subset in the same order, a sort is an
 * ordered permutation.
 *
 *   node --import tsx --test packages/sdk/test/budget-engine-properties.test.ts
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { BudgetLine, BudgetNode, BudgetPhase, BudgetQuery, BudgetRow, BudgetSortKey } from '@madang/contracts';
import { BudgetQueryError, createBudgetEngine } from '../src/budget/index.js';
import { radixSortBy, ranks, sortStrings } from '../src/budget/order.js';
import { tokenizeCsv } from '../src/budget/csv.js';
import { toCsv } from '../src/budget/to-csv.js';

const PHASES: BudgetPhase[] = ['proposed', 'approved', 'adjusted', 'executed'];
const SORTS: BudgetSortKey[] = ['amount', 'name', 'code', 'change', 'execution'];
const key = (n: BudgetNode) => n.code ?? n.name;
const collator = new Intl.Collator('ko');
/** JavaScript's `<` (the order of keys and codes in docs/api.md). */
const byUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const fold = (s: string) => s.normalize('NFC').toLowerCase();

// ----------------------------------------------------------------------------------- reference

interface Ref {
  year: number;
  phase: BudgetPhase;
  rows: BudgetRow[];
  total: { amount: number; previousAmount: number | null; change: number | null; executedAmount: number | null; executionRate: number | null };
}

/** docs/api.md's rules, applied naively. Throws 'not-found' for a path that is not a node. */
function reference(lines: BudgetLine[], q: BudgetQuery, flat = false): Ref {
  const years = [...new Set(lines.map((l) => l.year))];
  const year = q.year ?? Math.max(...years);
  const present = PHASES.filter((p) => lines.some((l) => l.year === year && l.phase === p));
  const phase = q.phase ?? (present.includes('approved') ? 'approved' : (present[0] ?? 'approved'));
  const path = q.path ?? [];
  const L = path.length + 1;
  for (let l = 1; l <= path.length; l++)
    if (!lines.some((x) => x.path.length >= l && path.slice(0, l).every((k, i) => key(x.path[i]!) === k))) throw new Error('not-found');
  const under = (l: BudgetLine) =>
    l.path.length >= L && path.every((k, i) => key(l.path[i]!) === k) && (q.organization === undefined || key(l.organization) === q.organization);
  const rowKeyPath = (l: BudgetLine) => l.path.slice(0, flat ? l.path.length : L).map(key);
  const groupOf = (l: BudgetLine) => rowKeyPath(l).join('\u0001');
  const current = lines.filter((l) => l.year === year && l.phase === phase && under(l));
  const groups = new Map<string, BudgetLine[]>();
  for (const l of current) groups.set(groupOf(l), [...(groups.get(groupOf(l)) ?? []), l]);
  const sum = (ls: BudgetLine[]) => ls.reduce((s, l) => s + l.amount, 0);
  const sumOrNull = (ls: BudgetLine[]) => (ls.length ? sum(ls) : null);
  let rows: BudgetRow[] = [...groups].map(([g, ls]) => {
    const keys = rowKeyPath(ls[0]!);
    const level = keys.length;
    const first = lines.find((l) => l.path.length >= level && keys.every((k, i) => key(l.path[i]!) === k))!;
    const node = first.path[level - 1]!;
    const amount = sum(ls);
    const prev = sumOrNull(lines.filter((l) => l.year === year - 1 && l.phase === phase && under(l) && groupOf(l) === g));
    const exec = phase === 'executed' ? amount : sumOrNull(lines.filter((l) => l.year === year && l.phase === 'executed' && under(l) && groupOf(l) === g));
    return {
      key: flat ? keys.join('>') : keys[keys.length - 1]!,
      code: node.code,
      name: node.name,
      level,
      hasChildren: !flat && ls.some((l) => l.path.length > L),
      lineCount: ls.length,
      amount,
      previousAmount: prev,
      change: prev !== null && prev !== 0 ? (amount - prev) / Math.abs(prev) : null,
      executedAmount: exec,
      executionRate: exec !== null && amount !== 0 ? exec / amount : null,
    };
  });
  const needle = q.q?.trim();
  if (needle) rows = rows.filter((r) => fold(r.name).includes(fold(needle)) || fold(r.code ?? '').includes(fold(needle)));
  const sort = q.sort ?? 'amount';
  const desc = (q.order ?? (sort === 'name' || sort === 'code' ? 'asc' : 'desc')) === 'desc';
  rows.sort((a, b) => {
    let d = 0;
    if (sort === 'name') d = collator.compare(a.name, b.name);
    else {
      const va = sort === 'amount' ? a.amount : sort === 'change' ? a.change : sort === 'execution' ? a.executionRate : a.code;
      const vb = sort === 'amount' ? b.amount : sort === 'change' ? b.change : sort === 'execution' ? b.executionRate : b.code;
      if (va === null || vb === null) {
        if (va !== vb) return va === null ? 1 : -1;
      } else d = typeof va === 'string' ? byUnits(va, vb as string) : va - (vb as number);
    }
    return (desc ? -d : d) || byUnits(a.key, b.key);
  });
  /** Σ of the non-null values, null when all are null. */
  const add = (f: (r: BudgetRow) => number | null) => rows.reduce<number | null>((s, r) => (f(r) === null ? s : (s ?? 0) + f(r)!), null);
  const amount = add((r) => r.amount) ?? 0;
  const prev = add((r) => r.previousAmount);
  const exec = add((r) => r.executedAmount);
  return {
    year,
    phase,
    rows,
    total: {
      amount,
      previousAmount: prev,
      change: prev !== null && prev !== 0 ? (amount - prev) / Math.abs(prev) : null,
      executedAmount: exec,
      executionRate: exec !== null && amount !== 0 ? exec / amount : null,
    },
  };
}

// ----------------------------------------------------------------------------------- generators

/** Node pools per level: codes and names that collide, Latin case, punctuation, jamo, NFD. */
const POOLS: BudgetNode[][] = [
  [
    { code: '080', name: '사회복지' },
    { code: '050', name: '교육' },
    { code: null, name: 'R&D' },
    { code: null, name: 'r&d' },
    { code: '010', name: '일반·지방행정' },
  ],
  [
    { code: 'A1', name: '기초생활' },
    { code: 'a1', name: 'Basic' },
    { code: null, name: '노인' },
    { code: 'Z', name: '노인 (신규)' },
  ],
  [
    { code: null, name: '생계급여' },
    { code: '1000', name: 'ㄱ사업' },
    { code: '0999', name: '가사업' },
    { code: null, name: '가사업'.normalize('NFD') },
  ],
];
const ORGS: BudgetNode[] = [
  { code: '1351', name: '보건복지부' },
  { code: '1341', name: '교육부' },
  { code: null, name: '국방부' },
];

const lineArb: fc.Arbitrary<BudgetLine> = fc.record({
  year: fc.integer({ min: 2023, max: 2025 }),
  phase: fc.constantFrom(...PHASES),
  organization: fc.constantFrom(...ORGS),
  path: fc.integer({ min: 1, max: 3 }).chain((depth) => fc.tuple(...POOLS.slice(0, depth).map((p) => fc.constantFrom(...p)))),
  item: fc.constant(null),
  // Also renamed nodes: the same code with another name.
  amount: fc.oneof(fc.integer({ min: -1_000, max: 1_000_000 }), fc.constant(0), fc.constant(100)),
  headcount: fc.constant(null),
  source: fc.constant(null),
});
const datasetArb = fc.array(lineArb, { minLength: 1, maxLength: 60 });

const queryArb: fc.Arbitrary<BudgetQuery> = fc.record(
  {
    year: fc.integer({ min: 2022, max: 2026 }),
    phase: fc.constantFrom(...PHASES),
    path: fc.oneof(
      fc.constant<string[]>([]),
      fc.constantFrom(...POOLS[0]!.map((n) => [key(n)])),
      fc.tuple(fc.constantFrom(...POOLS[0]!), fc.constantFrom(...POOLS[1]!)).map(([a, b]) => [key(a), key(b)]),
      fc.constant<string[]>(['nope']),
    ),
    organization: fc.constantFrom(...ORGS.map(key), 'nope'),
    q: fc.constantFrom<string>('', '가', 'r&', 'R&D', '0', 'a1', '노인', '사업', '·', 'x'),
    sort: fc.constantFrom(...SORTS),
    order: fc.constantFrom('asc' as const, 'desc' as const),
  },
  { requiredKeys: [] },
);

const page = (q: BudgetQuery) => ({ ...q, limit: 10_000 });
const exists = (lines: BudgetLine[], path: string[]) => lines.some((l) => l.path.length >= path.length && path.every((k, i) => key(l.path[i]!) === k));

// ----------------------------------------------------------------------------------- properties

describe('budget engine properties', () => {
  test('view and flat equal the naive reference, row for row', () => {
    fc.assert(
      fc.property(datasetArb, queryArb, fc.boolean(), (lines, q, flat) => {
        const engine = createBudgetEngine(lines);
        let ref: Ref;
        try {
          ref = reference(lines, q, flat);
        } catch {
          assert.throws(() => (flat ? engine.flat(page(q)) : engine.view(page(q))), (e: unknown) => e instanceof BudgetQueryError && e.status === 404 && e.field === 'path');
          return;
        }
        const v = flat ? engine.flat(page(q)) : engine.view(page(q));
        assert.equal(v.year, ref.year);
        assert.equal(v.phase, ref.phase);
        const rows = v.rows.map((r) => {
          const { path: _, ...rest } = r as BudgetRow & { path?: BudgetNode[] };
          return rest;
        });
        assert.deepEqual(rows, ref.rows);
        assert.equal(v.rowCount, ref.rows.length);
        assert.deepEqual(v.total, ref.total);
      }),
      { numRuns: 400 },
    );
  });

  test('totals are the sums of the rows; flat and view hold the same lines', () => {
    fc.assert(
      fc.property(datasetArb, queryArb, (lines, q) => {
        const engine = createBudgetEngine(lines);
        if (!exists(lines, q.path ?? [])) return;
        const v = engine.view(page(q));
        const sum = (f: (r: BudgetRow) => number | null) => v.rows.reduce((s, r) => s + (f(r) ?? 0), 0);
        assert.equal(v.total.amount, sum((r) => r.amount));
        // Σ of the non-null values; null exactly when every row's is null.
        if (v.total.previousAmount !== null) assert.equal(v.total.previousAmount, sum((r) => r.previousAmount));
        assert.equal(v.total.previousAmount === null, v.rows.every((r) => r.previousAmount === null));
        if (v.total.executedAmount !== null) assert.equal(v.total.executedAmount, sum((r) => r.executedAmount));
        assert.equal(v.total.executedAmount === null, v.rows.every((r) => r.executedAmount === null));
        assert.equal(v.total.amount, sum((r) => r.amount));
        // The same current lines (a leaf's previous and executed amounts are those of lines
        // ending at the same node, so only the amounts must agree).
        const f = engine.flat(page({ ...q, q: undefined }));
        const w = engine.view(page({ ...q, q: undefined }));
        assert.equal(f.total.amount, w.total.amount);
        assert.equal(f.rows.reduce((s, r) => s + r.lineCount, 0), w.rows.reduce((s, r) => s + r.lineCount, 0));
      }),
      { numRuns: 300 },
    );
  });

  test('a filter keeps a subset of the rows, same figures, same order', () => {
    fc.assert(
      fc.property(datasetArb, queryArb, (lines, q) => {
        const engine = createBudgetEngine(lines);
        if (!exists(lines, q.path ?? [])) return;
        const all = engine.view(page({ ...q, q: undefined })).rows;
        const some = engine.view(page(q)).rows;
        const byKey = new Map(all.map((r, i) => [r.key, [r, i] as const]));
        let last = -1;
        for (const r of some) {
          const hit = byKey.get(r.key);
          assert.ok(hit, `${r.key} is not an unfiltered row`);
          assert.deepEqual(r, hit[0]);
          assert.ok(hit[1] > last);
          last = hit[1];
        }
      }),
      { numRuns: 300 },
    );
  });

  test('a sort is a permutation and ordered, nulls last', () => {
    fc.assert(
      fc.property(datasetArb, queryArb, (lines, q) => {
        const engine = createBudgetEngine(lines);
        if (!exists(lines, q.path ?? [])) return;
        const base = engine.view(page({ ...q, sort: 'amount' })).rows;
        const sorted = engine.view(page(q)).rows;
        assert.deepEqual([...sorted.map((r) => r.key)].sort(), [...base.map((r) => r.key)].sort());
        const sort = q.sort ?? 'amount';
        const desc = (q.order ?? (sort === 'name' || sort === 'code' ? 'asc' : 'desc')) === 'desc';
        const value = (r: BudgetRow) => (sort === 'amount' ? r.amount : sort === 'change' ? r.change : sort === 'execution' ? r.executionRate : sort === 'code' ? r.code : r.name);
        for (let i = 1; i < sorted.length; i++) {
          const a = value(sorted[i - 1]!);
          const b = value(sorted[i]!);
          if (a === null) assert.equal(b, null, 'nulls last');
          if (a === null || b === null) continue;
          const d = sort === 'name' ? collator.compare(a as string, b as string) : typeof a === 'string' ? byUnits(a, b as string) : (a as number) - (b as number);
          assert.ok(desc ? d >= 0 : d <= 0, `${String(a)} then ${String(b)}`);
          if (d === 0) assert.ok(byUnits(sorted[i - 1]!.key, sorted[i]!.key) < 0, 'ties by key');
        }
      }),
      { numRuns: 300 },
    );
  });

  test('large views (radix and string sorts, not the small-array paths) equal the reference', () => {
    const chars = ['가', '각', '나', '힣', 'a', 'B', 'b', ' ', '1', '9', '(', ')', '·', '-', 'ㄱ', 'É', 'é', '\u{20000}'];
    const nameArb = fc.array(fc.constantFrom(...chars), { minLength: 0, maxLength: 6 }).map((cs) => cs.join('') || '-');
    const big = fc.array(
      fc.record({
        name: nameArb,
        code: fc.option(fc.array(fc.constantFrom('0', '1', 'A', 'a', '가', '\u{20000}', '\uE000'), { minLength: 1, maxLength: 4 }).map((c) => c.join('')), { nil: null }),
        amount: fc.integer({ min: -5, max: 5 }),
        // Mostly the viewed year and phase, so that views have 600+ rows (radix paths from 512).
        year: fc.oneof({ arbitrary: fc.constant(2025), weight: 5 }, { arbitrary: fc.constant(2024), weight: 1 }),
        phase: fc.oneof({ arbitrary: fc.constant('approved' as const), weight: 5 }, { arbitrary: fc.constant('executed' as const), weight: 1 }),
      }),
      { minLength: 1_000, maxLength: 1_600, size: 'max' },
    );
    fc.assert(
      fc.property(big, fc.constantFrom(...SORTS), fc.constantFrom('asc' as const, 'desc' as const), fc.constantFrom('', 'a', '가', '1'), (specs, sort, order, q) => {
        const lines: BudgetLine[] = specs.map((s, i) => ({
          year: s.year,
          phase: s.phase,
          organization: ORGS[i % 3]!,
          path: [{ code: '1', name: '전체' }, s.code === null ? { code: null, name: s.name } : { code: s.code, name: s.name }],
          item: null,
          amount: s.amount,
          headcount: null,
          source: null,
        }));
        const query: BudgetQuery = { year: 2025, path: ['1'], sort, order, q };
        const v = createBudgetEngine(lines).view(page(query));
        const ref = reference(lines, query);
        assert.deepEqual(v.rows, ref.rows);
        assert.deepEqual(v.total, ref.total);
      }),
      { numRuns: 15 },
    );
  });

  test('radix sort, string sort and ranks on large arrays equal the obvious sorts', () => {
    const str = fc.array(fc.constantFrom('가', '각', 'a', 'B', 'b', ' ', '1', '(', '·', 'É', '\u{20000}', '\uE000', '\u0000'), { maxLength: 7 }).map((c) => c.join(''));
    fc.assert(
      fc.property(fc.array(str, { minLength: 600, maxLength: 3_000, size: 'max' }), fc.array(fc.oneof(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), fc.integer({ min: -3, max: 3 })), { minLength: 70, maxLength: 6_000, size: 'max' }), (strings, nums) => {
        const units = sortStrings(strings);
        const expected = strings.map((_, i) => i).sort((x, y) => (strings[x]! < strings[y]! ? -1 : strings[x]! > strings[y]! ? 1 : x - y));
        assert.deepEqual(Array.from(units), expected);
        const cu = ranks(strings, 'codeunit');
        const co = ranks(strings, 'collator');
        for (let i = 0; i < strings.length; i++)
          for (const j of [0, i >> 1, strings.length - 1]) {
            assert.equal(Math.sign(cu[i]! - cu[j]!), Math.sign(byUnits(strings[i]!, strings[j]!)));
            assert.equal(Math.sign(co[i]! - co[j]!), Math.sign(collator.compare(strings[i]!, strings[j]!)));
          }
        const values = Float64Array.from(nums.map((x) => (x === 0 ? -0 : x)));
        const order = Uint32Array.from(nums.map((_, i) => i));
        const sorted = radixSortBy(order, values);
        const ref = nums.map((_, i) => i).sort((x, y) => values[x]! - values[y]! || x - y);
        assert.deepEqual(Array.from(sorted), ref);
      }),
      { numRuns: 30 },
    );
  });

  test('CSV: what toCsv writes, tokenizeCsv reads back, with the line each record starts on', () => {
    const cell = fc.array(fc.constantFrom('a', '가', ',', '"', '\n', '\r\n', ' ', '1', ';'), { maxLength: 5 }).map((c) => c.join(''));
    const record = fc.array(cell, { minLength: 1, maxLength: 5 }).filter((r) => !(r.length === 1 && r[0] === ''));
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 20 }), (records) => {
        const [header, ...rows] = records;
        const text = toCsv(rows, header!.map((h, i) => ({ header: h, value: (r: string[]) => r[i] ?? '' })), { bom: false });
        const width = header!.length;
        // toCsv prefixes text starting with CR (formula injection) with '.
        const written = (c: string) => (c.startsWith('\r') ? `'${c}` : c);
        const expected = records.map((r, k) => (k === 0 ? r : header!.map((_, i) => r[i] ?? '')).map(written));
        const got: [string[], number][] = [];
        assert.equal(tokenizeCsv(text, (cells, line) => void got.push([cells, line])), null);
        let line = 1;
        const lines: number[] = [];
        for (const r of expected) {
          lines.push(line);
          line += 1 + r.join('').split(/\r\n|\n/).length - 1;
        }
        // A data row of empty cells is written as ",,," (or "" for one column) and read back as
        // such, except a one-column empty row, which is a blank line.
        const kept = expected.map((r, k) => [r, lines[k]!] as [string[], number]).filter(([r], k) => k === 0 || !(width === 1 && r[0] === ''));
        assert.deepEqual(got, kept);
      }),
      { numRuns: 500 },
    );
  });

  test("ICU's ko collation orders plain Korean strings (spaces, ( ), digits, syllables) by code point", () => {
    // The engine skips the collator for such pairs (order.ts `plain`): check the premise here.
    const syllable = fc.integer({ min: 0xac00, max: 0xd7a3 }).map((c) => String.fromCharCode(c));
    const plain = fc.array(fc.oneof(syllable, fc.constantFrom(' ', '(', ')', '0', '5', '9', '가', '각', '갂', '나')), { maxLength: 8 }).map((a) => a.join(''));
    fc.assert(
      fc.property(plain, plain, (a, b) => {
        const c = Math.sign(collator.compare(a, b));
        const u = a === b ? 0 : a < b ? -1 : 1;
        assert.equal(c, u, `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
      }),
      { numRuns: 20_000 },
    );
  });
});
