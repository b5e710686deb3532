/**
 * The two budget engines answer every query alike: the server's SQL (over HTTP, on PGlite and
 * PostgreSQL) and the in-memory engine of `@madang/sdk/budget` (what the widget uses for static
 * files). The same lines go to both — the hand-made dataset of budget-engine.test.ts and a
 * seeded random one with overlapping names, missing codes, empty levels, several years, phases,
 * organisations and items — and a grid of queries must give deep-equal answers.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BudgetComparisonQuery, BudgetLine, BudgetNode, BudgetPhase, BudgetQuery } from '@madang/contracts';
import { budgetNodeKey } from '@madang/contracts';
import { engines } from '@madang/server/testing';
import { createBudgetEngine, type BudgetEngine } from '../src/budget/index.js';
import { createClient, MadangApiError } from '../src/index.js';
import { startEnv, type Env } from './helpers.js';
import { LINES } from './budget-engine.fixture.js';

const META = { title: { ko: '동등성 시험' }, source: { name: { ko: '시험' }, url: null }, asOf: '2025-06-30' };
const PHASE_KO: Record<BudgetPhase, string> = { proposed: '정부안', approved: '국회확정', adjusted: '추경', executed: '결산' };

/** Lines → a CSV with the default Korean headers (one amount column, a phase column). */
function toCsv(lines: BudgetLine[]): string {
  const q = (s: string | number | null | undefined) => {
    const v = s === null || s === undefined ? '' : String(s);
    return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  };
  const levels = ['분야', '부문', '프로그램', '단위사업', '세부사업'];
  const head = ['회계연도', '단계', '소관코드', '소관명', ...levels.flatMap((l) => [`${l}코드`, `${l}명`]), '목코드', '목명', '정원', '금액', '출처'];
  const rows = lines.map((l) => [
    l.year,
    PHASE_KO[l.phase],
    l.organization.code,
    l.organization.name,
    ...levels.flatMap((_, i) => [l.path[i]?.code ?? null, l.path[i]?.name ?? null]),
    l.item?.code ?? null,
    l.item?.name ?? null,
    l.headcount,
    l.amount,
    l.source,
  ]);
  return [head, ...rows].map((r) => r.map(q).join(',')).join('\n') + '\n';
}

/** mulberry32: a seeded PRNG, so a failure is reproducible. */
function prng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomLines(n: number, seed: number): BudgetLine[] {
  const r = prng(seed);
  const pick = <T>(a: readonly T[]) => a[Math.floor(r() * a.length)]!;
  const orgs: BudgetNode[] = [
    { code: '1351', name: '보건복지부' },
    { code: '1341', name: '교육부' },
    { code: null, name: '국방부' },
    { code: '1611', name: '국토교통부' },
    { code: '1741', name: 'R&D 기획단' },
  ];
  const names = ['사회복지', '보건', '교육', 'R&D', '국방', 'SOC', '가족', '노인', '아동', 'environment', 'Energy', '문화'];
  const node = (level: number, parent: string): BudgetNode => {
    const i = Math.floor(r() * 4);
    // Some levels have no code (the key is then the name); names repeat across parents.
    return r() < 0.25 ? { code: null, name: `${pick(names)}${level}` } : { code: `${parent}${level}${i}`, name: `${names[(i + level) % names.length]} ${level}-${i}` };
  };
  const items: (BudgetNode | null)[] = [null, { code: '210-01', name: '일반수용비' }, { code: '240-01', name: '업무추진비' }, { code: null, name: '국외업무여비' }];
  const out: BudgetLine[] = [];
  for (let k = 0; k < n; k++) {
    const depth = 1 + Math.floor(r() * 5);
    const path: BudgetNode[] = [];
    let parent = '';
    for (let l = 1; l <= depth; l++) {
      const nd = node(l, parent);
      path.push(nd);
      parent = budgetNodeKey(nd);
    }
    const org = pick(orgs);
    out.push({
      year: pick([2023, 2024, 2024, 2025, 2025, 2025]),
      phase: pick<BudgetPhase>(['approved', 'approved', 'executed', 'proposed', 'adjusted']),
      organization: org,
      path,
      item: pick(items),
      amount: r() < 0.05 ? 0 : Math.round((r() - 0.1) * 1e12),
      headcount: r() < 0.3 ? null : Math.floor(r() * 5000),
      source: null,
    });
  }
  return out;
}

/** View queries: defaults, every year and phase, each sort key both ways, drill-down paths, filters, paging. */
function viewQueries(e: BudgetEngine): BudgetQuery[] {
  const qs: BudgetQuery[] = [{}];
  for (const year of [...e.years, 2019]) for (const phase of ['proposed', 'approved', 'adjusted', 'executed'] as const) qs.push({ year, phase });
  for (const sort of ['amount', 'name', 'code', 'change', 'execution'] as const)
    for (const order of ['asc', 'desc'] as const) qs.push({ sort, order }, { sort, order, limit: 3, offset: 1 });
  // Drill down along the biggest and the last row at every level.
  const walk = (path: string[]) => {
    if (path.length >= 4) return;
    const v = e.view({ path });
    for (const row of [v.rows[0], v.rows[v.rows.length - 1]]) {
      if (!row) continue;
      qs.push({ path: [...path, row.key] }, { path: [...path, row.key], sort: 'name' }, { path: [...path, row.key], year: e.years[0] });
      if (row.hasChildren) walk([...path, row.key]);
    }
  };
  walk([]);
  for (const organization of ['1351', '국방부', '1741']) qs.push({ organization }, { organization, sort: 'change' });
  for (const q of ['복지', 'r&d', 'ENERGY', '1', ' 보건 ', 'zzz']) qs.push({ q }, { q, sort: 'name', order: 'desc' });
  qs.push({ offset: 1000 }, { limit: 1 });
  return qs;
}

function comparisonQueries(e: BudgetEngine): BudgetComparisonQuery[] {
  const qs: BudgetComparisonQuery[] = [{}];
  const items = e.comparison({}).items.map(budgetNodeKey);
  for (const item of items) for (const sort of ['amount', 'perStaff', 'share', 'name'] as const) qs.push({ item, sort }, { item, sort, order: 'asc' });
  for (const year of e.years) qs.push({ year }, { year, phase: 'executed' });
  return qs;
}

const DATASETS: [string, BudgetLine[]][] = [
  ['the hand-made dataset', LINES],
  ['600 seeded random lines', randomLines(600, 20251129)],
];

for (const engine of engines()) {
  const e = engine.name;
  describe(`[${e}] the server and the in-memory engine agree`, () => {
    let env: Env;
    before(async () => {
      env = await startEnv(engine);
    });
    after(() => env.close());

    for (const [label, lines] of DATASETS) {
      test(`[${e}] ${label}: views, comparisons and raw lines are deep-equal`, async () => {
        const { dataset } = await env.admin.budgets.import({ ...META, title: { ko: label } }, toCsv(lines));
        const client = createClient({ baseUrl: env.srv.url, siteKey: env.site.publishableKey });
        // The engine reads the lines as the server stored them (a round trip through the CSV).
        const stored: BudgetLine[] = [];
        for (let offset = 0; ; offset += 1000) {
          const page = await client.budgets.lines(dataset.id, { offset, limit: 1000 });
          stored.push(...page.items);
          if (stored.length >= page.total) break;
        }
        assert.equal(stored.length, lines.length);
        const local = createBudgetEngine(stored, { id: dataset.id });
        const outcome = async <T>(fn: () => T | Promise<T>) => {
          try {
            return { ok: await fn() };
          } catch (err) {
            if (err instanceof MadangApiError) return { status: err.status, field: err.field };
            const x = err as { status?: number; field?: string };
            if (typeof x.status === 'number') return { status: x.status, field: x.field };
            throw err;
          }
        };
        let compared = 0;
        for (const q of viewQueries(local)) {
          const [server, mine] = [await outcome(() => client.budgets.view(dataset.id, q)), await outcome(() => local.view(q))];
          assert.deepEqual(server, mine, `view ${JSON.stringify(q)}`);
          compared++;
        }
        for (const q of comparisonQueries(local)) {
          const [server, mine] = [await outcome(() => client.budgets.comparison(dataset.id, q)), await outcome(() => local.comparison(q))];
          assert.deepEqual(server, mine, `comparison ${JSON.stringify(q)}`);
          compared++;
        }
        for (const q of [{}, { year: 2025 }, { year: 2025, phase: 'executed' as const }, { offset: 5, limit: 7 }]) {
          assert.deepEqual(await client.budgets.lines(dataset.id, q), local.lines(q), `lines ${JSON.stringify(q)}`);
          compared++;
        }
        assert.ok(compared > 60, `compared ${compared} queries`);
      });
    }
  });
}
