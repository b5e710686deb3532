/**
 * Budget datasets: import (UTF-8 with and without BOM, CP949, a Fiscal Data Package; errors with
 * line and column; all or nothing; idempotent), and the view, comparison and lines semantics on
 * a small dataset whose every figure below was worked out by hand from the CSV (see docs/api.md).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import iconv from 'iconv-lite';
import { BudgetComparison, BudgetDataset, BudgetLinePage, BudgetView, type SiteCreated } from '@madang/contracts';
import { engines, startTestServer } from '../src/testing.js';
import type { MadangServer } from '../src/index.js';
import { planImport, runImport } from '../src/budget-import.js';
import { chunked, eok, get, importCsv, importMultipart, jo, META } from './budget-helpers.js';

const EXAMPLES = fileURLToPath(new URL('../../../examples/data/', import.meta.url));
const M = 1_000_000; // 백만원

/**
 * The hand-made dataset: wide (one amount column per phase, in 백만원), codes for most nodes,
 * a node without a code (선거관리), a level-1-only line (보건), a zero and a negative amount.
 */
const CSV = `회계연도,소관코드,소관명,분야코드,분야명,부문코드,부문명,프로그램명,목코드,목명,정원,정부안(백만원),예산액(백만원),결산액(백만원)
2024,A,행정안전부,010,일반행정,011,입법및선거관리,선거관리,210-01,업무추진비,100,,"1,000",900
2024,A,행정안전부,010,일반행정,011,입법및선거관리,선거관리,220-01,국외업무여비,100,,200,150
2024,B,보건복지부,080,사회복지,081,기초생활보장,생계급여,210-01,업무추진비,50,,"5,000","5,000"
2025,A,행정안전부,010,일반행정,011,입법및선거관리,선거관리,210-01,업무추진비,100,"1,300","1,200",
2025,A,행정안전부,010,일반행정,012,지방행정,지방재정,220-01,국외업무여비,100,,300,
2025,B,보건복지부,080,사회복지,081,기초생활보장,생계급여,210-01,업무추진비,50,,"6,000",
2025,B,보건복지부,090,보건,,,,,,50,,0,
2025,A,행정안전부,010,일반행정,011,입법및선거관리,선거관리,210-01,업무추진비,100,,(100),
`;

const A = { code: 'A', name: '행정안전부' };
const B = { code: 'B', name: '보건복지부' };
const P010 = { code: '010', name: '일반행정' };
const P011 = { code: '011', name: '입법및선거관리' };
const P012 = { code: '012', name: '지방행정' };
const P080 = { code: '080', name: '사회복지' };
const P081 = { code: '081', name: '기초생활보장' };
const P090 = { code: '090', name: '보건' };
const ELECTION = { code: null, name: '선거관리' };
const LIVELIHOOD = { code: null, name: '생계급여' };
const LOCAL_FIN = { code: null, name: '지방재정' };
const PROMO = { code: '210-01', name: '업무추진비' };
const TRAVEL = { code: '220-01', name: '국외업무여비' };

/** Every line of CSV, in import order (a record gives one line per non-empty amount column, in phase order). */
const LINES = [
  { year: 2024, phase: 'approved', organization: A, path: [P010, P011, ELECTION], item: PROMO, amount: 1000 * M, headcount: 100, source: null },
  { year: 2024, phase: 'executed', organization: A, path: [P010, P011, ELECTION], item: PROMO, amount: 900 * M, headcount: 100, source: null },
  { year: 2024, phase: 'approved', organization: A, path: [P010, P011, ELECTION], item: TRAVEL, amount: 200 * M, headcount: 100, source: null },
  { year: 2024, phase: 'executed', organization: A, path: [P010, P011, ELECTION], item: TRAVEL, amount: 150 * M, headcount: 100, source: null },
  { year: 2024, phase: 'approved', organization: B, path: [P080, P081, LIVELIHOOD], item: PROMO, amount: 5000 * M, headcount: 50, source: null },
  { year: 2024, phase: 'executed', organization: B, path: [P080, P081, LIVELIHOOD], item: PROMO, amount: 5000 * M, headcount: 50, source: null },
  { year: 2025, phase: 'proposed', organization: A, path: [P010, P011, ELECTION], item: PROMO, amount: 1300 * M, headcount: 100, source: null },
  { year: 2025, phase: 'approved', organization: A, path: [P010, P011, ELECTION], item: PROMO, amount: 1200 * M, headcount: 100, source: null },
  { year: 2025, phase: 'approved', organization: A, path: [P010, P012, LOCAL_FIN], item: TRAVEL, amount: 300 * M, headcount: 100, source: null },
  { year: 2025, phase: 'approved', organization: B, path: [P080, P081, LIVELIHOOD], item: PROMO, amount: 6000 * M, headcount: 50, source: null },
  { year: 2025, phase: 'approved', organization: B, path: [P090], item: null, amount: 0, headcount: 50, source: null },
  { year: 2025, phase: 'approved', organization: A, path: [P010, P011, ELECTION], item: PROMO, amount: -100 * M, headcount: 100, source: null },
];

const row = <F extends object>(node: { code: string | null; name: string }, level: number, f: F) => ({
  key: node.code ?? node.name,
  code: node.code,
  name: node.name,
  level,
  ...f,
});
const fig = (amount: number, previousAmount: number | null, executedAmount: number | null) => ({
  amount,
  previousAmount,
  change: previousAmount === null || previousAmount === 0 ? null : (amount - previousAmount) / Math.abs(previousAmount),
  executedAmount,
  executionRate: executedAmount === null || amount === 0 ? null : executedAmount / amount,
});

function assertProblem(r: { status: number; headers: Headers; json: any; text: string }, status: number, slug: string, field?: string) {
  assert.equal(r.status, status, `expected ${status} ${slug}, got ${r.status}: ${r.text}`);
  assert.match(r.headers.get('content-type') ?? '', /^application\/problem\+json/);
  assert.equal(r.json.type, `/problems/${slug}`, r.text);
  if (field !== undefined) assert.equal(r.json.field, field, `field in ${r.text}`);
}

for (const engine of engines()) {
  const t = (name: string) => `[${engine.name}] ${name}`;

  describe(t('budgets'), () => {
    let srv: MadangServer;
    let base: string;
    let a: SiteCreated;
    let b: SiteCreated;
    let ds: BudgetDataset;
    const count = async (table: string) => Number((await srv.db.query(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n);
    const view = async (query = '', key = a.publishableKey) => get(base, key, `/v1/budgets/${ds.id}/view${query}`);

    before(async () => {
      srv = await startTestServer(engine);
      base = srv.url;
      a = await srv.ops.createSite({ name: 'Site A', origins: ['https://www.a.go.kr'] });
      b = await srv.ops.createSite({ name: 'Site B', origins: [] });
      const r = await importCsv(base, a.secretKey, CSV);
      assert.equal(r.status, 201, r.text);
      ds = BudgetDataset.parse(r.json);
    });
    after(() => srv.close());

    // ------------------------------------------------------------------ import

    test(t('UTF-8 CSV with Korean headers: the dataset, and its lines exactly as written'), async () => {
      assert.deepEqual({ years: ds.years, phases: ds.phases, lineCount: ds.lineCount, currency: ds.currency, asOf: ds.asOf }, {
        years: [2024, 2025],
        phases: ['proposed', 'approved', 'executed'],
        lineCount: 12,
        currency: 'KRW',
        asOf: '2025-03-31',
      });
      assert.deepEqual(ds.title, META.title);
      assert.match(ds.contentHash, /^[0-9a-f]{64}$/);
      const lines = await get(base, a.publishableKey, `/v1/budgets/${ds.id}/lines?limit=1000`);
      assert.equal(lines.status, 200, lines.text);
      BudgetLinePage.parse(lines.json);
      assert.deepEqual(lines.json, { items: LINES, total: 12, offset: 0 });
      const list = await get(base, a.publishableKey, '/v1/budgets');
      assert.deepEqual(list.json.items.map((d: BudgetDataset) => d.id), [ds.id]);
      assert.deepEqual((await get(base, a.publishableKey, `/v1/budgets/${ds.id}`)).json, ds);
    });

    test(t('UTF-8 with a BOM and CP949 read the same lines as plain UTF-8'), async () => {
      const site = await srv.ops.createSite({ name: 'encodings', origins: [] });
      const lines = async (id: string) => (await get(base, site.publishableKey, `/v1/budgets/${id}/lines?limit=1000`)).json.items;
      const bom = await importCsv(base, site.secretKey, '\uFEFF' + CSV);
      assert.equal(bom.status, 201, bom.text);
      assert.deepEqual(await lines(bom.json.id), LINES);
      const cp949 = iconv.encode(CSV, 'cp949');
      assert.ok(!new TextDecoder('utf-8', { fatal: false }).decode(cp949).includes('행정안전부'), 'the bytes really are CP949');
      const auto = await importCsv(base, site.secretKey, cp949);
      assert.equal(auto.status, 201, auto.text);
      assert.deepEqual(await lines(auto.json.id), LINES);
      const declared = await importCsv(base, site.secretKey, cp949, { ...META, encoding: 'cp949' });
      assert.equal(declared.status, 201, declared.text);
      assert.deepEqual(await lines(declared.json.id), LINES);
      assert.equal(new Set([bom.json.id, auto.json.id, declared.json.id]).size, 3, 'different bytes or metadata, different datasets');

      // Declared UTF-8 but CP949 bytes: the line that is not UTF-8 is named; nothing imported.
      const wrong = await importCsv(base, site.secretKey, cp949, { ...META, encoding: 'utf-8' });
      assertProblem(wrong, 422, 'invalid-budget-file');
      assert.equal(wrong.json.errors[0].line, 1);
      assert.match(wrong.json.errors[0].detail, /not valid UTF-8/);
      // A UTF-8 BOM on a file declared CP949 is a contradiction.
      assertProblem(await importCsv(base, site.secretKey, '\uFEFF' + CSV, { ...META, encoding: 'cp949' }), 422, 'invalid-budget-file');
    });

    test(t('auto-detection looks past an ASCII start: CP949 first seen after 64 KiB'), async () => {
      const site = await srv.ops.createSite({ name: 'late korean', origins: [] });
      const filler = Array.from({ length: 2_000 }, (_, i) => `2024,010,General administration,${i + 1}`).join('\n');
      assert.ok(filler.length > 64 * 1024);
      const text = `year,field_code,field,amount\n${filler}\n2024,080,사회복지,7\n`;
      const r = await importCsv(base, site.secretKey, iconv.encode(text, 'cp949'), { ...META, phase: 'approved' });
      assert.equal(r.status, 201, r.text);
      const last = await get(base, site.publishableKey, `/v1/budgets/${r.json.id}/lines?offset=2000&limit=5`);
      assert.deepEqual(last.json.items.map((l: any) => [l.path[0].name, l.amount]), [['사회복지', 7]]);
    });

    test(t('multi-byte characters cut across chunk boundaries decode the same, in UTF-8 and CP949'), async () => {
      const site = await srv.ops.createSite({ name: 'chunks', origins: [] });
      for (const [encoding, bytes] of [
        ['utf-8', new TextEncoder().encode(CSV)],
        ['cp949', iconv.encode(CSV, 'cp949')],
      ] as const) {
        for (const size of [1, 2, 3, 7]) {
          const meta = { ...META, title: { ko: `${encoding} ${size}` } };
          const plan = planImport({ kind: 'csv', meta });
          const r = await runImport(srv.db, site.id, plan, [{ name: null, bytes: chunked(bytes, size) }]);
          assert.ok(r.created);
          const lines = await get(base, site.publishableKey, `/v1/budgets/${r.dataset.id}/lines?limit=1000`);
          assert.deepEqual(lines.json.items, LINES, `${encoding} in ${size}-byte chunks`);
        }
      }
    });

    test(t('amounts in 원, 천원, 백만원 and 억원 as the header says, or in the unit of the metadata'), async () => {
      const site = await srv.ops.createSite({ name: 'units', origins: [] });
      const amounts = async (csv: string, meta: object = META) => {
        const r = await importCsv(base, site.secretKey, csv, meta);
        assert.equal(r.status, 201, r.text);
        return (await get(base, site.publishableKey, `/v1/budgets/${r.json.id}/lines`)).json.items.map((l: any) => l.amount);
      };
      assert.deepEqual(await amounts('회계연도,분야명,예산액(원)\n2024,가,"1,234"\n'), [1234]);
      assert.deepEqual(await amounts('회계연도,분야명,예산액(천원)\n2024,가,"1,234"\n2024,나,0.5\n'), [1_234_000, 500]);
      assert.deepEqual(await amounts('회계연도,분야명,예산액 (백만원)\n2024,가,12.345678\n'), [12_345_678]);
      assert.deepEqual(await amounts('회계연도,분야명,금액(억원)\n2024,가,"6,733,000"\n', { ...META, phase: 'approved' }), [673_300_000_000_000]);
      assert.deepEqual(await amounts('회계연도,분야명,예산액\n2024,가,3\n', { ...META, unit: 'million' }), [3_000_000]);
      // A fraction of a won is not an amount.
      const r = await importCsv(base, site.secretKey, '회계연도,분야명,예산액(천원)\n2024,가,0.0001\n');
      assertProblem(r, 422, 'invalid-budget-file', '예산액(천원)');
    });

    test(t('a malformed file: every problem with its line, column and reason; nothing is imported'), async () => {
      const site = await srv.ops.createSite({ name: 'malformed', origins: [] });
      const before = { datasets: await count('budget_datasets'), lines: await count('budget_lines'), nodes: await count('budget_nodes') };
      const csv = [
        '회계연도,분야명,예산액',
        '2024,일반행정,100',
        '2024,,200',
        'abc,일반행정,300',
        '2024,일반행정,12원',
        '"2024",일반행정,"1',
        'x"',
      ].join('\n');
      const r = await importCsv(base, site.secretKey, csv);
      assertProblem(r, 422, 'invalid-budget-file', '분야명');
      assert.equal(r.json.errorCount, 4);
      assert.deepEqual(
        r.json.errors.map((e: any) => [e.line, e.column, e.detail]),
        [
          [3, '분야명', 'empty classification (분야)'],
          [4, '회계연도', 'not a fiscal year: "abc"'],
          [5, '예산액', 'not an amount in won: "12원"'],
          [6, '예산액', 'not an amount in won: "1\nx"'],
        ],
      );
      assert.equal(r.json.errors[0].pointer, '#row=3');
      assert.match(r.json.detail, /4 problems/);

      // A CSV syntax error (an unclosed quote) names its line too.
      const unclosed = await importCsv(base, site.secretKey, '회계연도,분야명,예산액\n2024,가,1\n2024,"나,2\n');
      assertProblem(unclosed, 422, 'invalid-budget-file');
      assert.match(unclosed.json.errors[0].detail, /not readable as CSV/);

      // An error after thousands of good lines (several INSERT batches) still leaves nothing behind.
      const good = Array.from({ length: 5_000 }, (_, i) => `2024,분야${i % 7},${i}`).join('\n');
      const late = await importCsv(base, site.secretKey, `회계연도,분야명,예산액\n${good}\n2024,분야,x\n`);
      assertProblem(late, 422, 'invalid-budget-file', '예산액');
      assert.deepEqual(late.json.errors.map((e: any) => e.line), [5_002]);

      // No header we know, and a file with a header only.
      const header = await importCsv(base, site.secretKey, 'a,b\n1,2\n');
      assertProblem(header, 422, 'invalid-budget-file');
      assert.deepEqual(header.json.errors.map((e: any) => e.line), [1, 1]);
      assertProblem(await importCsv(base, site.secretKey, '회계연도,분야명,예산액\n'), 422, 'invalid-budget-file');
      assertProblem(await importCsv(base, site.secretKey, ''), 422, 'invalid-budget-file');

      // 150 bad lines: 100 listed, all counted.
      const bad = Array.from({ length: 150 }, () => '2024,가,x').join('\n');
      const many = await importCsv(base, site.secretKey, `회계연도,분야명,예산액\n${bad}\n`);
      assert.equal(many.json.errors.length, 100);
      assert.equal(many.json.errorCount, 150);

      assert.deepEqual({ datasets: await count('budget_datasets'), lines: await count('budget_lines'), nodes: await count('budget_nodes') }, before);
      assert.deepEqual((await get(base, site.secretKey, '/v1/budgets')).json.items, []);
    });

    test(t('the same content twice is the same dataset (200); Idempotency-Key replays and refuses reuse'), async () => {
      const site = await srv.ops.createSite({ name: 'twice', origins: [] });
      const first = await importCsv(base, site.secretKey, CSV);
      assert.equal(first.status, 201);
      const again = await importCsv(base, site.secretKey, CSV);
      assert.equal(again.status, 200, again.text);
      assert.deepEqual(again.json, first.json);
      const cp949 = await importCsv(base, site.secretKey, iconv.encode(CSV, 'cp949'));
      assert.equal(cp949.status, 201, 'other bytes: another dataset');
      const otherMeta = await importCsv(base, site.secretKey, CSV, { ...META, asOf: '2025-04-01' });
      assert.equal(otherMeta.status, 201, 'other metadata: another dataset');
      assert.equal((await get(base, site.secretKey, '/v1/budgets')).json.items.length, 3);

      const key = randomUUID();
      const csv = '회계연도,분야명,예산액\n2024,가,1\n';
      const one = await importCsv(base, site.secretKey, csv, META, { idempotencyKey: key });
      assert.equal(one.status, 201);
      const replay = await importCsv(base, site.secretKey, csv, META, { idempotencyKey: key });
      assert.equal(replay.status, 201);
      assert.equal(replay.headers.get('idempotent-replayed'), 'true');
      assert.deepEqual(replay.json, one.json);
      assertProblem(await importCsv(base, site.secretKey, '회계연도,분야명,예산액\n2024,가,2\n', META, { idempotencyKey: key }), 422, 'idempotency-key-reused');
      const none = await fetch(`${base}/v1/budgets?meta=${encodeURIComponent(JSON.stringify(META))}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${site.secretKey}`, 'Content-Type': 'text/csv' },
        body: csv,
      });
      assert.equal(none.status, 400);
    });

    test(t('a Fiscal Data Package (multipart): columnTypes, factor and the descriptor’s metadata'), async () => {
      const site = await srv.ops.createSite({ name: 'fdp', origins: [] });
      const descriptor = readFileSync(join(EXAMPLES, 'datapackage.json'), 'utf8');
      const csv = readFileSync(join(EXAMPLES, 'mohw-2025-final.csv'));
      const r = await importMultipart(base, site.secretKey, [
        ['datapackage', descriptor],
        ['mohw-2025-final.csv', new Blob([new Uint8Array(csv)], { type: 'text/csv' })],
      ]);
      assert.equal(r.status, 201, r.text);
      assert.equal(r.json.title.ko, '보건복지부 2025년 예산 (국회 확정)');
      assert.equal(r.json.asOf, '2024-12-10');
      const v = await get(base, site.publishableKey, `/v1/budgets/${r.json.id}/view`);
      assert.deepEqual(
        v.json.rows.map((x: any) => [x.name, x.amount]),
        [
          ['사회복지', jo(107) + eok(1_868)],
          ['보건', jo(18) + eok(3_041)],
        ],
      );
      assert.equal(v.json.total.amount, jo(125) + eok(4_909));
      const lines = (await get(base, site.publishableKey, `/v1/budgets/${r.json.id}/lines`)).json.items;
      assert.deepEqual(lines[0].organization, { code: null, name: '보건복지부' });
      assert.match(lines[0].source, /Medical Times/);

      // The same package again: the same dataset. Metadata sent along overrides the descriptor's.
      const again = await importMultipart(base, site.secretKey, [
        ['datapackage', descriptor],
        ['mohw-2025-final.csv', new Blob([new Uint8Array(csv)])],
      ]);
      assert.equal(again.status, 200);
      assert.equal(again.json.id, r.json.id);
      const titled = await importMultipart(base, site.secretKey, [
        ['meta', JSON.stringify({ title: { ko: '다른 제목' } })],
        ['datapackage', descriptor],
        ['mohw-2025-final.csv', new Blob([new Uint8Array(csv)])],
      ]);
      assert.equal(titled.status, 201, titled.text);
      assert.equal(titled.json.title.ko, '다른 제목');

      // A wide resource (one value column per phase, via normalize) in CP949 with a delimiter.
      const wide = {
        name: 'wide',
        title: '넓은 표',
        sources: [{ title: '테스트', path: 'https://example.go.kr/budget' }],
        created: '2025-02-01T00:00:00Z',
        resources: [
          {
            path: 'data/wide.csv',
            encoding: 'euc-kr',
            dialect: { delimiter: ';' },
            schema: {
              fields: [
                { name: 'yr', columnType: 'date:fiscal-year' },
                { name: 'fn', columnType: 'functional-classification:generic:level1:label' },
                { name: 'fc', columnType: 'functional-classification:generic:level1:code:full' },
                { name: 'prog', columnType: 'activity:generic:program:label' },
                { name: 'econ', columnType: 'economic-classification:generic:level2:label' },
                { name: 'budget', columnType: 'value', factor: 1000, normalize: { phase: 'approved' } },
                { name: 'spent', columnType: 'value', factor: 1000, normalize: { phase: 'executed' } },
              ],
            },
          },
        ],
      };
      const wideCsv = iconv.encode('yr;fn;fc;prog;econ;budget;spent\n2024;사회복지;080;생계급여;업무추진비;10;9\n', 'cp949');
      const w = await importMultipart(base, site.secretKey, [
        ['datapackage', JSON.stringify(wide)],
        ['data/wide.csv', new Blob([new Uint8Array(wideCsv)])],
      ]);
      assert.equal(w.status, 201, w.text);
      assert.deepEqual({ title: w.json.title, source: w.json.source, asOf: w.json.asOf }, {
        title: { ko: '넓은 표' },
        source: { name: { ko: '테스트' }, url: 'https://example.go.kr/budget' },
        asOf: '2025-02-01',
      });
      const wl = (await get(base, site.publishableKey, `/v1/budgets/${w.json.id}/lines`)).json.items;
      assert.deepEqual(
        wl.map((l: any) => [l.phase, l.amount, l.path, l.item]),
        [
          ['approved', 10_000, [{ code: '080', name: '사회복지' }, { code: null, name: '생계급여' }], { code: null, name: '업무추진비' }],
          ['executed', 9_000, [{ code: '080', name: '사회복지' }, { code: null, name: '생계급여' }], { code: null, name: '업무추진비' }],
        ],
      );

      // Parts out of order or missing, a resource outside the package, a package without metadata.
      assertProblem(await importMultipart(base, site.secretKey, [['datapackage', descriptor], ['other.csv', new Blob([new Uint8Array(csv)])]]), 422, 'validation', 'other.csv');
      assertProblem(await importMultipart(base, site.secretKey, [['datapackage', descriptor]]), 422, 'validation', 'mohw-2025-final.csv');
      const escape = { ...wide, resources: [{ ...wide.resources[0], path: '../secret.csv' }] };
      assertProblem(await importMultipart(base, site.secretKey, [['datapackage', JSON.stringify(escape)]]), 422, 'validation', 'datapackage.resources.0.path');
      const bare = { resources: [{ path: 'a.csv' }] };
      assertProblem(await importMultipart(base, site.secretKey, [['datapackage', JSON.stringify(bare)], ['a.csv', new Blob(['회계연도,분야명,예산액\n2024,가,1\n'])]]), 422, 'validation', 'meta.title');
      assertProblem(await importMultipart(base, site.secretKey, [['datapackage', '{nope']]), 422, 'validation', 'datapackage');
      // A lone CSV as multipart: meta, then the part named file.
      const single = await importMultipart(base, site.secretKey, [['meta', JSON.stringify(META)], ['file', new Blob(['회계연도,분야명,예산액\n2024,가,5\n'])]]);
      assert.equal(single.status, 201, single.text);
    });

    test(t('bad requests are 4xx problems naming the field, never 5xx'), async () => {
      assertProblem(await importCsv(base, a.publishableKey, CSV), 403, 'forbidden');
      assertProblem(await importCsv(base, a.secretKey, CSV, null), 422, 'validation', 'meta');
      assertProblem(await importCsv(base, a.secretKey, CSV, { ...META, asOf: '2025-13-01' }), 422, 'validation', 'meta.asOf');
      assertProblem(await importCsv(base, a.secretKey, CSV, { ...META, encoding: 'latin1' }), 422, 'validation', 'meta.encoding');
      const notJson = await fetch(`${base}/v1/budgets?meta=%7Bnope`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${a.secretKey}`, 'Content-Type': 'text/csv', 'Idempotency-Key': randomUUID() },
        body: CSV,
      });
      assert.equal(notJson.status, 422);
      const json = await fetch(`${base}/v1/budgets`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${a.secretKey}`, 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
        body: '{}',
      });
      assert.equal(json.status, 415);
      // Content-Length over the limit: refused before a byte is read.
      const tooLarge = await new Promise<number>((resolve, reject) => {
        const req = request(`${base}/v1/budgets?meta=${encodeURIComponent(JSON.stringify(META))}`, {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${a.secretKey}`,
            'Content-Type': 'text/csv',
            'Idempotency-Key': randomUUID(),
            'Content-Length': String(300 * 1024 * 1024),
          },
        });
        req.on('response', (res) => {
          res.resume();
          resolve(res.statusCode!);
          req.destroy();
        });
        req.on('error', reject);
        req.write('회계연도,분야명,예산액\n');
      });
      assert.equal(tooLarge, 413);

      for (const [query, status, slug, field] of [
        ['?year=abc', 422, 'validation', 'year'],
        ['?year=1800', 422, 'validation', 'year'],
        ['?phase=final', 422, 'validation', 'phase'],
        ['?path=010%3E%3E011', 422, 'validation', 'path'],
        ['?path=%3E010', 422, 'validation', 'path'],
        ['?path=a%3Eb%3Ec%3Ed%3Ee', 422, 'validation', 'path'],
        ['?path=999', 404, 'not-found', 'path'],
        ['?path=010%3E999', 404, 'not-found', 'path'],
        ['?sort=size', 422, 'validation', 'sort'],
        ['?order=up', 422, 'validation', 'order'],
        ['?limit=0', 422, 'validation', 'limit'],
        ['?limit=10001', 422, 'validation', 'limit'],
        ['?offset=-1', 422, 'validation', 'offset'],
        ['?organization=A%00', 422, 'validation', 'organization'],
        ['?path=010%00', 422, 'validation', 'path'],
      ] as const) {
        assertProblem(await view(query), status, slug, field);
      }
      assertProblem(await get(base, a.publishableKey, `/v1/budgets/${ds.id}/comparison?item=nope`), 404, 'not-found', 'item');
      assertProblem(await get(base, a.publishableKey, `/v1/budgets/${ds.id}/comparison?item=%00`), 422, 'validation', 'item');
      assertProblem(await get(base, a.publishableKey, `/v1/budgets/${ds.id}/comparison?sort=share2`), 422, 'validation', 'sort');
      assertProblem(await get(base, a.publishableKey, `/v1/budgets/${ds.id}/lines?limit=1001`), 422, 'validation', 'limit');
      assertProblem(await get(base, a.publishableKey, `/v1/budgets/${ds.id}/lines?phase=x`), 422, 'validation', 'phase');
      assertProblem(await get(base, a.publishableKey, '/v1/budgets/bds_missing123456'), 404, 'not-found');
      assertProblem(await get(base, a.publishableKey, '/v1/budgets/not-an-id/view'), 404, 'not-found');
    });

    test(t('tenant isolation: another site’s keys cannot read, list or delete the dataset'), async () => {
      for (const path of ['', '/view', '/comparison', '/lines']) {
        assertProblem(await get(base, b.publishableKey, `/v1/budgets/${ds.id}${path}`), 404, 'not-found');
        assertProblem(await get(base, b.secretKey, `/v1/budgets/${ds.id}${path}`), 404, 'not-found');
      }
      assert.deepEqual((await get(base, b.publishableKey, '/v1/budgets')).json, { items: [] });
      const del = await fetch(`${base}/v1/budgets/${ds.id}`, { method: 'DELETE', headers: { Authorization: `Bearer ${b.secretKey}` } });
      assert.equal(del.status, 404);
      // The same content imported by site B is B's own dataset.
      const mine = await importCsv(base, b.secretKey, CSV);
      assert.equal(mine.status, 201);
      assert.notEqual(mine.json.id, ds.id);
    });

    test(t('CORS: the publishable key reads from an allowed origin'), async () => {
      const r = await fetch(`${base}/v1/budgets/${ds.id}/view`, { headers: { Authorization: `Bearer ${a.publishableKey}`, Origin: 'https://www.a.go.kr' } });
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('access-control-allow-origin'), 'https://www.a.go.kr');
      const other = await fetch(`${base}/v1/budgets/${ds.id}/view`, { headers: { Authorization: `Bearer ${a.publishableKey}`, Origin: 'https://evil.example' } });
      assert.equal(other.headers.get('access-control-allow-origin'), null);
    });

    // ------------------------------------------------------------------ the view

    test(t('view defaults: the latest year, approved; top level; sorted by amount, largest first; totals'), async () => {
      const v = await view();
      assert.equal(v.status, 200, v.text);
      BudgetView.parse(v.json);
      assert.deepEqual(v.json, {
        dataset: ds.id,
        year: 2025,
        phase: 'approved',
        path: [],
        // 1,400 + 6,000 + 0; previous: 1,200 + 5,000 (보건 has no 2024 line, so it adds nothing)
        total: fig(7_400 * M, 6_200 * M, null),
        rows: [
          row(P080, 1, { hasChildren: true, lineCount: 1, ...fig(6_000 * M, 5_000 * M, null) }),
          // 1,200 + 300 − 100 against 1,000 + 200
          row(P010, 1, { hasChildren: true, lineCount: 3, ...fig(1_400 * M, 1_200 * M, null) }),
          row(P090, 1, { hasChildren: false, lineCount: 1, ...fig(0, null, null) }),
        ],
        rowCount: 3,
        offset: 0,
      });
      assert.equal(v.json.total.change, 1_200 / 6_200);
      assert.equal(v.json.rows[1].change, 200 / 1_200);
    });

    test(t('view of 2024: executed amounts and execution rates; a phase the year lacks is an empty view'), async () => {
      const v = (await view('?year=2024')).json;
      assert.equal(v.phase, 'approved');
      assert.deepEqual(v.total, fig(6_200 * M, null, 6_050 * M));
      assert.deepEqual(
        v.rows.map((r: any) => [r.key, r.amount, r.executedAmount, r.executionRate]),
        [
          ['080', 5_000 * M, 5_000 * M, 1],
          ['010', 1_200 * M, 1_050 * M, 0.875],
        ],
      );
      const exec = (await view('?year=2024&phase=executed')).json;
      assert.deepEqual(exec.rows.map((r: any) => [r.key, r.amount, r.executionRate]), [
        ['080', 5_000 * M, 1],
        ['010', 1_050 * M, 1],
      ]);
      const proposed = (await view('?phase=proposed')).json;
      assert.deepEqual(proposed.rows, [row(P010, 1, { hasChildren: true, lineCount: 1, ...fig(1_300 * M, null, null) })]);
      for (const q of ['?year=2024&phase=adjusted', '?year=2030']) {
        const empty = (await view(q)).json;
        assert.deepEqual({ rows: empty.rows, rowCount: empty.rowCount, total: empty.total }, { rows: [], rowCount: 0, total: fig(0, null, null) }, q);
      }
      assert.equal((await view('?year=2030')).json.phase, 'approved', 'a year without lines defaults to approved');
    });

    test(t('drill-down by path: children, the breadcrumb, nodes without a code, lines that end at a node'), async () => {
      const v = (await view('?path=010')).json;
      assert.deepEqual(v.path, [P010]);
      assert.deepEqual(v.rows, [
        row(P011, 2, { hasChildren: true, lineCount: 2, ...fig(1_100 * M, 1_200 * M, null) }),
        row(P012, 2, { hasChildren: true, lineCount: 1, ...fig(300 * M, null, null) }),
      ]);
      assert.deepEqual(v.total, fig(1_400 * M, 1_200 * M, null));
      const deeper = (await view(`?path=${encodeURIComponent('010>011')}&year=2024`)).json;
      assert.deepEqual(deeper.path, [P010, P011]);
      assert.deepEqual(deeper.rows, [row(ELECTION, 3, { hasChildren: false, lineCount: 2, ...fig(1_200 * M, null, 1_050 * M) })]);
      const leaf = (await view(`?path=${encodeURIComponent('010>011>선거관리')}`)).json;
      assert.deepEqual(leaf.path, [P010, P011, ELECTION]);
      assert.deepEqual({ rows: leaf.rows, total: leaf.total }, { rows: [], total: fig(0, null, null) }, 'no line goes below 선거관리');
      // 보건 has lines that end at level 1: they are in its own amount, not in any child row.
      const health = (await view('?path=090')).json;
      assert.deepEqual({ path: health.path, rows: health.rows }, { path: [P090], rows: [] });
    });

    test(t('filters: organisation, q (case-insensitive, NFC, name or code), sorting with ties and nulls, paging'), async () => {
      assert.deepEqual((await view('?organization=B')).json.rows.map((r: any) => [r.key, r.amount, r.previousAmount]), [
        ['080', 6_000 * M, 5_000 * M],
        ['090', 0, null],
      ]);
      assert.deepEqual((await view('?organization=A')).json.total, fig(1_400 * M, 1_200 * M, null));
      assert.deepEqual((await view('?organization=Z')).json.rows, []);

      const q = async (s: string) => (await view(`?q=${encodeURIComponent(s)}`)).json;
      assert.deepEqual((await q('보건')).rows.map((r: any) => r.key), ['090']);
      assert.deepEqual((await q('보건'.normalize('NFD'))).rows.map((r: any) => r.key), ['090'], 'q in NFD matches');
      assert.deepEqual((await q('08')).rows.map((r: any) => r.key), ['080'], 'the code matches too');
      assert.deepEqual((await q('  행정 ')).rows.map((r: any) => r.key), ['010'], 'q is trimmed');
      assert.deepEqual((await q('보건')).total, fig(0, null, null), 'totals are over the matching rows');
      const site = await srv.ops.createSite({ name: 'latin', origins: [] });
      const latin = await importCsv(
        base,
        site.secretKey,
        '회계연도,분야코드,분야명,예산액\n2024,RND,Research and Development,5\n2024,soc,Roads,4\n2024,ap,apple,3\n2024,ga,가나,2\n',
      );
      const lq = async (s: string) => (await get(base, site.publishableKey, `/v1/budgets/${latin.json.id}/view?q=${s}`)).json.rows.map((r: any) => r.key);
      assert.deepEqual(await lq('research'), ['RND']);
      assert.deepEqual(await lq('rnd'), ['RND']);
      assert.deepEqual(await lq('SOC'), ['soc']);
      // Names by Korean collation: Hangul before Latin, Latin case-insensitive (code units would
      // put "Research" and "Roads" before "apple", and Hangul last). Codes by code units.
      const sorted = async (q: string) => (await get(base, site.publishableKey, `/v1/budgets/${latin.json.id}/view?${q}`)).json.rows.map((r: any) => r.name);
      assert.deepEqual(await sorted('sort=name'), ['가나', 'apple', 'Research and Development', 'Roads']);
      assert.deepEqual(await sorted('sort=name&order=desc'), ['Roads', 'Research and Development', 'apple', '가나']);
      assert.deepEqual(await sorted('sort=code'), ['Research and Development', 'apple', '가나', 'Roads'], 'RND < ap < ga < soc');

      const keys = async (s: string) => (await view(s)).json.rows.map((r: any) => r.key);
      assert.deepEqual(await keys('?sort=amount&order=asc'), ['090', '010', '080']);
      assert.deepEqual(await keys('?sort=name'), ['090', '080', '010'], '보건 < 사회복지 < 일반행정');
      assert.deepEqual(await keys('?sort=name&order=desc'), ['010', '080', '090']);
      assert.deepEqual(await keys('?sort=code'), ['010', '080', '090']);
      assert.deepEqual(await keys('?sort=change'), ['080', '010', '090'], 'null change last');
      assert.deepEqual(await keys('?sort=change&order=asc'), ['010', '080', '090'], 'null change last, ascending too');
      assert.deepEqual(await keys('?sort=execution'), ['010', '080', '090'], 'all null: by key');
      assert.deepEqual(await keys('?year=2024&sort=execution&order=asc'), ['010', '080']);

      const page = (await view('?limit=1&offset=1')).json;
      assert.deepEqual({ keys: page.rows.map((r: any) => r.key), rowCount: page.rowCount, offset: page.offset }, { keys: ['010'], rowCount: 3, offset: 1 });
      assert.deepEqual(page.total, fig(7_400 * M, 6_200 * M, null), 'totals cover every page');
      assert.deepEqual((await view('?offset=10')).json.rows, []);
    });

    test(t('organisation comparison: amount, per staff and share for an item, or for all items'), async () => {
      const c = async (q = '') => {
        const r = await get(base, a.publishableKey, `/v1/budgets/${ds.id}/comparison${q}`);
        assert.equal(r.status, 200, r.text);
        return BudgetComparison.parse(r.json);
      };
      const promo = await c('?item=210-01');
      assert.deepEqual(promo, {
        dataset: ds.id,
        year: 2025,
        phase: 'approved',
        item: PROMO,
        items: [TRAVEL, PROMO],
        rows: [
          { ...B, key: 'B', amount: 6_000 * M, headcount: 50, perStaff: (6_000 * M) / 50, share: 1 },
          // 1,200 − 100 of A's 1,400
          { ...A, key: 'A', amount: 1_100 * M, headcount: 100, perStaff: (1_100 * M) / 100, share: 1_100 / 1_400 },
        ],
      });
      const travel = await c('?item=220-01&sort=share');
      assert.deepEqual(travel.rows, [{ ...A, key: 'A', amount: 300 * M, headcount: 100, perStaff: 3 * M, share: 300 / 1_400 }], 'B has no such item');
      const all = await c('?sort=name');
      assert.deepEqual(all.item, null);
      assert.deepEqual(all.rows.map((r) => [r.name, r.amount, r.share]), [
        ['보건복지부', 6_000 * M, 1],
        ['행정안전부', 1_400 * M, 1],
      ]);
      assert.deepEqual((await c('?sort=perStaff&order=asc')).rows.map((r) => r.key), ['A', 'B']);
      const y2024 = await c('?year=2024&item=220-01');
      assert.deepEqual(y2024.rows.map((r) => [r.key, r.amount, r.share]), [['A', 200 * M, 200 / 1_200]]);
      assert.deepEqual((await c('?year=2024&phase=executed&item=210-01')).rows.map((r) => [r.key, r.amount]), [
        ['B', 5_000 * M],
        ['A', 900 * M],
      ]);
    });

    test(t('raw lines: filters by year and phase, paging, limit at most 1,000'), async () => {
      const l = async (q: string) => (await get(base, a.publishableKey, `/v1/budgets/${ds.id}/lines${q}`)).json;
      assert.deepEqual(await l('?year=2025&limit=2&offset=1'), { items: LINES.filter((x) => x.year === 2025).slice(1, 3), total: 6, offset: 1 });
      assert.deepEqual((await l('?phase=executed')).items, LINES.filter((x) => x.phase === 'executed'));
      assert.equal((await l('?phase=executed')).total, 3);
      assert.equal((await l('')).items.length, 12);
    });

    test(t('the OpenAPI document describes the budget routes, query parameters from the contract'), async () => {
      const doc = await (await fetch(`${base}/openapi.json`)).json();
      const params = (path: string, method: string) => doc.paths[path][method].parameters.map((p: any) => `${p.in}:${p.name}`);
      assert.deepEqual(params('/v1/budgets/{id}/view', 'get'), [
        'path:id',
        ...['year', 'phase', 'path', 'organization', 'q', 'sort', 'order', 'offset', 'limit'].map((n) => `query:${n}`),
      ]);
      assert.deepEqual(params('/v1/budgets/{id}/comparison', 'get'), ['path:id', ...['year', 'phase', 'item', 'sort', 'order'].map((n) => `query:${n}`)]);
      const view = doc.paths['/v1/budgets/{id}/view'].get.parameters;
      assert.deepEqual(view.find((p: any) => p.name === 'year').schema, { type: 'integer', minimum: 1948, maximum: 2100 });
      assert.deepEqual(view.find((p: any) => p.name === 'phase').schema.enum, ['proposed', 'approved', 'adjusted', 'executed']);
      assert.equal(view.find((p: any) => p.name === 'limit').schema.maximum, 10_000);
      const post = doc.paths['/v1/budgets'].post;
      assert.deepEqual(Object.keys(post.requestBody.content), ['text/csv', 'multipart/form-data']);
      assert.deepEqual(Object.keys(post.responses), ['200', '201', '400', '401', '403', '409', '413', '415', '422', '429', '431', '500']);
      assert.ok(post.responses['422']['x-problem-types'].includes('/problems/invalid-budget-file'));
      assert.ok(doc.paths['/v1/budgets/{id}'].delete);
    });

    test(t('delete: the dataset and its lines go; the secret key only'), async () => {
      const site = await srv.ops.createSite({ name: 'delete', origins: [] });
      const r = await importCsv(base, site.secretKey, CSV);
      const before = await count('budget_lines');
      const del = async (key: string) =>
        fetch(`${base}/v1/budgets/${r.json.id}`, { method: 'DELETE', headers: { Authorization: `Bearer ${key}` } });
      assert.equal((await del(site.publishableKey)).status, 403);
      const ok = await del(site.secretKey);
      assert.equal(ok.status, 200);
      assert.deepEqual(await ok.json(), { id: r.json.id, deleted: true });
      assert.equal(await count('budget_lines'), before - 12);
      assert.equal((await del(site.secretKey)).status, 404);
      assert.equal((await get(base, site.publishableKey, `/v1/budgets/${r.json.id}/view`)).status, 404);
    });

    test(t('the demo site gets the example datasets, figures as in the sources'), async () => {
      const demo = await srv.ops.demo();
      const pk = demo.site.publishableKey;
      const v = async (id: string, q = '') => (await get(base, pk, `/v1/budgets/${id}/view${q}`)).json;
      const fields = await v(demo.budgets.fields2024);
      assert.deepEqual({ year: fields.year, phase: fields.phase, rows: fields.rowCount }, { year: 2024, phase: 'proposed', rows: 12 });
      assert.deepEqual(fields.rows[0], { ...fields.rows[0], name: '보건·복지·고용', amount: eok(2_428_000) });
      assert.equal(fields.rows.find((r: any) => r.name === '문화·체육·관광').amount, eok(87_300));
      // The fields overlap: they add up to 660.73 trillion won, more than total expenditure (656.9).
      assert.equal(fields.total.amount, eok(6_607_300));
      const totals = await v(demo.budgets.totals);
      assert.deepEqual(totals.rows.map((r: any) => [r.name, r.amount, r.previousAmount]), [['총지출', eok(6_733_000), eok(6_566_000)]]);
      const proposal = await v(demo.budgets.totals, '?phase=proposed');
      assert.deepEqual(proposal.rows.map((r: any) => [r.amount, r.previousAmount]), [[eok(6_774_000), eok(6_569_000)]]);
      assert.equal(proposal.rows[0].amount - totals.rows[0].amount, eok(41_000), 'the Assembly cut 4.1 trillion won');
      const mohw = await v(demo.budgets.mohw2025);
      assert.equal(mohw.total.amount, jo(125) + eok(4_909));
      const lines = (await get(base, pk, `/v1/budgets/${demo.budgets.fields2024}/lines?limit=20`)).json.items;
      assert.ok(lines.every((l: any) => /연합뉴스 2023-08-29/.test(l.source)), 'every line carries its source');
      // Idempotent: a second demo() finds the same datasets.
      assert.deepEqual((await srv.ops.demo()).budgets, demo.budgets);
    });
  });
}
