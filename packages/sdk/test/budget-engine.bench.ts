/**
 * Micro benchmark of the in-memory budget engine (not run by the tests):
 *
 *   node --import tsx packages/sdk/test/budget-engine.bench.ts [runs] [--wall]
 *
 * Prints the median (and min) milliseconds of CPU time (`--wall`: wall clock) over `runs`
 * (default 7) fresh engines for 10,000 and 100,000 generated lines, given as parsed JSON (as a
 * `data` property or a fetched JSON file would be), in two shapes:
 * - tree: two years (approved + executed of the latest), 12 분야 › 4 부문 › 10 프로그램 › … ›
 *   세부사업, the top-level view has 12 rows;
 * - flat: one year, every line its own 세부사업 under one 분야, so the view of that 분야 has
 *   as many rows as lines (what a 100,000-row table means).
 * Steps: build (createBudgetEngine), view (first view, default sort amount desc, first page),
 * sort by name / amount asc / change (on the same engine, aggregation cached), filter by text
 * (a new q on the sorted view), and a CSV parse of the same lines (flat shape).
 */
import type { BudgetLine, BudgetPhase } from '@madang/contracts';
import { createBudgetEngine } from '../src/budget/index.js';
import { parseBudgetCsv } from '../src/budget/csv.js';

const SYL = '가나다라마바사아자차카타파하거너더러머버서어저처커터퍼허고노도로모보소오조초코토포호';
function word(seed: number, len: number): string {
  let s = '';
  let x = seed * 2654435761;
  for (let i = 0; i < len; i++) {
    x = (x ^ (x >>> 13)) * 1274126177;
    s += SYL[Math.abs(x) % SYL.length];
  }
  return s;
}

function treeLines(n: number): BudgetLine[] {
  const lines: BudgetLine[] = [];
  const org = (i: number) => ({ code: String(1000 + (i % 40)), name: `${word(i % 40, 3)}부` });
  const perYear = Math.floor(n / 3);
  for (const [year, phase, count] of [
    [2024, 'approved', perYear],
    [2025, 'approved', perYear],
    [2025, 'executed', n - 2 * perYear],
  ] as [number, BudgetPhase, number][]) {
    for (let i = 0; i < count; i++) {
      const f = i % 12;
      const s = Math.floor(i / 12) % 4;
      const p = Math.floor(i / 48) % 10;
      const u = Math.floor(i / 480) % 10;
      const d = Math.floor(i / 4800);
      lines.push({
        year,
        phase,
        organization: org(i),
        path: [
          { code: `0${10 + f}`, name: word(f, 4) },
          { code: `0${10 + f}${s}`, name: word(100 + s, 3) },
          { code: `${f}${s}${p}00`, name: `${word(200 + p, 4)} 프로그램` },
          { code: `${f}${s}${p}${u}0`, name: `${word(300 + u, 5)} 사업` },
          { code: `${f}${s}${p}${u}${d}`, name: `${word(i, 6)} 지원` },
        ],
        item: { code: `2${i % 9}0-01`, name: word(900 + (i % 9), 4) },
        amount: ((i * 7919) % 100_000) * 1_000_000 + year,
        headcount: 100 + (i % 40),
        source: null,
      });
    }
  }
  return lines;
}

function flatLines(n: number): BudgetLine[] {
  const lines: BudgetLine[] = [];
  for (let i = 0; i < n; i++) {
    lines.push({
      year: 2025,
      phase: 'approved',
      organization: { code: String(1000 + (i % 40)), name: `${word(i % 40, 3)}부` },
      path: [
        { code: '010', name: '일반·지방행정' },
        { code: `P${String(i).padStart(7, '0')}`, name: `${word(i, 5)} ${i % 3 ? '지원' : '운영'} ${i % 11}` },
      ],
      item: null,
      amount: ((i * 7919) % 1_000_003) * 1_000,
      headcount: null,
      source: null,
    });
  }
  return lines;
}

function toCsvText(lines: BudgetLine[]): string {
  const out = ['회계연도,단계,소관코드,소관명,분야코드,분야명,부문코드,부문명,금액'];
  for (const l of lines) out.push([l.year, l.phase, l.organization.code, l.organization.name, l.path[0]!.code, l.path[0]!.name, l.path[1]!.code, `"${l.path[1]!.name}"`, l.amount].join(','));
  return out.join('\n');
}

const runs = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 7);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
// CPU time of this process (user + system): on a shared, loaded machine it is steadier than the
// wall clock, and with one thread it is what the wall clock would be on an idle one.
const clock = process.argv.includes('--wall') ? () => performance.now() : () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const time = (f: () => unknown) => {
  const t = clock();
  f();
  return clock() - t;
};

for (const shape of ['tree', 'flat'] as const) {
  for (const n of [10_000, 100_000]) {
    const lines: BudgetLine[] = JSON.parse(JSON.stringify(shape === 'tree' ? treeLines(n) : flatLines(n)));
    const path = shape === 'tree' ? [] : ['010'];
    const csv = shape === 'flat' ? toCsvText(lines) : '';
    const steps: Record<string, number[]> = { build: [], view: [], 'sort name': [], 'sort amount asc': [], 'sort change': [], filter: [], 'filter+1 char': [], 'csv parse': [] };
    let rows = 0;
    for (let r = 0; r < runs; r++) {
      let engine!: ReturnType<typeof createBudgetEngine>;
      steps.build!.push(time(() => (engine = createBudgetEngine(lines))));
      steps.view!.push(time(() => (rows = engine.view({ path }).rowCount)));
      steps['sort name']!.push(time(() => engine.view({ path, sort: 'name' })));
      steps['sort amount asc']!.push(time(() => engine.view({ path, sort: 'amount', order: 'asc' })));
      steps['sort change']!.push(time(() => engine.view({ path, sort: 'change' })));
      steps.filter!.push(time(() => engine.view({ path, sort: 'amount', order: 'asc', q: '지원' })));
      steps['filter+1 char']!.push(time(() => engine.view({ path, sort: 'amount', order: 'asc', q: '지원 1' })));
      if (csv) steps['csv parse']!.push(time(() => parseBudgetCsv(csv)));
    }
    console.log(`\n${shape}, ${n.toLocaleString('en')} lines (${rows.toLocaleString('en')} rows in the view), ${runs} runs: median (min) ms`);
    for (const [step, xs] of Object.entries(steps)) if (xs.length) console.log(`  ${step.padEnd(16)} ${median(xs).toFixed(1).padStart(7)} (${Math.min(...xs).toFixed(1)})`);
  }
}
