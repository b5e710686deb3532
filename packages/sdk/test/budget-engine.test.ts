/**
 * The in-memory budget engine (`@madang/sdk/budget`) on a small dataset whose every figure is
 * computed by hand below (asserted literally, as fractions where the figure is a ratio), so the
 * server's SQL can be checked against the same numbers.
 *
 *   node --import tsx --test packages/sdk/test/budget-engine.test.ts
 *
 * The dataset (line number = dataset order):
 *   #  year phase     org   path                                   item     amount headcount
 *   0  2024 approved  MOHW  080 사회복지 › 081 기초생활보장 › 1000 생계급여   GEN  100   800
 *   1  2024 approved  MOHW  080 › 082 노인                          BIZ   50   800
 *   2  2024 approved  MOE   050 교육                                BIZ  200   600
 *   3  2025 approved  MOHW  080 › 081 › 1000                        GEN  120   800
 *   4  2025 approved  MOHW  080 › 081  (ends at 081)                BIZ   30   null
 *   5  2025 approved  MOHW  080 › 082                               BIZ   40   800
 *   6  2025 approved  MOE   050                                     BIZ  200   600
 *   7  2025 approved  MOE   R&D (no code)                           TRIP  10   600
 *   8  2025 approved  MOE   080 "사회복지(변경)" › 082 (renamed)       TRIP  25   600
 *   9  2025 executed  MOHW  080 › 081 › 1000                        GEN  110   800
 *  10  2025 executed  MOE   050                                     BIZ  150   600
 *  11  2025 proposed  MOHW  080                                     —    300   null
 *  12  2026 proposed  MOHW  080                                     —    500   null
 *  13  2026 proposed  MOE   050                                     BIZ  -20   600
 * MOHW = 1351 보건복지부, MOE = 1341 교육부; GEN = 210-01 일반수용비, BIZ = 240-01 업무추진비,
 * TRIP = 220-02 국외업무여비.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { budgetNodeKey, type BudgetLine, type BudgetNode, type BudgetPhase } from '@madang/contracts';
import { BudgetQueryError, createBudgetEngine, type BudgetColumns } from '../src/budget/index.js';
import { BIZ, F1, F2, F3, GEN, LINES, MOE, MOHW, P111, S11, S12, TRIP, line } from './budget-engine.fixture.js';

const engine = createBudgetEngine(LINES, { id: 'bds_test0001' });
const keys = (rows: { key: string }[]) => rows.map((r) => r.key);

/** A row as the contract has it: figures first, then identity. */
const row = (
  key: string,
  code: string | null,
  name: string,
  level: number,
  f: [amount: number, previous: number | null, change: number | null, executed: number | null, rate: number | null],
  hasChildren: boolean,
  lineCount: number,
) => ({ key, code, name, level, hasChildren, lineCount, amount: f[0], previousAmount: f[1], change: f[2], executedAmount: f[3], executionRate: f[4] });
const figures = (amount: number, previousAmount: number | null, change: number | null, executedAmount: number | null, executionRate: number | null) => ({
  amount,
  previousAmount,
  change,
  executedAmount,
  executionRate,
});

describe('budget engine: dataset facts and defaults', () => {
  test('years, phases and the default year and phase', () => {
    assert.equal(engine.dataset, 'bds_test0001');
    assert.equal(engine.lineCount, 14);
    assert.deepEqual(engine.years, [2024, 2025, 2026]);
    assert.deepEqual(engine.phases, ['proposed', 'approved', 'executed']);
    assert.deepEqual(engine.phasesOf(2025), ['proposed', 'approved', 'executed']);
    assert.deepEqual(engine.phasesOf(2026), ['proposed']);
    assert.deepEqual(engine.phasesOf(1999), []);
    // Latest year; 2026 has no approved lines, so its first phase (proposed).
    assert.deepEqual(engine.defaults(), { year: 2026, phase: 'proposed' });
    assert.deepEqual(engine.defaults(2025), { year: 2025, phase: 'approved' });
    assert.deepEqual(engine.defaults(2030), { year: 2030, phase: 'approved' });
    assert.equal(createBudgetEngine([]).dataset, 'bds_inmemory');
  });

  test('the default view is the latest year in its first phase (2026 proposed)', () => {
    const v = engine.view();
    assert.equal(v.year, 2026);
    assert.equal(v.phase, 'proposed');
    // 080: 500 against 2025 proposed 300; 050: −20 with no 2025 proposed line (null).
    // No 2026 executed line: executed and rate null.
    assert.deepEqual(v.rows, [
      row('080', '080', '사회복지', 1, [500, 300, 200 / 300, null, null], false, 1),
      row('050', '050', '교육', 1, [-20, null, null, null, null], false, 1),
    ]);
    assert.deepEqual(v.total, figures(480, 300, 180 / 300, null, null));
  });
});

describe('budget engine: views', () => {
  test('2025 approved, top level: amounts, previous year, executed, totals', () => {
    const v = engine.view({ year: 2025 });
    assert.equal(v.dataset, 'bds_test0001');
    assert.equal(v.phase, 'approved');
    assert.deepEqual(v.path, []);
    assert.equal(v.rowCount, 3);
    assert.equal(v.offset, 0);
    assert.deepEqual(v.rows, [
      // 120 + 30 + 40 + 25 = 215 against 100 + 50 = 150; executed 110. Line 8 renamed 080, but a
      // node is named by its first line in the dataset (line 0).
      row('080', '080', '사회복지', 1, [215, 150, 65 / 150, 110, 110 / 215], true, 4),
      row('050', '050', '교육', 1, [200, 200, 0, 150, 150 / 200], false, 1),
      // New in 2025, nothing executed: no such lines → null (not 0).
      row('R&D', null, 'R&D', 1, [10, null, null, null, null], false, 1),
    ]);
    // Totals: Σ of the non-null values.
    assert.deepEqual(v.total, figures(425, 350, 75 / 350, 260, 260 / 425));
  });

  test('drill-down: children of 080, then of 080 › 081 (a line ending at 081 is in no row)', () => {
    const v = engine.view({ year: 2025, path: ['080'] });
    assert.deepEqual(v.path, [F1]);
    assert.deepEqual(v.rows, [
      row('081', '081', '기초생활보장', 2, [150, 100, 0.5, 110, 110 / 150], true, 2),
      row('082', '082', '노인', 2, [65, 50, 15 / 50, null, null], false, 2),
    ]);
    assert.deepEqual(v.total, figures(215, 150, 65 / 150, 110, 110 / 215));

    const w = engine.view({ year: 2025, path: ['080', '081'] });
    assert.deepEqual(w.path, [F1, S11]);
    assert.deepEqual(w.rows, [row('1000', '1000', '생계급여', 3, [120, 100, 20 / 100, 110, 110 / 120], false, 1)]);
    assert.deepEqual(w.total, figures(120, 100, 0.2, 110, 110 / 120));
  });

  test('a path that is not a node of the dataset is a 404 (field path); one of another year is not', () => {
    const notFound = (e: unknown) => e instanceof BudgetQueryError && e.status === 404 && e.field === 'path';
    assert.throws(() => engine.view({ year: 2025, path: ['999'] }), notFound);
    assert.throws(() => engine.view({ year: 2025, path: ['080', 'nope'] }), notFound);
    assert.throws(() => engine.flat({ path: ['nope'] }), notFound);
    // 080 › 081 › 1000 exists (in 2024 and 2025), so a 2026 view of it is empty, not an error.
    const v = engine.view({ year: 2026, path: ['080', '081'] });
    assert.deepEqual(v.path, [F1, S11]);
    assert.equal(v.rowCount, 0);
    assert.deepEqual(v.total, figures(0, null, null, null, null));
  });

  test('organization filter applies to current, previous and executed lines', () => {
    const v = engine.view({ year: 2025, organization: '1341' });
    assert.deepEqual(v.rows, [
      row('050', '050', '교육', 1, [200, 200, 0, 150, 0.75], false, 1),
      // Only line 8 (MOE); MOE had no line under 080 in 2024 and executed none there.
      row('080', '080', '사회복지', 1, [25, null, null, null, null], true, 1),
      row('R&D', null, 'R&D', 1, [10, null, null, null, null], false, 1),
    ]);
    assert.deepEqual(v.total, figures(235, 200, 35 / 200, 150, 150 / 235));
    const none = engine.view({ year: 2025, organization: 'nope' });
    assert.equal(none.rowCount, 0);
    assert.deepEqual(none.total, figures(0, null, null, null, null));
  });

  test('null rules: no previous-year or executed line gives null, row by row and in the total', () => {
    const v = engine.view({ year: 2024 });
    assert.equal(v.phase, 'approved');
    assert.deepEqual(v.rows, [
      row('050', '050', '교육', 1, [200, null, null, null, null], false, 1),
      row('080', '080', '사회복지', 1, [150, null, null, null, null], true, 2),
    ]);
    assert.deepEqual(v.total, figures(350, null, null, null, null));
  });

  test('phase executed: the executed amount is the amount (rate 1); other phases', () => {
    const ex = engine.view({ year: 2025, phase: 'executed' });
    assert.deepEqual(ex.rows, [
      row('050', '050', '교육', 1, [150, null, null, 150, 1], false, 1),
      row('080', '080', '사회복지', 1, [110, null, null, 110, 1], true, 1),
    ]);
    assert.deepEqual(ex.total, figures(260, null, null, 260, 1));
    const pr = engine.view({ year: 2025, phase: 'proposed' });
    assert.deepEqual(pr.rows, [row('080', '080', '사회복지', 1, [300, null, null, 110, 110 / 300], false, 1)]);
    const adj = engine.view({ year: 2025, phase: 'adjusted' });
    assert.equal(adj.rowCount, 0);
    assert.deepEqual(adj.total, figures(0, null, null, null, null));
  });

  test('q: trimmed, name or code, case-insensitive, after NFC; totals over the matches', () => {
    assert.deepEqual(keys(engine.view({ year: 2025, q: '사회' }).rows), ['080']);
    assert.deepEqual(keys(engine.view({ year: 2025, q: ' 사회\t' }).rows), ['080']);
    assert.equal(engine.view({ year: 2025, q: '   ' }).rowCount, 3);
    assert.deepEqual(keys(engine.view({ year: 2025, q: 'r&d' }).rows), ['R&D']);
    assert.deepEqual(keys(engine.view({ year: 2025, q: 'R&D' }).rows), ['R&D']);
    assert.deepEqual(keys(engine.view({ year: 2025, q: '교육'.normalize('NFD') }).rows), ['050']);
    // The shown name is the first line's: "변경" (line 8's name) does not match.
    assert.equal(engine.view({ year: 2025, q: '변경' }).rowCount, 0);
    assert.equal(engine.view({ year: 2025, q: '' }).rowCount, 3);
    const codes = engine.view({ year: 2025, q: '0' });
    assert.deepEqual(keys(codes.rows), ['080', '050']);
    assert.deepEqual(codes.total, figures(415, 350, 65 / 350, 260, 260 / 415));
    assert.deepEqual(keys(engine.view({ year: 2025, q: '0', sort: 'code' }).rows), ['050', '080']);
    const none = engine.view({ year: 2025, q: 'xyz' });
    assert.deepEqual(none.total, figures(0, null, null, null, null));
  });

  test('every sort key, both orders: nulls last, ties by key', () => {
    const order = (sort: 'amount' | 'name' | 'code' | 'change' | 'execution', o?: 'asc' | 'desc') => keys(engine.view({ year: 2025, sort, order: o }).rows);
    assert.deepEqual(order('amount'), ['080', '050', 'R&D']);
    assert.deepEqual(order('amount', 'asc'), ['R&D', '050', '080']);
    // Korean collation: Hangul before Latin; 교 < 사.
    assert.deepEqual(order('name'), ['050', '080', 'R&D']);
    assert.deepEqual(order('name', 'desc'), ['R&D', '080', '050']);
    // R&D has no code: last both ways.
    assert.deepEqual(order('code'), ['050', '080', 'R&D']);
    assert.deepEqual(order('code', 'desc'), ['080', '050', 'R&D']);
    // change: 080 65/150, 050 0, R&D null.
    assert.deepEqual(order('change'), ['080', '050', 'R&D']);
    assert.deepEqual(order('change', 'asc'), ['050', '080', 'R&D']);
    // execution: 050 0.75, 080 110/215, R&D null (last both ways).
    assert.deepEqual(order('execution'), ['050', '080', 'R&D']);
    assert.deepEqual(order('execution', 'asc'), ['080', '050', 'R&D']);
    // 2024: change and execution all null → key order, whatever the order.
    assert.deepEqual(keys(engine.view({ year: 2024, sort: 'change', order: 'desc' }).rows), ['050', '080']);
    assert.deepEqual(keys(engine.view({ year: 2024, sort: 'execution', order: 'asc' }).rows), ['050', '080']);
  });

  test('ties by key in code unit order (ASCII before Hangul, lower case after upper case)', () => {
    const tie = (name: string, code: string | null, amount: number) => line(2025, 'approved', MOE, [{ code, name }], null, amount, null);
    const e = createBudgetEngine([tie('나', null, 5), tie('b', null, 5), tie('가', null, 5), tie('B', null, 5), tie('x', 'k1', 7), tie('y', 'k0', 3)]);
    assert.deepEqual(keys(e.view({ sort: 'amount' }).rows), ['k1', 'B', 'b', '가', '나', 'k0']);
    assert.deepEqual(keys(e.view({ sort: 'amount', order: 'asc' }).rows), ['k0', 'B', 'b', '가', '나', 'k1']);
    // Names: Hangul first (가 < 나 < x < y), then Latin b/B: collation puts b before B.
    assert.deepEqual(keys(e.view({ sort: 'name' }).rows), ['가', '나', 'b', 'B', 'k1', 'k0']);
    // Codes: k0 < k1, then the four without a code by key.
    assert.deepEqual(keys(e.view({ sort: 'code', order: 'desc' }).rows), ['k1', 'k0', 'B', 'b', '가', '나']);
  });

  test('paging: offset, limit, rowCount; limits enforced', () => {
    const v = engine.view({ year: 2025, offset: 1, limit: 1 });
    assert.deepEqual(keys(v.rows), ['050']);
    assert.equal(v.rowCount, 3);
    assert.equal(v.offset, 1);
    assert.deepEqual(engine.view({ year: 2025, offset: 3 }).rows, []);
    assert.equal(engine.view({ year: 2025, limit: 10_000 }).rows.length, 3);
    const invalid = (field: string) => (e: unknown) => e instanceof BudgetQueryError && e.status === 422 && e.field === field;
    assert.throws(() => engine.view({ limit: 10_001 }), invalid('limit'));
    assert.throws(() => engine.view({ limit: 0 }), invalid('limit'));
    assert.throws(() => engine.view({ offset: -1 }), invalid('offset'));
    assert.throws(() => engine.view({ year: 1900 }), invalid('year'));
    assert.throws(() => engine.view({ phase: 'final' as BudgetPhase }), invalid('phase'));
    assert.throws(() => engine.view({ path: ['a', 'b', 'c', 'd', 'e'] }), invalid('path'));
    assert.throws(() => engine.view({ path: [''] }), invalid('path'));
    assert.throws(() => engine.view({ q: 'x'.repeat(201) }), invalid('q'));
    assert.throws(() => engine.view({ sort: 'size' as 'amount' }), invalid('sort'));
    assert.throws(() => engine.comparison({ sort: 'code' as 'name' }), invalid('sort'));
  });

  test('select: unpaged, rows on demand, same order and totals as view', () => {
    const s = engine.select({ year: 2025, sort: 'amount', order: 'asc' });
    assert.equal(s.rowCount, 3);
    assert.equal(s.sort, 'amount');
    assert.equal(s.order, 'asc');
    assert.equal(s.level, 1);
    assert.deepEqual(s.row(2), engine.view({ year: 2025 }).rows[0]);
    assert.deepEqual(s.rows(), engine.view({ year: 2025, sort: 'amount', order: 'asc' }).rows);
    assert.deepEqual(s.total, engine.view({ year: 2025 }).total);
    assert.throws(() => s.row(3), RangeError);
  });
});

describe('budget engine: flat table of leaves', () => {
  test('every leaf of 2025 approved, with its path', () => {
    const f = engine.flat({ year: 2025 });
    const leaf = (path: BudgetNode[], r: ReturnType<typeof row>) => ({ ...r, path });
    assert.deepEqual(f.rows, [
      leaf([F2], row('050', '050', '교육', 1, [200, 200, 0, 150, 0.75], false, 1)),
      leaf([F1, S11, P111], row('080>081>1000', '1000', '생계급여', 3, [120, 100, 0.2, 110, 110 / 120], false, 1)),
      leaf([F1, S12], row('080>082', '082', '노인', 2, [65, 50, 0.3, null, null], false, 2)),
      leaf([F1, S11], row('080>081', '081', '기초생활보장', 2, [30, null, null, null, null], false, 1)),
      leaf([F3], row('R&D', null, 'R&D', 1, [10, null, null, null, null], false, 1)),
    ]);
    assert.deepEqual(f.total, figures(425, 350, 75 / 350, 260, 260 / 425));
    assert.deepEqual(keys(engine.flat({ year: 2025, path: ['080'] }).rows), ['080>081>1000', '080>082', '080>081']);
    assert.deepEqual(engine.flat({ year: 2025, path: ['080'] }).total, figures(215, 150, 65 / 150, 110, 110 / 215));
    // 교육 < 기초생활보장 (ㅛ < ㅣ) < 노인 < 생계급여 < R&D.
    assert.deepEqual(keys(engine.flat({ year: 2025, sort: 'name' }).rows), ['050', '080>081', '080>082', '080>081>1000', 'R&D']);
    assert.deepEqual(keys(engine.flat({ year: 2025, q: '노' }).rows), ['080>082']);
    assert.deepEqual(engine.selectFlat({ year: 2025 }).row(0).path, [F2]);
  });
});

describe('budget engine: organisation comparison', () => {
  test('one item: amount, per staff, share of the organisation budget', () => {
    const c = engine.comparison({ year: 2025, item: '240-01' });
    assert.equal(c.dataset, 'bds_test0001');
    assert.equal(c.year, 2025);
    assert.equal(c.phase, 'approved');
    assert.deepEqual(c.item, BIZ);
    assert.deepEqual(c.items, [TRIP, BIZ, GEN]); // 국외업무여비 < 업무추진비 < 일반수용비
    assert.deepEqual(c.rows, [
      // MOE: line 6; headcount 600; all MOE 2025 approved: 200 + 10 + 25 = 235.
      { key: '1341', code: '1341', name: '교육부', amount: 200, headcount: 600, perStaff: 200 / 600, share: 200 / 235 },
      // MOHW: lines 4 + 5; headcount the largest (800; line 4 has none); all: 120 + 30 + 40 = 190.
      { key: '1351', code: '1351', name: '보건복지부', amount: 70, headcount: 800, perStaff: 70 / 800, share: 70 / 190 },
    ]);
    const by = (sort: 'amount' | 'perStaff' | 'share' | 'name', order?: 'asc' | 'desc') => keys(engine.comparison({ year: 2025, item: '240-01', sort, order }).rows);
    assert.deepEqual(by('perStaff'), ['1341', '1351']);
    assert.deepEqual(by('perStaff', 'asc'), ['1351', '1341']);
    assert.deepEqual(by('share', 'asc'), ['1351', '1341']);
    assert.deepEqual(by('name'), ['1341', '1351']); // 교육부 < 보건복지부
    assert.deepEqual(by('name', 'desc'), ['1351', '1341']);
    assert.deepEqual(by('amount', 'asc'), ['1351', '1341']);
  });

  test('all items, an unknown item (404), null headcounts last', () => {
    const all = engine.comparison({ year: 2025 });
    assert.equal(all.item, null);
    assert.deepEqual(all.rows, [
      { key: '1341', code: '1341', name: '교육부', amount: 235, headcount: 600, perStaff: 235 / 600, share: 1 },
      { key: '1351', code: '1351', name: '보건복지부', amount: 190, headcount: 800, perStaff: 190 / 800, share: 1 },
    ]);
    assert.throws(() => engine.comparison({ year: 2025, item: 'zzz' }), (e: unknown) => e instanceof BudgetQueryError && e.status === 404 && e.field === 'item');
    // An item of the dataset that this year and phase lacks: no rows, not an error.
    const absent = engine.comparison({ year: 2024, item: '220-02' });
    assert.deepEqual(absent.item, TRIP);
    assert.deepEqual(absent.rows, []);
    // 2026 proposed (the default): MOHW has no headcount → perStaff null, last either way.
    const c = engine.comparison({ sort: 'perStaff' });
    assert.equal(c.year, 2026);
    assert.equal(c.phase, 'proposed');
    assert.deepEqual(c.items, [BIZ]);
    assert.deepEqual(c.rows, [
      { key: '1341', code: '1341', name: '교육부', amount: -20, headcount: 600, perStaff: -20 / 600, share: 1 },
      { key: '1351', code: '1351', name: '보건복지부', amount: 500, headcount: null, perStaff: null, share: 1 },
    ]);
    assert.deepEqual(keys(engine.comparison({ sort: 'perStaff', order: 'asc' }).rows), ['1341', '1351']);
  });
});

describe('budget engine: raw lines', () => {
  test('pages of lines in dataset order, filtered by year and phase', () => {
    assert.equal(engine.lines().total, 14);
    assert.equal(engine.lines().items.length, 14);
    const p = engine.lines({ year: 2025, phase: 'approved', offset: 1, limit: 2 });
    assert.equal(p.total, 6);
    assert.equal(p.offset, 1);
    assert.deepEqual(p.items, [LINES[4], LINES[5]]);
    assert.equal(engine.lines({ year: 2025 }).total, 9);
    assert.deepEqual(engine.lines({ phase: 'proposed' }).items, [LINES[11], LINES[12], LINES[13]]);
    assert.throws(() => engine.lines({ limit: 1001 }), BudgetQueryError);
  });
});

describe('budget engine: input', () => {
  test('columns give the same answers as lines', () => {
    const col = <T>(f: (l: BudgetLine) => T) => LINES.map(f);
    const columns: BudgetColumns = {
      year: col((l) => l.year),
      phase: col((l) => l.phase),
      amount: col((l) => l.amount),
      organizationCode: col((l) => l.organization.code),
      organizationName: col((l) => l.organization.name),
      itemCode: col((l) => l.item?.code ?? null),
      itemName: col((l) => l.item?.name ?? null),
      headcount: col((l) => l.headcount),
      ...Object.fromEntries(
        [0, 1, 2].flatMap((k) => [
          [`path${k + 1}Code`, col((l) => l.path[k]?.code ?? null)],
          [`path${k + 1}Name`, col((l) => l.path[k]?.name ?? null)],
        ]),
      ),
    };
    const e = createBudgetEngine(columns, { id: 'bds_test0001' });
    for (const q of [{}, { year: 2025 }, { year: 2025, path: ['080'] }, { year: 2025, organization: '1341', sort: 'name' as const }, { year: 2024, q: '교' }])
      assert.deepEqual(e.view(q), engine.view(q));
    assert.deepEqual(e.flat({ year: 2025 }), engine.flat({ year: 2025 }));
    assert.deepEqual(e.comparison({ year: 2025, item: '240-01' }), engine.comparison({ year: 2025, item: '240-01' }));
    assert.deepEqual(e.lines({ year: 2025 }), engine.lines({ year: 2025 }));
  });

  test("keys are the contracts' budgetNodeKey", () => {
    const nodes = [F1, F2, F3, S11, { code: '', name: 'x' }, { code: null, name: '' }] as BudgetNode[];
    const e = createBudgetEngine(nodes.filter((n) => budgetNodeKey(n) !== '').map((n) => line(2025, 'approved', MOE, [n], null, 1, null)));
    assert.deepEqual(keys(e.view({ sort: 'code' }).rows).sort(), nodes.map(budgetNodeKey).filter((k) => k !== '').sort());
    for (const r of engine.view({ year: 2025 }).rows) assert.equal(r.key, budgetNodeKey({ code: r.code, name: r.name }));
    const org = engine.comparison({ year: 2025 }).rows.map((r) => r.key);
    assert.deepEqual(org.sort(), [budgetNodeKey(MOE), budgetNodeKey(MOHW)].sort());
  });

  test('invalid lines are refused with their index', () => {
    const bad = (patch: Partial<BudgetLine>) => () => createBudgetEngine([LINES[0]!, { ...LINES[1]!, ...patch }]);
    assert.throws(bad({ phase: 'final' as BudgetPhase }), /line 1: unknown phase/);
    assert.throws(bad({ year: 1800 }), /line 1: year 1800/);
    assert.throws(bad({ amount: NaN }), /line 1: amount NaN/);
    assert.throws(bad({ path: [] }), /line 1: empty classification path/);
  });
});
